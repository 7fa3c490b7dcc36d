{#- The three landing columns every base model carries through from raw:
    when the row landed (UTC), and the file and row it came from, so a
    rejected row can always be traced to its origin. -#}
{% macro landing_metadata(relation_alias=none) -%}
    {%- set prefix = (relation_alias ~ '.') if relation_alias else '' -%}
    {{ leadflow.parse_timestamp(prefix ~ 'loaded_at') }} as loaded_at,
        {{ prefix }}_source_file as source_file,
        {{ leadflow.try_cast(prefix ~ '_source_row', 'bigint') }} as source_row
{%- endmacro %}
