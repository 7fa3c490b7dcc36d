-- One row per contact id ever seen (live or merged away), with the lead it
-- belongs to: merges are followed hop by hop, so A -> B -> C resolves A to C.
-- Incremental: the resolution is recomputed whole (one row per contact, no
-- history), and only contacts that are new or whose lead changed are
-- written, stamped with this run (resolved_at) and with the lead they
-- belonged to before (previous_lead_id), so that int_leads_affected
-- recomputes both the old lead and the new one.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='contact_id',
    on_schema_change='fail',
) }}
{%- set max_hops = var('max_merge_chain_length') %}

with

contacts as (

    select contact_id from {{ ref('stg_crm__contacts') }}

),

contact_merges as (

    select * from {{ ref('stg_crm__contact_merges') }}

),

contact_ids as (

    select contact_id from contacts
    union
    select merged_contact_id as contact_id from contact_merges

),

hop_0 as (

    select
        contact_id,
        contact_id as lead_id
    from contact_ids

),

{% for hop in range(1, max_hops + 1) %}
hop_{{ hop }} as (

    select
        hop_{{ hop - 1 }}.contact_id,
        coalesce(contact_merges.surviving_contact_id, hop_{{ hop - 1 }}.lead_id) as lead_id
    from hop_{{ hop - 1 }}
    left join contact_merges
        on hop_{{ hop - 1 }}.lead_id = contact_merges.merged_contact_id

),

{% endfor %}
resolved as (

    select
        final_hop.contact_id,
        final_hop.lead_id,
        final_hop.contact_id != final_hop.lead_id as is_merged_away,
        contact_merges.merged_at
    from hop_{{ max_hops }} as final_hop
    left join contact_merges
        on final_hop.contact_id = contact_merges.merged_contact_id

),

{% if is_incremental() %}
-- the lead before this run (a run that stopped before the state left its
-- leads in int_leads_affected, which the next run recomputes again)
changed as (

    select
        resolved.*,
        previous.lead_id as previous_lead_id
    from resolved
    left join {{ this }} as previous
        on resolved.contact_id = previous.contact_id
    where
        previous.contact_id is null
        or previous.lead_id != resolved.lead_id
        or previous.merged_at is distinct from resolved.merged_at

),
{% else %}
changed as (

    select
        resolved.*,
        cast(null as {{ dbt.type_string() }}) as previous_lead_id
    from resolved

),
{% endif %}

final as (

    select
        -- ids
        contact_id,
        lead_id,
        previous_lead_id,

        -- booleans
        is_merged_away,

        -- timestamps
        merged_at,
        {{ staging_run_time() }} as resolved_at

    from changed

)

select * from final
