-- One row per lead: every contact that was not merged away, with its latest
-- attributes and what identity resolution folded into it.
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

visitors as (

    select * from {{ ref('int_visitors_identified') }}

),

merged_counts as (

    select
        lead_id,
        count(*) as merged_contact_count
    from contacts_resolved
    where is_merged_away
    group by lead_id

),

visitor_counts as (

    select
        lead_id,
        count(*) as visitor_count
    from visitors
    group by lead_id

),

leads as (

    select
        -- ids
        contacts.contact_id as lead_id,

        -- strings
        contacts.email,
        contacts.email_domain,
        contacts.first_name,
        contacts.last_name,
        contacts.job_title,
        contacts.company_name,
        contacts.industry,
        contacts.country_code,
        contacts.lead_source,

        -- numerics
        contacts.company_size,
        coalesce(merged_counts.merged_contact_count, 0) as merged_contact_count,
        coalesce(visitor_counts.visitor_count, 0) as visitor_count,

        -- booleans
        contacts.is_email_valid,

        -- timestamps
        contacts.created_at,
        contacts.updated_at

    from contacts
    inner join contacts_resolved
        on contacts.contact_id = contacts_resolved.contact_id
    left join merged_counts
        on contacts.contact_id = merged_counts.lead_id
    left join visitor_counts
        on contacts.contact_id = visitor_counts.lead_id
    where not contacts_resolved.is_merged_away

)

select * from leads
