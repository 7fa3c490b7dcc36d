-- Engagement's part of the score change log: one row per change a lead's
-- events make to its engagement score, for each cycle (a recycle starts a
-- new one).
--   award     an event's points, when they move the score
--   velocity  a velocity rule's bonus for a burst of actions
--             (int_engagement_velocity_bonuses), dated at the action that
--             completed it and carrying that action's event_id
--   expiry    those points (or the bonus) leaving the score after the
--             rule's expiry days
--   cap       the part of an award, bonus or expiry a category cap absorbs
--             (or releases), when the category's active total crosses it
--   reset     a recycle zeroing the engagement score (a new cycle begins)
-- Clock-free: an expiry due next year is here, dated when it happens.
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

categories as (

    select * from {{ ref('stg_rules__score_categories') }}

),

cycles as (

    select * from {{ ref('int_lead_cycles') }}
    {{ affected_leads_filter() }}

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
-- drags along costs memory; the rule and the cap are joined after it)
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

capped_totals as (

    select
        running_totals.*,
        movement_sources.is_velocity,
        coalesce(movement_sources.bonus_event_id, running_totals.movement_id) as event_id,
        movement_sources.rule_id,
        categories.max_active_points
    from running_totals
    inner join categories
        on running_totals.category = categories.category
    inner join movement_sources
        on
            running_totals.movement_id = movement_sources.movement_id
            and (running_totals.reason in ('velocity', 'velocity_expiry'))
            = movement_sources.is_velocity

),

visible_changes as (

    select
        *,
        case
            when max_active_points is not null and active_total > max_active_points
                then max_active_points
            else active_total
        end
        - case
            when
                max_active_points is not null
                and active_total - delta > max_active_points
                then max_active_points
            else active_total - delta
        end as visible_delta
    from capped_totals

),

-- each visible movement gives its own row, and a `cap` row for the part a
-- cap absorbs (negative) or releases (positive): one pass over the
-- movements makes both kinds (two selects would store the movements first).
-- A bonus's expiry is an `expiry`; the cause of a bonus's rows names its
-- rule, so they never share an id with its action's own rows
row_kinds as (

    select 'movement' as row_kind
    union all
    select 'cap' as row_kind

),

engagement_changes as (

    select
        visible_changes.lead_id,
        visible_changes.cycle_number,
        visible_changes.changed_at,
        case
            when row_kinds.row_kind = 'cap'
                then visible_changes.visible_delta - visible_changes.delta
            else visible_changes.delta
        end as delta,
        visible_changes.rule_id,
        visible_changes.category,
        case
            when row_kinds.row_kind = 'cap' then 'cap'
            when visible_changes.reason = 'velocity_expiry' then 'expiry'
            else visible_changes.reason
        end as reason,
        visible_changes.event_id,
        case
            when visible_changes.is_velocity
                then {{ dbt.concat([
                    "case when visible_changes.reason = 'velocity' then 'velocity' else 'expiry' end",
                    "'@'",
                    "visible_changes.rule_id",
                ]) }}
            else visible_changes.reason
        end as cause
    from visible_changes
    cross join row_kinds
    where
        visible_changes.visible_delta != 0
        and (
            row_kinds.row_kind = 'movement'
            or visible_changes.visible_delta != visible_changes.delta
        )

),

-- what a recycle resets: the engagement a cycle ended with. A category's
-- visible changes add up to its capped total at the end, and its total at
-- the end is every award and bonus of the cycle less the expiries before
-- it ended (the others never happen), so this reads the few recycled
-- cycles' events and bonuses instead of summing the change log again
ended_cycle_points as (

    select
        lead_id,
        cycle_number,
        category,
        awarded_points,
        expires_at,
        cycle_ended_at
    from scoring_events
    where cycle_ended_at is not null

    union all

    select
        lead_id,
        cycle_number,
        category,
        awarded_points,
        expires_at,
        cycle_ended_at
    from scoring_bonuses
    where cycle_ended_at is not null

),

category_totals as (

    select
        ended_cycle_points.lead_id,
        ended_cycle_points.cycle_number,
        categories.max_active_points,
        sum(
            case
                when
                    ended_cycle_points.expires_at is null
                    or ended_cycle_points.expires_at >= ended_cycle_points.cycle_ended_at
                    then ended_cycle_points.awarded_points
                else 0
            end
        ) as active_total
    from ended_cycle_points
    inner join categories
        on ended_cycle_points.category = categories.category
    group by
        ended_cycle_points.lead_id,
        ended_cycle_points.cycle_number,
        ended_cycle_points.category,
        categories.max_active_points

),

cycle_totals as (

    select
        lead_id,
        cycle_number,
        sum(
            case
                when max_active_points is not null and active_total > max_active_points
                    then max_active_points
                else active_total
            end
        ) as engagement_total
    from category_totals
    group by lead_id, cycle_number

),

resets as (

    select
        cycles.lead_id,
        cycles.cycle_number,
        cycles.started_at as changed_at,
        -cycle_totals.engagement_total as delta,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        cast(null as {{ dbt.type_string() }}) as category,
        'reset' as reason,
        cast(null as {{ dbt.type_string() }}) as event_id,
        cycles.recycle_disposition_id as cause
    from cycles
    inner join cycle_totals
        on
            cycles.lead_id = cycle_totals.lead_id
            and cycles.cycle_number = cycle_totals.cycle_number + 1
    where cycle_totals.engagement_total != 0

),

all_changes as (

    select * from engagement_changes
    union all
    select * from resets

),

-- sums of integers widen (to 128 bits on DuckDB): points fit an integer
changes as (

    select
        lead_id,
        cycle_number,
        changed_at,
        cast(delta as integer) as delta,
        rule_id,
        category,
        reason,
        event_id,
        cause
    from all_changes

)

select *{{ lead_bucket_column() }} from changes
