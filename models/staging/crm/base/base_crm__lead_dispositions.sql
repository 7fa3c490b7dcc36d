-- Every raw lead disposition row, typed, with the reason it cannot be used
-- (null when it can). One row per raw row.
with

source as (

    select * from {{ source('crm', 'lead_dispositions') }}

),

known_contacts as (

    {{ known_contact_ids() }}

),

dispositions as (

    select value as disposition
    from {{ ref('crm_value_domains') }}
    where domain = 'disposition'

),

typed as (

    select
        -- ids
        {{ clean_text('disposition_id') }} as disposition_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('rep_id') }} as rep_id,

        -- strings
        lower({{ clean_text('disposition') }}) as disposition,
        {{ clean_text('reason') }} as disposition_reason,

        -- timestamps
        {{ parse_timestamp('decided_at') }} as decided_at,
        {{ clean_text('decided_at') }} as decided_at_raw,

        -- landing metadata
        {{ landing_metadata() }}

    from source

),

validated as (

    select
        typed.*,
        case
            when typed.disposition_id is null then 'missing_disposition_id'
            when typed.contact_id is null then 'missing_contact_id'
            when dispositions.disposition is null then 'unknown_disposition'
            when typed.decided_at_raw is null then 'missing_decided_at'
            when typed.decided_at is null then 'unparseable_decided_at'
            when {{ is_future_timestamp('typed.decided_at', 'typed.loaded_at') }}
                then 'future_decided_at'
            when known_contacts.contact_id is null then 'orphan_contact_id'
        end as reject_reason
    from typed
    left join dispositions
        on typed.disposition = dispositions.disposition
    left join known_contacts
        on typed.contact_id = known_contacts.contact_id

),

-- when the row arrived with its current outcome (see staged_at_of_rows)
stamped as (

    select
        validated.*,
        {{ staged_at_of_rows('validated') }} as staged_at
    from validated

)

select * from stamped
