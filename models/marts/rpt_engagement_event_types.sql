-- One row per event type among the events of existing leads, as of the
-- reference time: how many there are, how many a rule scored, and whether
-- the type is known. Where an unscored type shows (the run's warning, the
-- demo summary, a BI tile), read from one aggregate instead of every event.
with

events as (

    select
        lead_id,
        event_type,
        rule_id,
        is_known_event_type
    from {{ ref('int_engagement_events_scored') }}
    where occurred_at <= {{ scoring_reference_time() }}

),

-- leads created by the reference time (macros/scoring_reference_time.sql)
existing_leads as (

    {{ leads_existing_as_of() }}

),

event_types as (

    select
        events.event_type,
        count(*) as events,
        count(events.rule_id) as scored_events,
        bool_and(events.is_known_event_type) as is_known_event_type
    from events
    inner join existing_leads
        on events.lead_id = existing_leads.lead_id
    group by events.event_type

),

final as (

    select
        -- strings
        event_type,

        -- numerics
        cast(events as bigint) as events,
        cast(scored_events as bigint) as scored_events,

        -- booleans
        is_known_event_type,
        scored_events > 0 as is_scored_by_a_rule

    from event_types

)

select * from final
