-- Every raw engagement event row, typed and normalised, with the reason it
-- cannot be used (null when it can). One row per raw row.
with

source as (

    select * from {{ source('crm', 'engagement_events') }}

),

known_contacts as (

    {{ known_contact_ids() }}

),

typed as (

    select
        -- ids
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,

        -- strings
        lower({{ clean_text('event_type') }}) as event_type,
        {{ clean_text('url') }} as url,
        {{ clean_text('campaign') }} as campaign,

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
            when typed.event_id is null then 'missing_event_id'
            when typed.event_type is null then 'missing_event_type'
            when typed.occurred_at_raw is null then 'missing_occurred_at'
            when typed.occurred_at is null then 'unparseable_occurred_at'
            when {{ is_future_timestamp('typed.occurred_at', 'typed.loaded_at') }}
                then 'future_occurred_at'
            when typed.contact_id is null and typed.anonymous_id is null
                then 'missing_contact_and_anonymous_id'
            when typed.contact_id is not null and known_contacts.contact_id is null
                then 'orphan_contact_id'
        end as reject_reason
    from typed
    left join known_contacts
        on typed.contact_id = known_contacts.contact_id

)

select * from validated
