-- The leads this run recomputes in the lead history models: the leads
-- reached by what arrived since the last processed run (the watermark in
-- int_lead_history_state), found from arrival stamps alone, never by
-- scanning history:
--   * events attributed since then (new or late events, re-deliveries,
--     orphans whose contact arrived, events moved by a merge or a visitor
--     tied late): their lead;
--   * contacts and visitors whose lead changed (merges, visitor links): the
--     new lead and the one before, so a lead merged away loses its rows;
--   * events attributed to another lead than before (a new winning
--     delivery): the lead they left too;
--   * contact rows (new contacts, new versions), dispositions and
--     opportunities staged since then: their lead, and for a disposition or
--     opportunity every lead an earlier row of the same record was on (a
--     resync may move it to another contact);
--   * the leads of a run that stopped before writing the state (a failed
--     test, a kill): their history may be half rewritten;
--   * everyone, when a rule (seed or threshold var) changed, on a first run
--     and on a full refresh;
--   * on Spark, where the stamped models are rebuilt whole by every run,
--     the leads whose input fingerprint (int_lead_input_fingerprints)
--     differs from the one the last processed run recorded
--     (int_lead_history_input_state), instead of the stamps above.
-- A later run with no new raw data recomputes no lead.
-- depends_on: {{ ref('int_engagement_events_attributed') }}
{#- (read only when a state exists, so never at parse time) -#}
{%- set state = lead_history_state() %}
{%- set by_stamps = lead_history_delta_method() == 'arrival_stamps' %}
{#- this model as the previous run left it: its leads are recomputed again
    when that run did not get as far as the state (run_started_at after
    the state's processed_through) -#}
{#- (not with fingerprints: the fingerprints the next run compares with are
    only written once the lead history is, and a Parquet table is dropped
    before its replacement is written) -#}
{%- set previous = load_relation(this)
    if execute and not flags.FULL_REFRESH and by_stamps else none %}
{%- set processed_inputs = lead_history_input_state() if not by_stamps else none %}

with

leads as (

    select lead_id from {{ ref('int_leads') }}

),

rules as (

    select * from {{ ref('int_lead_history_rules') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

visitors as (

    select * from {{ ref('int_visitors_identified') }}

),

contact_rows as (

    select * from {{ ref('base_crm__contacts') }}

),

disposition_rows as (

    select * from {{ ref('base_crm__lead_dispositions') }}

),

opportunity_rows as (

    select * from {{ ref('base_crm__opportunities') }}

),

-- the last processed run; none on a first run or a full refresh, when every
-- stamp is news and the rules count as changed: everyone is recomputed
state as (

    {% if state is not none -%}
    select
        rules_fingerprint,
        processed_through
    from {{ state }}
    {%- else -%}
    select
        cast(null as {{ dbt.type_bigint() }}) as rules_fingerprint,
        cast('1900-01-01' as {{ dbt.type_timestamp() }}) as processed_through
    {%- endif %}

),

unfinished as (

    {% if previous is not none -%}
    select previous.lead_id
    from {{ previous }} as previous
    where previous.run_started_at > (select state.processed_through from state)
    {%- else -%}
    select cast(null as {{ dbt.type_string() }}) as lead_id
    where 1 = 0
    {%- endif %}

),

watermark as (

    select {{ lead_history_watermark() }} as processed_through

),

arrived_rows as (

    select contact_id from contact_rows
    where staged_at > (select watermark.processed_through from watermark)
    union all
    select contact_id from disposition_rows
    where
        disposition_id in (
            select arrived.disposition_id from disposition_rows as arrived
            where arrived.staged_at > (select watermark.processed_through from watermark)
        )
    union all
    select contact_id from opportunity_rows
    where
        opportunity_id in (
            select arrived.opportunity_id from opportunity_rows as arrived
            where arrived.staged_at > (select watermark.processed_through from watermark)
        )

),

reached as (

    {% if by_stamps -%}
    {%- if state is not none %}
    -- (on a first run or a full refresh everyone is reached below: reading
    -- every event's stamp would cost a pass over all events for nothing)
    select lead_id from {{ ref('int_engagement_events_attributed') }}
    where attributed_at > (select watermark.processed_through from watermark)

    union all

    select previous_lead_id as lead_id from {{ ref('int_engagement_events_attributed') }}
    where attributed_at > (select watermark.processed_through from watermark)

    union all
    {% endif %}
    select lead_id from unfinished

    union all

    select contacts_resolved.lead_id
    from arrived_rows
    inner join contacts_resolved
        on arrived_rows.contact_id = contacts_resolved.contact_id

    union all

    select lead_id from contacts_resolved
    where resolved_at > (select watermark.processed_through from watermark)

    union all

    select previous_lead_id as lead_id from contacts_resolved
    where resolved_at > (select watermark.processed_through from watermark)

    union all

    select lead_id from visitors
    where resolved_at > (select watermark.processed_through from watermark)

    union all

    select previous_lead_id as lead_id from visitors
    where resolved_at > (select watermark.processed_through from watermark)

    {%- elif processed_inputs is not none -%}
    -- a lead whose inputs changed, appeared or vanished since the last
    -- processed run
    select coalesce(current_inputs.lead_id, processed_inputs.lead_id) as lead_id
    from {{ ref('int_lead_input_fingerprints') }} as current_inputs
    full outer join {{ processed_inputs }} as processed_inputs
        on current_inputs.lead_id = processed_inputs.lead_id
    where
        current_inputs.input_fingerprint is distinct from processed_inputs.input_fingerprint
    {%- else -%}
    -- no fingerprints processed yet: every lead
    select lead_id from {{ ref('int_lead_input_fingerprints') }}
    {%- endif %}

    union all

    -- a rule changed: everyone
    select leads.lead_id
    from leads
    cross join rules
    where not exists (
        select 1 from state
        where state.rules_fingerprint = rules.rules_fingerprint
    )

),

affected as (

    select distinct
        lead_id,
        {{ staging_run_time() }} as run_started_at
    from reached
    where lead_id is not null

)

select * from affected
