{#- The moment up to which score changes have happened: the
    `scoring_reference_time` var when set (a UTC timestamp text, for
    reproducible builds and tests), else now. Expiries due after it are
    scheduled, not history, and are left out until a later run. -#}
{% macro scoring_reference_time() -%}
    {%- set pinned = var('scoring_reference_time', none) -%}
    {%- if pinned -%}
        cast('{{ pinned }}' as {{ dbt.type_timestamp() }})
    {%- else -%}
        {{ leadflow.utc_now() }}
    {%- endif -%}
{%- endmacro %}
