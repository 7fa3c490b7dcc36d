-- What each event and velocity bonus does to its category's engagement,
-- before caps: one row per movement, for each cycle (a recycle starts a
-- new one).
--   award            an event's points, when they move the score
--   expiry           those points leaving after the rule's expiry days
--   velocity         a velocity rule's bonus for a burst of actions
--                    (int_engagement_velocity_bonuses), dated at the action
--                    that completed it
--   velocity_expiry  the bonus leaving after its rule's expiry days
-- with the category's active total after it. int_lead_engagement_changes
-- turns them into the change log, applying the category caps. A table of
-- its own: the window over every movement is the change log's costliest
-- step, and the caps and the resets both read its result. Clock-free: an
-- expiry due next year is here, dated when it happens.
with

scored_events as (

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        event_id,
        awarded_points,
        occurred_at,
        expires_at,
        cycle_ended_at
    from {{ ref('int_engagement_events_scored') }}
    {{ affected_leads_filter() }}

),

-- the events that moved the score, with only what the log needs: both
-- branches of `movements` read this, so it is kept narrow
scoring_events as (

    select * from scored_events
    where awarded_points != 0

),

velocity_bonuses as (

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        event_id,
        velocity_bonus_id,
        awarded_points,
        occurred_at,
        expires_at,
        cycle_ended_at
    from {{ ref('int_engagement_velocity_bonuses') }}
    {{ affected_leads_filter() }}

),

scoring_bonuses as (

    select * from velocity_bonuses
    where awarded_points != 0

),

-- every award, bonus and expiry, before caps: a reset ends a cycle, so
-- points still active at the reset never expire later. A bonus shares its
-- action's event_id, so its movements carry the bonus's own id
-- (movement_id) and reasons of their own until the rule is joined back
movements as (

    select
        lead_id,
        cycle_number,
        category,
        event_id as movement_id,
        'award' as reason,
        occurred_at as changed_at,
        awarded_points as delta
    from scoring_events

    union all

    select
        lead_id,
        cycle_number,
        category,
        event_id as movement_id,
        'expiry' as reason,
        expires_at as changed_at,
        -awarded_points as delta
    from scoring_events
    where
        expires_at is not null
        and (cycle_ended_at is null or expires_at < cycle_ended_at)

    union all

    select
        lead_id,
        cycle_number,
        category,
        velocity_bonus_id as movement_id,
        'velocity' as reason,
        occurred_at as changed_at,
        awarded_points as delta
    from scoring_bonuses

    union all

    select
        lead_id,
        cycle_number,
        category,
        velocity_bonus_id as movement_id,
        'velocity_expiry' as reason,
        expires_at as changed_at,
        -awarded_points as delta
    from scoring_bonuses
    where
        expires_at is not null
        and (cycle_ended_at is null or expires_at < cycle_ended_at)

),

-- a category's visible contribution is its active total, capped; one
-- running sum gives the total after each movement and, less the movement
-- itself, the total before it, so both sides are capped without a second
-- pass over the rows
-- (the window carries only what it needs: at 30M movements each column it
-- drags along costs memory; the rule is joined after it, the cap in
-- int_lead_engagement_changes)
running_totals as (

    select
        *,
        sum(delta) over (
            partition by lead_id, cycle_number, category
            order by changed_at, reason, movement_id
            rows between unbounded preceding and current row
        ) as active_total
    from movements

),

-- what each movement came from: an event, or a velocity bonus (which
-- names its action's event). Keyed by both the id and the kind, so an event
-- id can never meet a bonus id and no movement fans out (an equality, not
-- a filter on one side: that would not be a hash join). An event's own id
-- is not copied: the hash table holds a row per scoring event
movement_sources as (

    select
        event_id as movement_id,
        false as is_velocity,
        cast(null as {{ dbt.type_string() }}) as bonus_event_id,
        rule_id
    from scoring_events

    union all

    select
        velocity_bonus_id as movement_id,
        true as is_velocity,
        event_id as bonus_event_id,
        rule_id
    from scoring_bonuses

),

movements_with_sources as (

    select
        running_totals.lead_id,
        running_totals.cycle_number,
        running_totals.category,
        running_totals.movement_id,
        running_totals.reason,
        running_totals.changed_at,
        running_totals.delta,
        running_totals.active_total,
        coalesce(movement_sources.bonus_event_id, running_totals.movement_id) as event_id,
        movement_sources.rule_id
    from running_totals
    inner join movement_sources
        on
            running_totals.movement_id = movement_sources.movement_id
            and (running_totals.reason in ('velocity', 'velocity_expiry'))
            = movement_sources.is_velocity

)

select *{{ lead_bucket_column() }} from movements_with_sources
