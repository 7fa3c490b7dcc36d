{#- The current moment as a UTC timestamp without time zone, comparable with
    the output of parse_timestamp. -#}
{% macro utc_now() -%}
    {{ return(adapter.dispatch('utc_now', 'leadflow')()) }}
{%- endmacro %}

{% macro default__utc_now() -%}
    current_timestamp()
{%- endmacro %}

{% macro duckdb__utc_now() -%}
    timezone('UTC', now())
{%- endmacro %}
