-- Every raw row staging could not use, with a machine-readable reason and
-- the file and row it came from, so nothing is dropped silently.

with

{% for table in crm_raw_tables() %}
{%- set source_table = table.name %}
{%- set base_model = table.base %}
{%- set key_column = table.key %}
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

    {% for table in crm_raw_tables() %}
    select * from rejected_{{ table.name }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from all_rejected
