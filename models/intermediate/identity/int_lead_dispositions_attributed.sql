-- Sales dispositions with the lead they belong to (dispositions of a
-- merged-away contact belong to its survivor).
with

dispositions as (

    select * from {{ ref('stg_crm__lead_dispositions') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

attributed as (

    select
        -- ids
        dispositions.disposition_id,
        contacts_resolved.lead_id,
        dispositions.contact_id,
        dispositions.rep_id,

        -- strings
        dispositions.disposition,
        dispositions.disposition_reason,

        -- timestamps
        dispositions.decided_at

    from dispositions
    inner join contacts_resolved
        on dispositions.contact_id = contacts_resolved.contact_id

)

select * from attributed
