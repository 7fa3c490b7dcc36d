-- One row per contact id ever seen (live or merged away), with the lead it
-- belongs to: merges are followed hop by hop, so A -> B -> C resolves A to C.
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
        -- ids
        final_hop.contact_id,
        final_hop.lead_id,

        -- booleans
        final_hop.contact_id != final_hop.lead_id as is_merged_away,

        -- timestamps
        contact_merges.merged_at

    from hop_{{ max_hops }} as final_hop
    left join contact_merges
        on final_hop.contact_id = contact_merges.merged_contact_id

)

select * from resolved
