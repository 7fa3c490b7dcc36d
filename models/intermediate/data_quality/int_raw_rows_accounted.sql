-- One row per raw table: how many raw rows arrived and what became of them
-- (kept, deduplicated, rejected). The counts always add up; a singular test
-- checks the same identity against the raw tables themselves.
{%- set tables = [
    ('contacts', 'base_crm__contacts', 'stg_crm__contacts'),
    ('engagement_events', 'base_crm__engagement_events', 'stg_crm__engagement_events'),
    ('sales_activities', 'base_crm__sales_activities', 'stg_crm__sales_activities'),
    ('lead_dispositions', 'base_crm__lead_dispositions', 'stg_crm__lead_dispositions'),
    ('opportunities', 'base_crm__opportunities', 'stg_crm__opportunities'),
    ('contact_merges', 'base_crm__contact_merges', 'stg_crm__contact_merges'),
] %}

with

{% for source_table, base_model, stg_model in tables %}
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

    {% for source_table, base_model, stg_model in tables %}
    select * from counted_{{ source_table }}
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
