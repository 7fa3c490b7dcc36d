-- One row per engagement event: the first delivery of each event_id. Unknown
-- event types are kept (and flagged), never dropped.
with

events as (

    select * from {{ ref('base_crm__engagement_events') }}
    where reject_reason is null

),

known_event_types as (

    select value as event_type
    from {{ ref('crm_value_domains') }}
    where domain = 'event_type'

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by loaded_at, source_file, source_row
        ) as delivery_rank
    from events

),

first_deliveries as (

    select
        -- ids
        ranked.event_id,
        ranked.contact_id,
        ranked.anonymous_id,

        -- strings
        ranked.event_type,
        ranked.url,
        ranked.campaign,

        -- booleans
        known_event_types.event_type is not null as is_known_event_type,

        -- timestamps
        ranked.occurred_at,
        ranked.loaded_at

    from ranked
    left join known_event_types
        on ranked.event_type = known_event_types.event_type
    where ranked.delivery_rank = 1

)

select * from first_deliveries
