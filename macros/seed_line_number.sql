{#- The line of a seed's CSV file a loaded seed row came from (header = line
    1), so a seed problem can point at the line to edit. DuckDB keeps rows in
    insertion order and exposes it as rowid (which keeps counting when a seed
    is reloaded, hence the row_number over it); elsewhere the line is
    unknown and messages fall back to the row's key. -#}
{% macro seed_line_number() -%}
    {{ return(adapter.dispatch('seed_line_number', 'leadflow')()) }}
{%- endmacro %}

{% macro default__seed_line_number() -%}
    cast(null as bigint)
{%- endmacro %}

{% macro duckdb__seed_line_number() -%}
    (row_number() over (order by rowid) + 1)
{%- endmacro %}
