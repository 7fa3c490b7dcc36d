-- One row per web visitor (anonymous_id) that some event tied to a contact:
-- the first such event decides which lead the visitor is. Incremental: a
-- run looks again only at visitors with a linking event staged since this
-- model last wrote, or whose linking contact changed lead (a merge), and
-- writes those whose lead or first link changed, stamped with this run
-- (resolved_at) and with the lead it was tied to before (previous_lead_id):
-- a visitor tied to a lead brings its old events along.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='anonymous_id',
    on_schema_change='fail',
) }}

with

events as (

    select * from {{ ref('stg_crm__engagement_events') }}
    where anonymous_id is not null and contact_id is not null

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

{% if is_incremental() %}
last_written as (

    select max(resolved_at) as resolved_at from {{ this }}

),

candidates as (

    select distinct events.anonymous_id
    from events
    cross join last_written
    where events.staged_at > last_written.resolved_at

    union

    select visitors.anonymous_id
    from {{ this }} as visitors
    inner join contacts_resolved
        on visitors.linking_contact_id = contacts_resolved.contact_id
    cross join last_written
    where contacts_resolved.resolved_at > last_written.resolved_at

),

candidate_events as (

    select * from events
    where anonymous_id in (select anonymous_id from candidates)

),
{% else %}
candidate_events as (

    select * from events

),
{% endif %}

links as (

    select
        candidate_events.anonymous_id,
        contacts_resolved.lead_id,
        candidate_events.contact_id,
        candidate_events.event_id,
        candidate_events.occurred_at,
        row_number() over (
            partition by candidate_events.anonymous_id
            order by candidate_events.occurred_at, candidate_events.event_id
        ) as link_rank
    from candidate_events
    inner join contacts_resolved
        on candidate_events.contact_id = contacts_resolved.contact_id

),

first_links as (

    select * from links
    where link_rank = 1

),

{% if is_incremental() %}
changed as (

    select
        first_links.*,
        previous.lead_id as previous_lead_id
    from first_links
    left join {{ this }} as previous
        on first_links.anonymous_id = previous.anonymous_id
    where
        previous.anonymous_id is null
        or previous.lead_id != first_links.lead_id
        or previous.linking_event_id != first_links.event_id

),
{% else %}
changed as (

    select
        first_links.*,
        cast(null as {{ dbt.type_string() }}) as previous_lead_id
    from first_links

),
{% endif %}

final as (

    select
        -- ids
        anonymous_id,
        lead_id,
        previous_lead_id,
        contact_id as linking_contact_id,
        event_id as linking_event_id,

        -- timestamps
        occurred_at as identified_at,
        {{ staging_run_time() }} as resolved_at

    from changed

)

select * from final
