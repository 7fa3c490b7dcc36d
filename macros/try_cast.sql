{#- Cast a value, giving null instead of an error when it does not convert
    (a company size of 'abc' must not stop the build). Dispatched: DuckDB's
    try_cast; elsewhere dbt's safe_cast. dbt-duckdb's own safe_cast is a
    plain cast, which raises. -#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'leadflow')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ try_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
