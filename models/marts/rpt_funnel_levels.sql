-- One row per cohort month (the month a contact became a lead), lead
-- source (plus an `all` row per month) and qualification level: how many
-- of the cohort's leads entered the level's stage, how many reached the
-- level, and the median days from first entering the stage to first
-- reaching the level. Every level has a row in every cohort, so a level
-- nobody reached shows zero.
with

leads as (

    select
        lead_id,
        lead_source,
        lead_at
    from {{ ref('dim_leads') }}
    where lead_at is not null

),

levels as (

    select
        level,
        stage,
        level_rank
    from {{ ref('stg_rules__qualification_levels') }}

),

stage_firsts as (

    select
        lead_id,
        stage,
        min(entered_at) as stage_entered_at
    from {{ ref('fct_lead_stage_history') }}
    group by lead_id, stage

),

level_firsts as (

    select
        lead_id,
        level,
        min(reached_at) as reached_at
    from {{ ref('fct_lead_level_history') }}
    group by lead_id, level

),

lead_levels as (

    select
        cast({{ dbt.date_trunc('month', 'leads.lead_at') }} as date) as cohort_month,
        coalesce(leads.lead_source, 'unknown') as lead_source,
        levels.stage,
        levels.level,
        levels.level_rank,
        stage_firsts.stage_entered_at,
        level_firsts.reached_at
    from leads
    cross join levels
    left join stage_firsts
        on
            leads.lead_id = stage_firsts.lead_id
            and levels.stage = stage_firsts.stage
    left join level_firsts
        on
            leads.lead_id = level_firsts.lead_id
            and levels.level = level_firsts.level

),

by_source as (

    select * from lead_levels

    union all

    select
        cohort_month,
        'all' as lead_source,
        stage,
        level,
        level_rank,
        stage_entered_at,
        reached_at
    from lead_levels

),

counted as (

    select
        cohort_month,
        lead_source,
        stage,
        level,
        level_rank,
        count(stage_entered_at) as stage_leads,
        count(reached_at) as level_leads,
        {{ median(duration_between('stage_entered_at', 'reached_at', 'days')) }}
            as median_days_stage_to_level
    from by_source
    group by cohort_month, lead_source, stage, level, level_rank

),

final as (

    select
        -- dates
        cohort_month,

        -- strings
        lead_source,
        stage,
        level,

        -- numerics
        level_rank,
        cast(stage_leads as bigint) as stage_leads,
        cast(level_leads as bigint) as level_leads,
        cast(level_leads as double) / nullif(stage_leads, 0) as stage_to_level_rate,
        cast(median_days_stage_to_level as double) as median_days_stage_to_level

    from counted

)

select * from final
