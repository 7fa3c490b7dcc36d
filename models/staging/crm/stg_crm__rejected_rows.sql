-- Every raw row staging could not use, with a machine-readable reason and
-- the file and row it came from, so nothing is dropped silently.
{%- set rejectable = [] -%}
{%- for table in crm_raw_tables() %}{% do rejectable.append((table.name, table.base, table.key)) %}{% endfor %}

with

{% for source_table, base_model, key_column in rejectable %}
rejected_{{ source_table }} as (

    select
        {{ dbt.concat([
            "'" ~ source_table ~ "'", "':'", "source_file", "':'",
            "cast(source_row as " ~ dbt.type_string() ~ ")"
        ]) }} as rejected_row_id,
        '{{ source_table }}' as source_table,
        source_file,
        source_row,
        {{ key_column }} as record_id,
        reject_reason,
        loaded_at
    from {{ ref(base_model) }}
    where reject_reason is not null

),

{% endfor %}
all_rejected as (

    {% for source_table, base_model, key_column in rejectable %}
    select * from rejected_{{ source_table }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from all_rejected
