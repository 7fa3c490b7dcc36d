{#- True when a text value matches a regular expression (partial match).
    DuckDB and Spark spell regex matching differently. -#}
{% macro matches_pattern(column, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern', 'leadflow')(column, pattern)) }}
{%- endmacro %}

{#- Spark unescapes backslashes in string literals ('\s' would become 's'),
    so they are doubled for it. -#}
{% macro default__matches_pattern(column, pattern) -%}
    ({{ column }} rlike '{{ pattern | replace('\\', '\\\\') }}')
{%- endmacro %}

{% macro duckdb__matches_pattern(column, pattern) -%}
    regexp_matches({{ column }}, '{{ pattern }}')
{%- endmacro %}

{#- Like matches_pattern, for a pattern held in a column (a seed's row): no
    literal, so no escaping. -#}
{% macro matches_pattern_column(column, pattern_column) -%}
    {{ return(adapter.dispatch('matches_pattern_column', 'leadflow')(column, pattern_column)) }}
{%- endmacro %}

{% macro default__matches_pattern_column(column, pattern_column) -%}
    ({{ column }} rlike {{ pattern_column }})
{%- endmacro %}

{% macro duckdb__matches_pattern_column(column, pattern_column) -%}
    regexp_matches({{ column }}, {{ pattern_column }})
{%- endmacro %}
