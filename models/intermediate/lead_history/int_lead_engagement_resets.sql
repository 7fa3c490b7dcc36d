-- The score change log's `reset` rows: a recycle zeroes the engagement
-- score the cycle before it ended with, at the moment the new cycle starts
-- (the cause names the recycle's disposition). What the cycle ended with is
-- each category's active total then, capped: the points of its events and
-- bonuses that had not expired by the end (points still active at a reset
-- never expire later). Only the few recycled cycles are read.
with

cycles as (

    select * from {{ ref('int_lead_cycles') }}
    {{ affected_leads_filter() }}

),

categories as (

    select * from {{ ref('stg_rules__score_categories') }}

),

ended_cycle_points as (

    select
        lead_id,
        cycle_number,
        category,
        awarded_points,
        expires_at,
        cycle_ended_at
    from {{ ref('int_engagement_events_scored') }}
    where
        cycle_ended_at is not null
        and awarded_points != 0

    union all

    select
        lead_id,
        cycle_number,
        category,
        awarded_points,
        expires_at,
        cycle_ended_at
    from {{ ref('int_engagement_velocity_bonuses') }}
    where
        cycle_ended_at is not null
        and awarded_points != 0

),

category_totals as (

    select
        ended_cycle_points.lead_id,
        ended_cycle_points.cycle_number,
        categories.max_active_points,
        sum(
            case
                when
                    ended_cycle_points.expires_at is null
                    or ended_cycle_points.expires_at >= ended_cycle_points.cycle_ended_at
                    then ended_cycle_points.awarded_points
                else 0
            end
        ) as active_total
    from ended_cycle_points
    inner join categories
        on ended_cycle_points.category = categories.category
    group by
        ended_cycle_points.lead_id,
        ended_cycle_points.cycle_number,
        ended_cycle_points.category,
        categories.max_active_points

),

cycle_totals as (

    select
        lead_id,
        cycle_number,
        -- capped as in int_lead_engagement_points (least skips a null cap)
        sum(least(active_total, max_active_points)) as engagement_total
    from category_totals
    group by lead_id, cycle_number

),

resets as (

    select
        cycles.lead_id,
        cycles.cycle_number,
        cycles.started_at as changed_at,
        -- sums of integers widen (to 128 bits on DuckDB): points fit one
        cast(-cycle_totals.engagement_total as integer) as delta,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        cast(null as {{ dbt.type_string() }}) as category,
        'reset' as reason,
        cast(null as {{ dbt.type_string() }}) as event_id,
        cycles.recycle_disposition_id as cause
    from cycles
    inner join cycle_totals
        on
            cycles.lead_id = cycle_totals.lead_id
            and cycles.cycle_number = cycle_totals.cycle_number + 1
    where cycle_totals.engagement_total != 0

)

select *{{ lead_bucket_column() }} from resets
