-- Every raw row is kept, deduplicated or rejected: for each raw table,
-- raw rows = kept rows + duplicate rows + rejected rows. Duplicates are
-- counted independently of the staging model (usable rows minus distinct
-- keys), so a staging filter that lost rows would fail here.
{%- set tables = [] -%}
{%- for table in crm_raw_tables() %}{% do tables.append((table.name, table.base, table.staging, table.key)) %}{% endfor %}  -- noqa: LT05

with

{% for source_table, base_model, stg_model, key_column in tables %}
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

    {% for source_table, base_model, stg_model, key_column in tables %}
    select * from counts_{{ source_table }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select *
from all_counts
where raw_rows != kept_rows + duplicate_rows + rejected_rows
