{#- Parse a raw text timestamp to a UTC timestamp without time zone.
    Text with an offset ('2025-03-01T10:00:00+02:00', '...Z') is converted to
    UTC; text without one is taken as UTC. Text that does not parse gives null,
    so staging can reject the row with a reason instead of failing the build. -#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'leadflow')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
    to_utc_timestamp({{ dbt.safe_cast("nullif(trim(" ~ column ~ "), '')", 'timestamp') }}, 'UTC')
{%- endmacro %}

{% macro duckdb__parse_timestamp(column) -%}
    timezone('UTC', try_cast(nullif(trim({{ column }}), '') as timestamptz))
{%- endmacro %}
