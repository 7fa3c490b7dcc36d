-- rpt_funnel_daily agrees with the stage history: its entries add up to the
-- stage entries of each stage, and on its last day the leads in each stage
-- are the leads whose current stage it is.
with

daily_entries as (

    select
        stage,
        sum(entries) as entries
    from {{ ref('rpt_funnel_daily') }}
    group by stage

),

history_entries as (

    select
        stage,
        count(*) as entries
    from {{ ref('fct_lead_stage_history') }}
    group by stage

),

last_day as (

    select
        daily.stage,
        sum(daily.leads_in_stage) as leads_in_stage
    from {{ ref('rpt_funnel_daily') }} as daily
    where
        daily.date_day = (
            select max(all_days.date_day) from {{ ref('rpt_funnel_daily') }} as all_days
        )
    group by daily.stage

),

current_stages as (

    select
        current_stage as stage,
        count(*) as leads
    from {{ ref('dim_leads') }}
    group by current_stage

)

select
    history_entries.stage,
    'entries differ' as problem
from history_entries
left join daily_entries
    on history_entries.stage = daily_entries.stage
where daily_entries.entries is null or daily_entries.entries != history_entries.entries

union all

select
    current_stages.stage,
    'leads in stage on the last day differ from current stages' as problem
from current_stages
left join last_day
    on current_stages.stage = last_day.stage
where last_day.leads_in_stage is null or last_day.leads_in_stage != current_stages.leads
