{#- The median of a numeric expression, as an aggregate (dispatched:
    DuckDB has median(); Spark's exact percentile() interpolates the same way). -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'leadflow')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}
