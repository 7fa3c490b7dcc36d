-- Every raw opportunity row, typed, with the reason it cannot be used (null
-- when it can). One row per raw row.
with

source as (

    select * from {{ source('crm', 'opportunities') }}

),

known_contacts as (

    {{ known_contact_ids() }}

),

statuses as (

    select value as status
    from {{ ref('crm_value_domains') }}
    where domain = 'opportunity_status'

),

typed as (

    select
        -- ids
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('contact_id') }} as contact_id,

        -- strings
        lower({{ clean_text('status') }}) as status,

        -- numerics
        {{ try_cast(clean_text('amount'), 'decimal(18, 2)') }} as amount,

        -- timestamps
        {{ parse_timestamp('created_at') }} as created_at,
        {{ clean_text('created_at') }} as created_at_raw,
        {{ parse_timestamp('closed_at') }} as closed_at,
        {{ clean_text('closed_at') }} as closed_at_raw,

        -- landing metadata
        {{ landing_metadata() }}

    from source

),

validated as (

    select
        typed.*,
        case
            when typed.opportunity_id is null then 'missing_opportunity_id'
            when typed.contact_id is null then 'missing_contact_id'
            when statuses.status is null then 'unknown_opportunity_status'
            when typed.created_at_raw is null then 'missing_created_at'
            when typed.created_at is null then 'unparseable_created_at'
            when typed.closed_at_raw is not null and typed.closed_at is null
                then 'unparseable_closed_at'
            when {{ is_future_timestamp('typed.created_at', 'typed.loaded_at') }}
                then 'future_created_at'
            when {{ is_future_timestamp('typed.closed_at', 'typed.loaded_at') }}
                then 'future_closed_at'
            when typed.closed_at < typed.created_at
                then 'closed_before_created'
            when known_contacts.contact_id is null then 'orphan_contact_id'
        end as reject_reason
    from typed
    left join statuses
        on typed.status = statuses.status
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
