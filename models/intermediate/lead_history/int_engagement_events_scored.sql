-- One row per attributed engagement event with the rule that scored it and
-- the points it earned. Of the rules matching an event, one wins: a rule
-- with a URL pattern beats one without, then the lowest priority, then the
-- first rule_id. Events beyond a rule's per-lead count (within an engagement
-- cycle) earn nothing; unknown event types match no rule and earn nothing.

with

-- only what scoring reads: the rule count below is a window over every
-- event, and each column it carries costs memory at 20M events. What an
-- event was (URL, campaign, how it reached the lead) stays in
-- int_engagement_events_attributed, one join on event_id away.
events as (

    select
        event_id,
        lead_id,
        event_type,
        url,
        occurred_at
    from {{ ref('int_engagement_events_attributed') }}
    {{ affected_leads_filter() }}

),

rules as (

    select * from {{ ref('stg_rules__engagement_rules') }}

),

cycles as (

    select * from {{ ref('int_lead_cycles') }}

),

-- flagged here, not when the event is attributed: the lead history is
-- recomputed when the value domains change
known_event_types as (

    select value as event_type
    from {{ ref('crm_value_domains') }}
    where domain = 'event_type'

),

-- rules are matched once per distinct (event type, URL), not per event:
-- there are far fewer of those than events
event_kinds as (

    select distinct
        event_type,
        url
    from events

),

matching_rules as (

    select
        event_kinds.event_type,
        event_kinds.url,
        rules.rule_id,
        row_number() over (
            partition by event_kinds.event_type, event_kinds.url
            order by
                case when rules.has_url_pattern then 0 else 1 end,
                rules.priority,
                rules.rule_id
        ) as match_rank
    from event_kinds
    inner join rules
        on
            event_kinds.event_type = rules.event_type
            and (not rules.has_url_pattern or event_kinds.url like rules.url_pattern)

),

winning_rules as (

    select * from matching_rules
    where match_rank = 1

),

events_in_cycles as (

    select
        events.*,
        cycles.cycle_number,
        cycles.ended_at as cycle_ended_at
    from events
    inner join cycles
        on
            events.lead_id = cycles.lead_id
            and (cycles.started_at is null or events.occurred_at >= cycles.started_at)
            and (cycles.ended_at is null or events.occurred_at < cycles.ended_at)

),

-- the rule count is a window over every event: it carries only the rule's
-- id, and what the rule awards is joined on after it (20 rules), so the
-- sort holds less per event at 20M events
counted as (

    select
        events_in_cycles.event_id,
        events_in_cycles.lead_id,
        events_in_cycles.event_type,
        events_in_cycles.occurred_at,
        events_in_cycles.cycle_number,
        events_in_cycles.cycle_ended_at,
        winning_rules.rule_id,
        case
            when winning_rules.rule_id is not null
                then cast(row_number() over (
                    partition by
                        events_in_cycles.lead_id,
                        events_in_cycles.cycle_number,
                        winning_rules.rule_id
                    order by events_in_cycles.occurred_at, events_in_cycles.event_id
                ) as integer)
        end as rule_occurrence
    from events_in_cycles
    left join winning_rules
        on
            events_in_cycles.event_type = winning_rules.event_type
            and coalesce(events_in_cycles.url, '') = coalesce(winning_rules.url, '')

),

counted_with_rules as (

    select
        counted.*,
        known_event_types.event_type is not null as is_known_event_type,
        rules.category,
        rules.points as rule_points,
        rules.max_count_per_lead,
        rules.expires_after_days
    from counted
    left join rules
        on counted.rule_id = rules.rule_id
    left join known_event_types
        on counted.event_type = known_event_types.event_type

),

scored as (

    select
        -- ids
        event_id,
        lead_id,
        rule_id,

        -- strings
        event_type,
        category,

        -- numerics
        cycle_number,
        rule_points,
        rule_occurrence,
        max_count_per_lead,
        expires_after_days,
        case
            when rule_id is null then 0
            when {{ is_over_rule_count() }} then 0
            else rule_points
        end as awarded_points,

        -- booleans
        is_known_event_type,
        {{ is_over_rule_count() }} as is_over_rule_count,

        -- timestamps
        occurred_at,
        {{ award_expires_at() }} as expires_at,
        cycle_ended_at

    from counted_with_rules

)

select *{{ lead_bucket_column() }} from scored
