-- Every raw row is kept, deduplicated or rejected: for each raw table,
-- raw rows = kept rows + duplicate rows + rejected rows. Duplicates are
-- counted independently of the staging model (usable rows minus distinct
-- keys), so a staging filter that lost rows would fail here.

with

{% for table in crm_raw_tables() %}
{%- set source_table = table.name %}
{%- set base_model = table.base %}
{%- set stg_model = table.staging %}
{%- set key_column = table.key %}
counts_{{ source_table }} as (

    select
        '{{ source_table }}' as source_table,
        (select count(*) from {{ source('crm', source_table) }}) as raw_rows,
        (select count(*) from {{ ref(stg_model) }}) as kept_rows,
        (
            select count(*) - count(distinct {{ key_column }})
            from {{ ref(base_model) }}
            where reject_reason is null
        ) as duplicate_rows,
        (
            select count(*) from {{ ref('stg_crm__rejected_rows') }}
            where source_table = '{{ source_table }}'
        ) as rejected_rows

),

{% endfor %}
all_counts as (

    {% for table in crm_raw_tables() %}
    select * from counts_{{ table.name }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select *
from all_counts
where raw_rows != kept_rows + duplicate_rows + rejected_rows
