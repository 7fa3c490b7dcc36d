-- Every raw sales activity row, typed, with the reason it cannot be used
-- (null when it can). One row per raw row.
with

source as (

    select * from {{ source('crm', 'sales_activities') }}

),

known_contacts as (

    {{ known_contact_ids() }}

),

typed as (

    select
        -- ids
        {{ clean_text('activity_id') }} as activity_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('rep_id') }} as rep_id,

        -- strings
        lower({{ clean_text('activity_type') }}) as activity_type,

        -- timestamps
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        {{ clean_text('occurred_at') }} as occurred_at_raw,

        -- landing metadata
        {{ landing_metadata() }}

    from source

),

validated as (

    select
        typed.*,
        case
            when typed.activity_id is null then 'missing_activity_id'
            when typed.contact_id is null then 'missing_contact_id'
            when typed.occurred_at_raw is null then 'missing_occurred_at'
            when typed.occurred_at is null then 'unparseable_occurred_at'
            when {{ is_future_timestamp('typed.occurred_at', 'typed.loaded_at') }}
                then 'future_occurred_at'
            when known_contacts.contact_id is null then 'orphan_contact_id'
        end as reject_reason
    from typed
    left join known_contacts
        on typed.contact_id = known_contacts.contact_id

)

select * from validated
