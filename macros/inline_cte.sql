{#- Written after `name as` in a CTE several later CTEs read: DuckDB
    otherwise stores such a CTE's rows before reading them (at 1M contacts,
    30M movements written and read back twice), where inlining lets each
    reader push its own filter and join down to the tables. Spark inlines
    CTEs itself and has no such keyword. -#}
{% macro inline_cte() -%}
    {{ return(adapter.dispatch('inline_cte', 'leadflow')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
{%- endmacro %}

{% macro duckdb__inline_cte() -%}
    not materialized
{%- endmacro %}
