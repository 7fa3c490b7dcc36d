-- Every raw CRM merge row, typed, with the reason it cannot be used (null
-- when it can). One row per raw row.
with

source as (

    select * from {{ source('crm', 'contact_merges') }}

),

contacts as (

    select distinct contact_id
    from {{ ref('base_crm__contacts') }}
    where reject_reason is null

),

typed as (

    select
        -- ids
        {{ clean_text('merged_contact_id') }} as merged_contact_id,
        {{ clean_text('surviving_contact_id') }} as surviving_contact_id,

        -- timestamps
        {{ parse_timestamp('merged_at') }} as merged_at,
        {{ clean_text('merged_at') }} as merged_at_raw,

        -- landing metadata
        {{ landing_metadata() }}

    from source

),

validated as (

    select
        typed.*,
        case
            when typed.merged_contact_id is null
                then 'missing_merged_contact_id'
            when typed.surviving_contact_id is null
                then 'missing_surviving_contact_id'
            when typed.merged_contact_id = typed.surviving_contact_id
                then 'self_merge'
            when typed.merged_at_raw is null then 'missing_merged_at'
            when typed.merged_at is null then 'unparseable_merged_at'
            when {{ is_future_timestamp('typed.merged_at', 'typed.loaded_at') }}
                then 'future_merged_at'
            when contacts.contact_id is null
                then 'orphan_surviving_contact_id'
        end as reject_reason
    from typed
    left join contacts
        on typed.surviving_contact_id = contacts.contact_id

)

select * from validated
