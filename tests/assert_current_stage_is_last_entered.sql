-- Exactly one current stage per lead, and it is the stage entered last.
with

history as (

    select * from {{ ref('fct_lead_stage_history') }}

),

last_entries as (

    select
        lead_id,
        stage,
        row_number() over (
            partition by lead_id order by entered_at desc, entry_number desc
        ) as recency
    from history

),

current_counts as (

    select
        lead_id,
        sum(case when is_current then 1 else 0 end) as current_count
    from history
    group by lead_id

)

select
    leads.lead_id,
    leads.current_stage,
    last_entries.stage as last_entered_stage,
    current_counts.current_count
from {{ ref('dim_leads') }} as leads
left join last_entries
    on leads.lead_id = last_entries.lead_id and last_entries.recency = 1
left join current_counts
    on leads.lead_id = current_counts.lead_id
where
    current_counts.current_count is null
    or current_counts.current_count != 1
    or leads.current_stage != last_entries.stage
