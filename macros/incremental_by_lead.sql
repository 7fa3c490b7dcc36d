{#- Incremental per-lead models recompute every row of the leads whose
    inputs changed (int_leads_affected) and keep the rest. The pre-hook
    deletes the affected leads' old rows (leads that disappeared, such as
    one merged away, included); `affected_leads_filter` restricts a CTE's
    input to the affected leads on an incremental run. On a first run or a
    full refresh both do nothing and the model is built whole. -#}
{% macro delete_affected_leads() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where lead_id in (select lead_id from {{ ref('int_leads_affected') }})
    {%- endif -%}
{%- endmacro %}

{% macro affected_leads_filter(lead_id_column='lead_id') -%}
    {%- if is_incremental() -%}
        where {{ lead_id_column }} in (select lead_id from {{ ref('int_leads_affected') }})
    {%- endif -%}
{%- endmacro %}
