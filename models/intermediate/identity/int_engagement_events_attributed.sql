-- Engagement events that belong to a lead, at their real time: events of the
-- contact itself, of contacts merged into it, and of web visitors tied to it
-- (including their anonymous visits before the tie). Unknown event types
-- are kept (int_engagement_events_scored flags them). Activity of visitors
-- never tied to a contact stays anonymous and is not here. Incremental: a
-- run attributes the events staged since it last wrote, and again those of
-- contacts and visitors whose lead changed since then (a merge, a visitor
-- tied late), stamped with this run (attributed_at), with the lead the
-- event was on before (previous_lead_id): a new winning delivery may move
-- it, and the lead it left is recomputed too.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='event_id',
    on_schema_change='fail',
) }}

with

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

visitors as (

    select * from {{ ref('int_visitors_identified') }}

),

{% if is_incremental() %}
last_written as (

    select max(attributed_at) as attributed_at from {{ this }}

),

events as (

    select * from {{ ref('stg_crm__engagement_events') }}
    where
        staged_at > (select attributed_at from last_written)
        or contact_id in (
            select contact_id from contacts_resolved
            where resolved_at > (select attributed_at from last_written)
        )
        or anonymous_id in (
            select anonymous_id from visitors
            where resolved_at > (select attributed_at from last_written)
        )

),
{% else %}
events as (

    select * from {{ ref('stg_crm__engagement_events') }}

),
{% endif %}

{% if is_incremental() %}
previous as (

    select event_id, lead_id from {{ this }}
    where event_id in (select events.event_id from events)

),
{% else %}
previous as (

    select
        cast(null as {{ dbt.type_string() }}) as event_id,
        cast(null as {{ dbt.type_string() }}) as lead_id
    where 1 = 0

),
{% endif %}

attributed as (

    select
        -- ids
        events.event_id,
        coalesce(contacts_resolved.lead_id, visitors.lead_id) as lead_id,
        previous.lead_id as previous_lead_id,
        events.contact_id,
        events.anonymous_id,

        -- strings
        events.event_type,
        lower(events.url) as url,
        events.campaign,
        case
            when contacts_resolved.is_merged_away then 'merged_contact'
            when contacts_resolved.lead_id is not null then 'contact'
            else 'visitor'
        end as attributed_via,

        -- timestamps
        events.occurred_at,
        events.loaded_at,
        {{ staging_run_time() }} as attributed_at

    from events
    left join contacts_resolved
        on events.contact_id = contacts_resolved.contact_id
    left join visitors
        on events.anonymous_id = visitors.anonymous_id
    left join previous
        on events.event_id = previous.event_id
    where coalesce(contacts_resolved.lead_id, visitors.lead_id) is not null

)

select * from attributed
