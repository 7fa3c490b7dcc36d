-- Engagement's part of the score change log: one row per change a lead's
-- events and velocity bonuses make to its engagement score, in a cycle.
--   award     an event's points, when they move the score
--   velocity  a velocity rule's bonus (int_engagement_velocity_bonuses),
--             dated at the action that completed the burst (its event_id)
--   expiry    those points (or the bonus) leaving after the rule's expiry
--   cap       the part of an award, bonus or expiry a category cap absorbs
--             (or releases), when the category's active total crosses it
-- What a recycle resets is int_lead_engagement_resets. Clock-free: an
-- expiry due next year is here, dated when it happens.
with

categories as (

    select * from {{ ref('stg_rules__score_categories') }}

),

-- what can move the score: events and bonuses (a bonus moves under its own
-- id and names its action's event). Every step reads it: DuckDB stores it
scoring_points as (

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        event_id as movement_id,
        event_id,
        false as is_velocity,
        awarded_points,
        occurred_at,
        expires_at,
        cycle_ended_at
    from {{ ref('int_engagement_events_scored') }}
    {{ affected_leads_filter() }}

    union all

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        velocity_bonus_id as movement_id,
        event_id,
        true as is_velocity,
        awarded_points,
        occurred_at,
        expires_at,
        cycle_ended_at
    from {{ ref('int_engagement_velocity_bonuses') }}
    {{ affected_leads_filter() }}

),

-- a category's active total in a cycle never exceeds the sum of its
-- points' sizes, so a cap can only act where that sum passes it (about 4
-- in 10 points at 1M contacts). Only those go through the running total, a
-- sort; the rest move the score as they are. One hash aggregate decides.
cap_reachable as (

    select
        scoring_points.lead_id,
        scoring_points.cycle_number,
        scoring_points.category
    from scoring_points
    inner join categories
        on scoring_points.category = categories.category
    where categories.max_active_points is not null
    group by
        scoring_points.lead_id,
        scoring_points.cycle_number,
        scoring_points.category,
        categories.max_active_points
    having sum(abs(scoring_points.awarded_points)) > categories.max_active_points

),

points_by_path as {{ inline_cte() }} (

    select
        scoring_points.*,
        cap_reachable.lead_id is not null as can_reach_cap
    from scoring_points
    left join cap_reachable
        on
            scoring_points.lead_id = cap_reachable.lead_id
            and scoring_points.cycle_number = cap_reachable.cycle_number
            and scoring_points.category = cap_reachable.category

),

-- every award, bonus and expiry before caps: points still active when a
-- recycle ends their cycle never expire (the reset takes them)
movements as {{ inline_cte() }} (

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        movement_id,
        event_id,
        is_velocity,
        can_reach_cap,
        case when is_velocity then 'velocity' else 'award' end as reason,
        occurred_at as changed_at,
        awarded_points as delta
    from points_by_path
    where awarded_points != 0

    union all

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        movement_id,
        event_id,
        is_velocity,
        can_reach_cap,
        case when is_velocity then 'velocity_expiry' else 'expiry' end as reason,
        expires_at as changed_at,
        -awarded_points as delta
    from points_by_path
    where
        awarded_points != 0
        and expires_at is not null
        and (cycle_ended_at is null or expires_at < cycle_ended_at)

),

-- where a cap can act: the category's active total after each movement (one
-- running sum; less the movement itself, the total before it), capped on
-- both sides. Ties are ordered by reason and movement_id, so the result
-- never depends on the engine.
running_totals as (

    select
        movements.*,
        categories.max_active_points,
        sum(movements.delta) over (
            partition by movements.lead_id, movements.cycle_number, movements.category
            order by movements.changed_at, movements.reason, movements.movement_id
            rows between unbounded preceding and current row
        ) as active_total
    from movements
    inner join categories
        on movements.category = categories.category
    where movements.can_reach_cap

),

capped_movements as (

    select
        *,
        least(active_total, max_active_points)
        - least(active_total - delta, max_active_points) as visible_delta
    from running_totals

),

visible_movements as (

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        event_id,
        is_velocity,
        reason,
        changed_at,
        delta,
        delta as visible_delta
    from movements
    where not can_reach_cap

    union all

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        event_id,
        is_velocity,
        reason,
        changed_at,
        delta,
        visible_delta
    from capped_movements

),

-- each visible movement gives its own row, and a `cap` row for the part a
-- cap absorbs (negative) or releases (positive). A bonus's rows name its
-- rule in their cause, so they never share an id with its action's rows
row_kinds as (

    select 'movement' as row_kind
    union all
    select 'cap' as row_kind

),

changes as (

    select
        visible_movements.lead_id,
        visible_movements.cycle_number,
        visible_movements.changed_at,
        -- sums of integers widen (to 128 bits on DuckDB): points fit one
        cast(case
            when row_kinds.row_kind = 'cap'
                then visible_movements.visible_delta - visible_movements.delta
            else visible_movements.delta
        end as integer) as delta,
        visible_movements.rule_id,
        visible_movements.category,
        case
            when row_kinds.row_kind = 'cap' then 'cap'
            when visible_movements.reason = 'velocity_expiry' then 'expiry'
            else visible_movements.reason
        end as reason,
        visible_movements.event_id,
        case
            when visible_movements.is_velocity
                then {{ dbt.concat([
                    "case when visible_movements.reason = 'velocity' then 'velocity' else 'expiry' end",
                    "'@'",
                    "visible_movements.rule_id",
                ]) }}
            else visible_movements.reason
        end as cause
    from visible_movements
    cross join row_kinds
    where
        visible_movements.visible_delta != 0
        and (
            row_kinds.row_kind = 'movement'
            or visible_movements.visible_delta != visible_movements.delta
        )

)

select *{{ lead_bucket_column() }} from changes
