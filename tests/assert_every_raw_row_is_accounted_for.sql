-- Every raw row is kept, deduplicated or rejected: for each raw table,
-- raw rows = kept rows + duplicate rows + rejected rows. Duplicates are
-- counted independently of the staging model (usable rows minus distinct
-- keys), so a staging filter that lost rows would fail here.
{%- set tables = [
    ('contacts', 'base_crm__contacts', 'stg_crm__contacts', 'contact_id'),
    ('engagement_events', 'base_crm__engagement_events', 'stg_crm__engagement_events', 'event_id'),
    ('sales_activities', 'base_crm__sales_activities', 'stg_crm__sales_activities', 'activity_id'),
    ('lead_dispositions', 'base_crm__lead_dispositions', 'stg_crm__lead_dispositions', 'disposition_id'),
    ('opportunities', 'base_crm__opportunities', 'stg_crm__opportunities', 'opportunity_id'),
    ('contact_merges', 'base_crm__contact_merges', 'stg_crm__contact_merges', 'merged_contact_id'),
] %}

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
