-- Every raw engagement event row, typed and normalised, with the reason it
-- cannot be used (null when it can). One row per raw row. Incremental: each
-- run types only the raw rows that landed since the last run (see
-- macros/staging_window.sql); the pre-hook re-checks earlier orphans, whose
-- contact may have arrived since, and restages those it now knows.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ leadflow.restage_resolved_orphans() }}",
) }}

with

source as (

    select raw_events.*
    from {{ source('crm', 'engagement_events') }} as raw_events
    {{ raw_rows_to_stage('raw_events') }}

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

new_rows as (

    select * from typed
    {{ not_yet_staged('typed') }}

),

validated as (

    select
        -- ids
        new_rows.event_id,
        new_rows.contact_id,
        new_rows.anonymous_id,

        -- strings
        new_rows.event_type,
        new_rows.url,
        new_rows.campaign,

        -- timestamps: the raw text only where it says more than the typed
        -- value (it did not parse). Nothing reads it, and at 1M a copy of
        -- this 20M-row table took 21.8 s with every row's text, 15.8 s
        -- without
        new_rows.occurred_at,
        case
            when new_rows.occurred_at is null then new_rows.occurred_at_raw
        end as occurred_at_raw,

        -- landing metadata
        new_rows.loaded_at,
        new_rows.source_file,
        new_rows.source_row,

        case
            when new_rows.event_id is null then 'missing_event_id'
            when new_rows.event_type is null then 'missing_event_type'
            when new_rows.occurred_at_raw is null then 'missing_occurred_at'
            when new_rows.occurred_at is null then 'unparseable_occurred_at'
            when {{ is_future_timestamp('new_rows.occurred_at', 'new_rows.loaded_at') }}
                then 'future_occurred_at'
            when new_rows.contact_id is null and new_rows.anonymous_id is null
                then 'missing_contact_and_anonymous_id'
            when new_rows.contact_id is not null and known_contacts.contact_id is null
                then 'orphan_contact_id'
        end as reject_reason,
        {{ staging_run_time() }} as staged_at
    from new_rows
    left join known_contacts
        on new_rows.contact_id = known_contacts.contact_id

)

select * from validated
