-- Spark only (lead_history_delta_method): one row per lead with a
-- fingerprint of every input int_leads_affected watches on DuckDB, without
-- the arrival stamps, which Spark's rebuilt tables cannot keep. A lead's
-- fingerprint changes exactly when a stamp would have reached it:
--   * its engagement events (an event new, re-delivered with another
--     winner, or moved to or from it by a merge or a visitor tied late);
--   * its contacts (a merge moves a contact) and its web visitors;
--   * the raw contact rows of its contacts, and every raw row of a
--     disposition or opportunity one of whose rows is on it (a resync may
--     move a record to another contact): a raw row's file, row and reject
--     reason, as staged_at_of_rows matches them on DuckDB (raw rows are
--     never rewritten; a reject reason changes when an orphan's contact
--     arrives).
-- Row hashes are combined with xor (hash_aggregate), so order does not
-- matter; each carries its part's name, so equal rows of two parts do not
-- cancel out.
{{ config(enabled=leadflow.lead_history_delta_method() == 'input_fingerprints') }}

with

events as (

    select * from {{ ref('int_engagement_events_attributed') }}

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

-- a disposition or opportunity record: the hash of all its raw rows, and
-- every lead one of them is on
disposition_records as (

    select
        disposition_id,
        {{ hash_aggregate(["'disposition'", 'source_file', 'source_row', 'reject_reason']) }}
            as record_hash
    from disposition_rows
    group by disposition_id

),

disposition_leads as (

    select distinct
        contacts_resolved.lead_id,
        disposition_rows.disposition_id
    from disposition_rows
    inner join contacts_resolved
        on disposition_rows.contact_id = contacts_resolved.contact_id

),

opportunity_records as (

    select
        opportunity_id,
        {{ hash_aggregate(["'opportunity'", 'source_file', 'source_row', 'reject_reason']) }}
            as record_hash
    from opportunity_rows
    group by opportunity_id

),

opportunity_leads as (

    select distinct
        contacts_resolved.lead_id,
        opportunity_rows.opportunity_id
    from opportunity_rows
    inner join contacts_resolved
        on opportunity_rows.contact_id = contacts_resolved.contact_id

),

parts as (

    select
        lead_id,
        {{ row_hash([
            "'event'", 'event_id', 'contact_id', 'anonymous_id', 'event_type', 'url',
            'campaign', 'occurred_at', 'loaded_at', 'attributed_via',
        ]) }} as part_hash
    from events

    union all

    select
        lead_id,
        {{ row_hash(["'contact'", 'contact_id', 'is_merged_away', 'merged_at']) }} as part_hash
    from contacts_resolved

    union all

    select
        lead_id,
        {{ row_hash([
            "'visitor'", 'anonymous_id', 'linking_contact_id', 'linking_event_id', 'identified_at',
        ]) }} as part_hash
    from visitors

    union all

    select
        contacts_resolved.lead_id,
        {{ row_hash([
            "'contact_row'", 'contact_rows.source_file', 'contact_rows.source_row',
            'contact_rows.reject_reason',
        ]) }} as part_hash
    from contact_rows
    inner join contacts_resolved
        on contact_rows.contact_id = contacts_resolved.contact_id

    union all

    select
        disposition_leads.lead_id,
        disposition_records.record_hash as part_hash
    from disposition_leads
    inner join disposition_records
        on disposition_leads.disposition_id = disposition_records.disposition_id

    union all

    select
        opportunity_leads.lead_id,
        opportunity_records.record_hash as part_hash
    from opportunity_leads
    inner join opportunity_records
        on opportunity_leads.opportunity_id = opportunity_records.opportunity_id

),

fingerprints as (

    select
        lead_id,
        bit_xor(part_hash) as input_fingerprint
    from parts
    where lead_id is not null
    group by lead_id

)

select * from fingerprints
