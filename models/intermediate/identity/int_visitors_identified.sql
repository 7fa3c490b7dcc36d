-- One row per web visitor (anonymous_id) that some event tied to a contact:
-- the first such event decides which lead the visitor is.
with

events as (

    select * from {{ ref('stg_crm__engagement_events') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

links as (

    select
        events.anonymous_id,
        contacts_resolved.lead_id,
        events.event_id,
        events.occurred_at,
        row_number() over (
            partition by events.anonymous_id
            order by events.occurred_at, events.event_id
        ) as link_rank
    from events
    inner join contacts_resolved
        on events.contact_id = contacts_resolved.contact_id
    where events.anonymous_id is not null

),

first_links as (

    select
        -- ids
        anonymous_id,
        lead_id,
        event_id as linking_event_id,

        -- timestamps
        occurred_at as identified_at

    from links
    where link_rank = 1

)

select * from first_links
