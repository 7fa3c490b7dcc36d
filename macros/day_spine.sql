{#- A select of one row per calendar day, `date_day`, from the first to the
    last day (inclusive) of a relation holding one row with columns
    `first_day` and `last_day` (dates). Dispatched: DuckDB unnests
    generate_series; Spark explodes sequence. -#}
{% macro day_spine(bounds_relation) -%}
    {{ return(adapter.dispatch('day_spine', 'leadflow')(bounds_relation)) }}
{%- endmacro %}

{% macro default__day_spine(bounds_relation) -%}
    select explode(sequence(first_day, last_day, interval 1 day)) as date_day
    from {{ bounds_relation }}
{%- endmacro %}

{% macro duckdb__day_spine(bounds_relation) -%}
    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as date_day
    from {{ bounds_relation }}
{%- endmacro %}
