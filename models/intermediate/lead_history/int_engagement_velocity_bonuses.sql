-- One row per velocity bonus: a lead doing a velocity rule's min_actions
-- matching actions within its within_days days, once per burst
-- (seeds/_seeds.yml, velocity_rules). Per lead, cycle and rule, each
-- action stays in the window for within_days days; the bonus goes to the
-- action that brings the actions in the window to min_actions when the
-- previous action found fewer. So a burst earns once however long it lasts,
-- and a later burst earns again. Bonuses past the rule's per-cycle count
-- earn nothing; expiry and category caps are applied with the other points
-- in int_lead_engagement_points.
-- No self-join and no recursion: the window's content is a running count of
-- actions entering (+1) and leaving (-1, within_days later), which runs in
-- one sort whatever N and D are, on DuckDB and Spark alike.

with

rules as (

    select * from {{ ref('stg_rules__velocity_rules') }}

),

attributed_events as (

    select
        event_id,
        lead_id,
        event_type,
        url,
        occurred_at
    from {{ ref('int_engagement_events_attributed') }}
    {{ affected_leads_filter() }}

),

-- only the few event types a velocity rule counts, of all the events
events as (

    select * from attributed_events
    where event_type in (select rules.event_type from rules)

),

cycles as (

    select * from {{ ref('int_lead_cycles') }}
    {{ affected_leads_filter() }}

),

-- every action each rule counts, in the engagement cycle it falls in (the
-- same cycle int_engagement_events_scored puts the event in)
actions as (

    select
        events.event_id,
        events.lead_id,
        events.occurred_at,
        rules.rule_id,
        rules.min_actions,
        rules.within_days,
        cycles.cycle_number,
        cycles.ended_at as cycle_ended_at
    from events
    inner join rules
        on
            events.event_type = rules.event_type
            and (not rules.has_url_pattern or events.url like rules.url_pattern)
    inner join cycles
        on
            events.lead_id = cycles.lead_id
            and (cycles.started_at is null or events.occurred_at >= cycles.started_at)
            and (cycles.ended_at is null or events.occurred_at < cycles.ended_at)

),

-- each action enters the window when it happens (+1) and leaves it
-- within_days later (-1)
window_steps as (

    select
        *,
        occurred_at as stepped_at,
        1 as step
    from actions

    union all

    select
        *,
        {{ dbt.dateadd('day', 'within_days', 'occurred_at') }} as stepped_at,
        -1 as step
    from actions

),

-- the actions in the window after each step; at one instant leaving comes
-- first, so an action exactly within_days old is out of the window
window_counts as (

    select
        *,
        sum(step) over (
            partition by lead_id, cycle_number, rule_id
            order by stepped_at, step, event_id
            rows between unbounded preceding and current row
        ) as actions_in_window
    from window_steps

),

-- at each action: the actions in its window, itself included, and what the
-- previous action found in its own
arrivals as (

    select
        *,
        lag(actions_in_window) over (
            partition by lead_id, cycle_number, rule_id
            order by occurred_at, event_id
        ) as previous_actions_in_window
    from window_counts
    where step = 1

),

-- the action that completes a burst: the window reaches min_actions (one
-- arrival adds one, so exactly) where the previous action found fewer
bursts as (

    select * from arrivals
    where
        actions_in_window >= min_actions
        and coalesce(previous_actions_in_window, 0) < min_actions

),

counted as (

    select
        bursts.event_id,
        bursts.lead_id,
        bursts.rule_id,
        bursts.cycle_number,
        bursts.min_actions,
        bursts.within_days,
        bursts.occurred_at,
        bursts.cycle_ended_at,
        rules.category,
        rules.points as rule_points,
        rules.max_count_per_lead,
        rules.expires_after_days,
        cast(row_number() over (
            partition by bursts.lead_id, bursts.cycle_number, bursts.rule_id
            order by bursts.occurred_at, bursts.event_id
        ) as integer) as rule_occurrence
    from bursts
    inner join rules
        on bursts.rule_id = rules.rule_id

),

bonuses as (

    select
        -- ids
        -- unique: a rule rewards an action at most once (rule ids have no ':')
        {{ dbt.concat(["rule_id", "':'", "event_id"]) }} as velocity_bonus_id,
        lead_id,
        rule_id,
        event_id,

        -- strings
        category,

        -- numerics
        cycle_number,
        min_actions,
        within_days,
        rule_points,
        rule_occurrence,
        max_count_per_lead,
        expires_after_days,
        case
            when {{ is_over_rule_count() }} then 0
            else rule_points
        end as awarded_points,

        -- booleans
        {{ is_over_rule_count() }} as is_over_rule_count,

        -- timestamps
        occurred_at,
        {{ award_expires_at() }} as expires_at,
        cycle_ended_at

    from counted

)

select *{{ lead_bucket_column() }} from bonuses
