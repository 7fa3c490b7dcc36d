{#- A UTC timestamp (without time zone) as the wall-clock time of an IANA
    time zone, e.g. 2025-01-10 22:00 in Europe/Berlin is 23:00. The zone may
    be a column. Dispatched: DuckDB reads the naive value as UTC and renders
    it in the zone (ICU); Spark has from_utc_timestamp. -#}
{% macro to_local_time(timestamp, time_zone) -%}
    {{ return(adapter.dispatch('to_local_time', 'leadflow')(timestamp, time_zone)) }}
{%- endmacro %}

{% macro default__to_local_time(timestamp, time_zone) -%}
    from_utc_timestamp({{ timestamp }}, {{ time_zone }})
{%- endmacro %}

{% macro duckdb__to_local_time(timestamp, time_zone) -%}
    timezone({{ time_zone }}, timezone('UTC', {{ timestamp }}))
{%- endmacro %}

{#- The lower-case three-letter English name of a date's day of the week
    ('mon' ... 'sun'), as the business_hours seed spells working days. -#}
{% macro day_of_week_name(date) -%}
    {{ return(adapter.dispatch('day_of_week_name', 'leadflow')(date)) }}
{%- endmacro %}

{% macro default__day_of_week_name(date) -%}
    lower(date_format({{ date }}, 'EEE'))
{%- endmacro %}

{% macro duckdb__day_of_week_name(date) -%}
    lower(strftime({{ date }}, '%a'))
{%- endmacro %}

{#- True when a text value names a time zone the engine knows, so a seed
    check can name a misspelt zone before a model fails on it. DuckDB lists
    its zones; Spark has no such list, so there only the shape of an IANA
    name (`Area/City`, or `UTC`) is checked. -#}
{% macro is_known_time_zone(column) -%}
    {{ return(adapter.dispatch('is_known_time_zone', 'leadflow')(column)) }}
{%- endmacro %}

{% macro default__is_known_time_zone(column) -%}
    {{ leadflow.matches_pattern(column, '^([A-Za-z_]+(/[A-Za-z0-9_+-]+)+|UTC)$') }}
{%- endmacro %}

{% macro duckdb__is_known_time_zone(column) -%}
    ({{ column }} in (select tz.name from pg_timezone_names() as tz))
{%- endmacro %}
