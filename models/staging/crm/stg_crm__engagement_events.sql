-- One row per engagement event: the first usable delivery of each event_id.
-- Unknown event types are kept here (intermediate flags them), never
-- dropped. Incremental: a run re-ranks only the event ids that have a
-- delivery staged since the last run (a new event, a re-delivery, an
-- orphan whose contact arrived), over all their deliveries.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='event_id',
    on_schema_change='fail',
) }}

with

events as (

    select * from {{ ref('base_crm__engagement_events') }}
    where reject_reason is null

),

{% if is_incremental() %}
newly_staged as (

    select distinct event_id from events
    where staged_at > (
        select coalesce(max(staged_at), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
        from {{ this }}
    )

),

events_to_rank as (

    select * from events
    where event_id in (select event_id from newly_staged)

),
{% else %}
events_to_rank as (

    select * from events

),
{% endif %}

-- most events arrive once: only ids delivered more than once are ranked
-- (a window over every event would sort the whole table)
delivery_counts as (

    select
        event_id,
        count(*) as deliveries
    from events_to_rank
    group by event_id

),

counted as (

    select
        events_to_rank.*,
        delivery_counts.deliveries
    from events_to_rank
    inner join delivery_counts
        on events_to_rank.event_id = delivery_counts.event_id

),

single_deliveries as (

    select
        *,
        1 as delivery_rank
    from counted
    where deliveries = 1

),

redeliveries_ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by loaded_at, source_file, source_row
        ) as delivery_rank
    from counted
    where deliveries > 1

),

earliest_deliveries as (

    select * from single_deliveries
    union all
    select * from redeliveries_ranked
    where delivery_rank = 1

),

first_deliveries as (

    select
        -- ids
        event_id,
        contact_id,
        anonymous_id,

        -- strings
        event_type,
        url,
        campaign,

        -- timestamps
        occurred_at,
        loaded_at,
        {{ staging_run_time() }} as staged_at

    from earliest_deliveries

)

select * from first_deliveries
