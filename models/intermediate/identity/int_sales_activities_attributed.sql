-- Sales activities with the lead they belong to (activities of a
-- merged-away contact belong to its survivor).
with

activities as (

    select * from {{ ref('stg_crm__sales_activities') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

attributed as (

    select
        -- ids
        activities.activity_id,
        contacts_resolved.lead_id,
        activities.contact_id,
        activities.rep_id,

        -- strings
        activities.activity_type,

        -- timestamps
        activities.occurred_at

    from activities
    inner join contacts_resolved
        on activities.contact_id = contacts_resolved.contact_id

)

select * from attributed
