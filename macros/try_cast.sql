{#- Cast a value, giving null instead of an error when it does not convert
    (a company size of 'abc' must not stop the build). DuckDB and Spark
    (3.4 and later) both spell it try_cast; dbt-duckdb's own safe_cast is a
    plain cast, which raises. -#}
{% macro try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
