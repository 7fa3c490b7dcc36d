{#- Trim a raw text value and turn an empty string into null: CSV exports
    write missing values both ways. -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}
