{#- The time from one timestamp to another in a unit (`hours` or `days`),
    as a double: fractional units count, and Spark would make a decimal of
    `bigint / 3600.0`, which breaks the mart contracts. -#}
{% macro duration_between(start, finish, unit) -%}
    {%- set seconds_per = {'hours': 3600, 'days': 86400} -%}
    {%- if unit not in seconds_per -%}
        {{ exceptions.raise_compiler_error("duration_between: unit must be hours or days") }}
    {%- endif -%}
    cast({{ dbt.datediff(start, finish, 'second') }} as double) / {{ seconds_per[unit] }}
{%- endmacro %}
