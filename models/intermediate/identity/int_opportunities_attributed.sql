-- Opportunities with the lead they belong to (opportunities of a
-- merged-away contact belong to its survivor).
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

attributed as (

    select
        -- ids
        opportunities.opportunity_id,
        contacts_resolved.lead_id,
        opportunities.contact_id,

        -- strings
        opportunities.status,

        -- numerics
        opportunities.amount,

        -- booleans
        opportunities.is_won,
        opportunities.is_closed,

        -- timestamps
        opportunities.created_at,
        opportunities.closed_at

    from opportunities
    inner join contacts_resolved
        on opportunities.contact_id = contacts_resolved.contact_id

)

select * from attributed
