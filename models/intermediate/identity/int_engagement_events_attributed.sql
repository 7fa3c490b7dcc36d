-- Engagement events that belong to a lead, at their real time: events of the
-- contact itself, of contacts merged into it, and of web visitors tied to it
-- (including their anonymous visits before the tie). Activity of visitors
-- never tied to a contact stays anonymous and is not here.
with

events as (

    select * from {{ ref('stg_crm__engagement_events') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

visitors as (

    select * from {{ ref('int_visitors_identified') }}

),

attributed as (

    select
        -- ids
        events.event_id,
        coalesce(contacts_resolved.lead_id, visitors.lead_id) as lead_id,
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

        -- booleans
        events.is_known_event_type,

        -- timestamps
        events.occurred_at,
        events.loaded_at

    from events
    left join contacts_resolved
        on events.contact_id = contacts_resolved.contact_id
    left join visitors
        on events.anonymous_id = visitors.anonymous_id
    where coalesce(contacts_resolved.lead_id, visitors.lead_id) is not null

)

select * from attributed
