{#- The per-lead incremental mechanism (docs/lead_history.md). Every model in
    models/intermediate/lead_history recomputes every row of the leads in
    int_leads_affected and keeps the rest: the pre-hook (set for the folder
    in dbt_project.yml) deletes the affected leads' old rows, leads that
    vanished (merged away) included, and `affected_leads_filter` restricts a
    CTE's input to the affected leads. On a first run or a full refresh both
    do nothing and the model is built whole. -#}
{% macro delete_affected_leads() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where lead_id in (select lead_id from {{ ref('int_leads_affected') }})
    {%- endif -%}
{%- endmacro %}

{% macro affected_leads_filter(lead_id_column='lead_id') -%}
    {#- ref() outside the branch: dbt records the dependency at parse time,
        when is_incremental() is always false -#}
    {%- set affected = ref('int_leads_affected') -%}
    {%- if is_incremental() -%}
        where {{ lead_id_column }} in (select lead_id from {{ affected }})
    {%- endif -%}
{%- endmacro %}

{#- The state the last successful run left (int_lead_history_state), or
    none on a first run or a full refresh. Read by name, not ref(): the
    state is written downstream of its readers. -#}
{% macro lead_history_state() -%}
    {%- set state = adapter.get_relation(
        database=this.database, schema=this.schema, identifier='int_lead_history_state'
    ) if execute else none -%}
    {{ return(state if not flags.FULL_REFRESH else none) }}
{%- endmacro %}

{#- The run start up to which the lead history has processed what arrived.
    Every arrival stamp (staged_at, attributed_at, resolved_at) later than it
    is news for the lead history models. Before any state, the start of
    time. -#}
{% macro lead_history_watermark() -%}
    {%- set state = leadflow.lead_history_state() -%}
    {%- if state is not none -%}
        (select max(processed_through) from {{ state }})
    {%- else -%}
        cast('1900-01-01' as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}
