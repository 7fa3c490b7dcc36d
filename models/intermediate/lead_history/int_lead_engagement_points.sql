-- One row per point that moves a lead's engagement score in a cycle (an
-- event's award, or a velocity bonus under its action's event_id), with
-- when it expires (null when it never does, or a recycle resets it first)
-- and what a category cap lets through of the award and of the expiry.
-- int_lead_engagement_changes, a view, unfolds each row into the change
-- log's rows (up to four): stored this way a point is one row (at 1M
-- contacts 16M rows instead of 30M). Clock-free: an expiry due next year
-- is here, dated when it happens.
with

categories as (

    select * from {{ ref('stg_rules__score_categories') }}

),

-- what can move the score: events and bonuses (a bonus moves under its own
-- id and names its action's event). Two steps read it: DuckDB stores it
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
        scoring_points.lead_id,
        scoring_points.cycle_number,
        scoring_points.category,
        scoring_points.rule_id,
        scoring_points.movement_id,
        scoring_points.event_id,
        scoring_points.is_velocity,
        scoring_points.awarded_points,
        scoring_points.occurred_at as awarded_at,
        -- points still active when a recycle ends their cycle never expire
        -- (the reset takes them)
        case
            when
                scoring_points.cycle_ended_at is null
                or scoring_points.expires_at < scoring_points.cycle_ended_at
                then scoring_points.expires_at
        end as expires_at,
        cap_reachable.lead_id is not null as can_reach_cap
    from scoring_points
    left join cap_reachable
        on
            scoring_points.lead_id = cap_reachable.lead_id
            and scoring_points.cycle_number = cap_reachable.cycle_number
            and scoring_points.category = cap_reachable.category
    where scoring_points.awarded_points != 0

),

-- where a cap can act, each point's award and expiry are two movements of
-- the category's active total
movements as (

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        movement_id,
        event_id,
        is_velocity,
        false as is_expiry,
        case when is_velocity then 'velocity' else 'award' end as reason,
        awarded_at as changed_at,
        awarded_points as delta
    from points_by_path
    where can_reach_cap

    union all

    select
        lead_id,
        cycle_number,
        category,
        rule_id,
        movement_id,
        event_id,
        is_velocity,
        true as is_expiry,
        case when is_velocity then 'velocity_expiry' else 'expiry' end as reason,
        expires_at as changed_at,
        -awarded_points as delta
    from points_by_path
    where can_reach_cap and expires_at is not null

),

-- the category's active total after each movement (one running sum; less
-- the movement itself, the total before it), capped on both sides. Ties
-- are ordered by reason and movement_id, so the result never depends on
-- the engine.
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

),

-- what the score sees of each movement
capped_movements as (

    select
        *,
        least(active_total, max_active_points)
        - least(active_total - delta, max_active_points) as visible_delta
    from running_totals

),

-- paired back into one row per point (an event's points, or a bonus:
-- event_id, is_velocity and rule_id name it), in the columns and order of
-- the uncapped points below
capped_points as (

    select
        lead_id,
        event_id,
        rule_id,
        category,
        cycle_number,
        max(case when not is_expiry then delta end) as awarded_points,
        -- sums of integers widen (to 128 bits on DuckDB): points fit one
        cast(max(case when not is_expiry then visible_delta end) as integer)
            as award_visible_points,
        cast(max(case when is_expiry then visible_delta end) as integer)
            as expiry_visible_points,
        is_velocity,
        max(case when not is_expiry then changed_at end) as awarded_at,
        max(case when is_expiry then changed_at end) as expires_at
    from capped_movements
    group by lead_id, event_id, rule_id, category, cycle_number, is_velocity

),

points as (

    select
        -- ids
        lead_id,
        event_id,
        rule_id,

        -- strings
        category,

        -- numerics
        cycle_number,
        awarded_points,
        awarded_points as award_visible_points,
        case when expires_at is not null then -awarded_points end as expiry_visible_points,

        -- booleans
        is_velocity,

        -- timestamps
        awarded_at,
        expires_at

    from points_by_path
    where not can_reach_cap

    union all

    select * from capped_points

)

select *{{ lead_bucket_column() }} from points
