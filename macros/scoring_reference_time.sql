{#- The "as of" moment of the marts: the `scoring_reference_time` var when
    set (a UTC timestamp text, for reproducible builds and tests), else the
    moment this dbt run started, as a literal, so every model and test of a
    run reads the history as of the same instant. Only the marts (the read
    edge) use it: the history in intermediate never depends on the clock. -#}
{% macro scoring_reference_time() -%}
    {%- set pinned = var('scoring_reference_time', none) -%}
    {%- if pinned -%}
        cast('{{ pinned }}' as {{ dbt.type_timestamp() }})
    {%- else -%}
        {{ leadflow.staging_run_time() }}
    {%- endif -%}
{%- endmacro %}

{#- The leads that exist at the reference time: a lead whose record is
    dated after it does not exist yet, even when events of its web visitor
    came before it. The one home of that rule for every mart that cuts a
    lead's history (docs/as_of.md); used as a CTE body. -#}
{% macro leads_existing_as_of() -%}
    select lead_id from {{ ref('int_leads') }}
    where created_at <= {{ scoring_reference_time() }}
{%- endmacro %}

{#- An interval of the clock-free history (a score interval, a stage entry,
    a contact version) as of the reference time: still open when it ends
    after it or never; its end shown only once it has happened. -#}
{% macro is_open_as_of(ended_at) -%}
    coalesce({{ ended_at }} > {{ scoring_reference_time() }}, true)
{%- endmacro %}

{% macro end_as_of(ended_at) -%}
    case when {{ ended_at }} <= {{ scoring_reference_time() }} then {{ ended_at }} end
{%- endmacro %}
