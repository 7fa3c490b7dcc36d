-- One row per identity that resolves to a lead: every CRM contact (the
-- surviving one, and each contact merged into it) and every web visitor
-- tied to it. `leadflow explain` finds a lead from any of its contact ids
-- here, and analysts join CRM or web ids to leads through it.
{{ config(materialized='view') }}

with

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

visitors as (

    select * from {{ ref('int_visitors_identified') }}

),

-- leads created by the reference time (macros/scoring_reference_time.sql)
existing_leads as (

    {{ leads_existing_as_of() }}

),

identities as (

    select
        contact_id as identity_id,
        'contact' as identity_type,
        lead_id,
        cast(null as {{ dbt.type_string() }}) as linking_event_id,
        is_merged_away,
        merged_at as linked_at
    from contacts

    union all

    select
        anonymous_id as identity_id,
        'web_visitor' as identity_type,
        lead_id,
        linking_event_id,
        false as is_merged_away,
        identified_at as linked_at
    from visitors

),

final as (

    select
        -- ids
        identities.identity_id,
        identities.lead_id,
        identities.linking_event_id,

        -- strings
        identities.identity_type,

        -- booleans
        identities.is_merged_away,

        -- timestamps
        identities.linked_at

    from identities
    inner join existing_leads
        on identities.lead_id = existing_leads.lead_id

)

select * from final
