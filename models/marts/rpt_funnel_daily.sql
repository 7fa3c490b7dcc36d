-- One row per day, stage and lead source: how many leads entered the stage
-- that day and how many were in it at the end of the day. The series is
-- dense from the first to the last day with data, for every stage and
-- source that has ever had a lead: what a BI line chart needs.
with

stage_history as (

    select * from {{ ref('fct_lead_stage_history') }}

),

leads as (

    select * from {{ ref('dim_leads') }}

),

entries as (

    select
        stage_history.stage,
        coalesce(leads.lead_source, 'unknown') as lead_source,
        cast(stage_history.entered_at as date) as entered_on,
        cast(stage_history.exited_at as date) as exited_on
    from stage_history
    inner join leads
        on stage_history.lead_id = leads.lead_id

),

-- a lead counts in a stage from the day it entered up to the day it left;
-- entering and leaving on one day adds one entry but nothing at day's end
daily_moves as (

    select
        stage,
        lead_source,
        entered_on as date_day,
        1 as entries,
        1 as net_change
    from entries

    union all

    select
        stage,
        lead_source,
        exited_on as date_day,
        0 as entries,
        -1 as net_change
    from entries
    where exited_on is not null

),

daily_totals as (

    select
        stage,
        lead_source,
        date_day,
        sum(entries) as entries,
        sum(net_change) as net_change
    from daily_moves
    group by stage, lead_source, date_day

),

bounds as (

    select
        min(date_day) as first_day,
        max(date_day) as last_day
    from daily_totals

),

days as (

    {{ day_spine('bounds') }}

),

combinations as (

    select distinct
        stage,
        lead_source
    from daily_totals

),

dense as (

    select
        days.date_day,
        combinations.stage,
        combinations.lead_source,
        coalesce(daily_totals.entries, 0) as entries,
        coalesce(daily_totals.net_change, 0) as net_change
    from days
    cross join combinations
    left join daily_totals
        on
            days.date_day = daily_totals.date_day
            and combinations.stage = daily_totals.stage
            and combinations.lead_source = daily_totals.lead_source

),

final as (

    select
        -- dates
        date_day,

        -- strings
        stage,
        lead_source,

        -- numerics
        cast(entries as bigint) as entries,
        cast(
            sum(net_change) over (
                partition by stage, lead_source
                order by date_day
                rows between unbounded preceding and current row
            ) as bigint
        ) as leads_in_stage

    from dense

)

select * from final
