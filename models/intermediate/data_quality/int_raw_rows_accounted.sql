-- One row per raw table: how many raw rows arrived and what became of them
-- (kept, deduplicated, rejected). The counts always add up; a singular test
-- checks the same identity against the raw tables themselves.

with

{% for table in crm_raw_tables() %}
{%- set source_table = table.name %}
{%- set base_model = table.base %}
{%- set stg_model = table.staging %}
counted_{{ source_table }} as (

    select
        '{{ source_table }}' as source_table,
        (select count(*) from {{ ref(base_model) }}) as raw_rows,
        (select count(*) from {{ ref(stg_model) }}) as kept_rows,
        (
            select count(*) from {{ ref(base_model) }}
            where reject_reason is not null
        ) as rejected_rows

),

{% endfor %}
all_tables as (

    {% for table in crm_raw_tables() %}
    select * from counted_{{ table.name }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

accounted as (

    select
        source_table,
        raw_rows,
        kept_rows,
        raw_rows - kept_rows - rejected_rows as duplicate_rows,
        rejected_rows
    from all_tables

)

select * from accounted
