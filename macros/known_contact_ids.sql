{#- A select of every contact id a related row may point at: ids of usable
    contact rows, plus ids that a CRM merge folded away (their records may be
    gone from the export while their history is not). Rows pointing anywhere
    else are orphans. -#}
{% macro known_contact_ids() -%}
    select contact_id from {{ ref('base_crm__contacts') }}
    where reject_reason is null
    union
    select merged_contact_id as contact_id
    from {{ ref('base_crm__contact_merges') }}
    where reject_reason is null
{%- endmacro %}
