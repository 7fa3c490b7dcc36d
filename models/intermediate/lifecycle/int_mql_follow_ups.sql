-- One row per MQL entry (int_mql_first_touches): how long sales took to
-- first touch it, in calendar hours and, on a business clock, in the
-- working hours of the lead's country (its time zone, working days and
-- hours, less the business_holidays seed's days), and whether that met the
-- follow-up SLA (var mql_follow_up_sla_business_hours on a business clock,
-- mql_follow_up_sla_hours otherwise). Clock-free (docs/as_of.md):
-- fct_mql_follow_up shows it as of the reference time.
with

clocked as (

    select
        stage_entry_id,
        lead_id,
        cycle_number,
        reason,
        is_inferred,
        mql_at,
        first_touch_at,
        clock_country_code,
        time_zone,
        working_days,
        day_start_second,
        day_end_second
    from {{ ref('int_mql_first_touches') }}

),

holidays as (

    select * from {{ ref('stg_rules__business_holidays') }}

),

-- only touched MQLs on a business clock expand into days: the span from
-- MQL to first touch in the country's wall-clock time, so daylight saving
-- time needs no care (working hours are wall-clock hours)
local_times as (

    select
        stage_entry_id,
        clock_country_code,
        working_days,
        day_start_second,
        day_end_second,
        {{ to_local_time('mql_at', 'time_zone') }} as local_mql_at,
        {{ to_local_time('first_touch_at', 'time_zone') }} as local_first_touch_at
    from clocked
    where time_zone is not null and first_touch_at is not null

),

local_spans as (

    select
        *,
        cast(local_mql_at as date) as local_mql_date,
        cast(local_first_touch_at as date) as local_first_touch_date
    from local_times

),

bounds as (

    select
        min(local_mql_date) as first_day,
        max(local_first_touch_date) as last_day
    from local_spans

),

spine as (

    {{ day_spine('bounds') }}

),

days as (

    select
        date_day,
        {{ day_of_week_name('date_day') }} as day_name,
        cast(date_day as timestamp) as day_starts_at
    from spine

),

-- each local day a span touches that the country works and that is not a
-- holiday, with the span's ends as seconds after that day's midnight
span_days as (

    select
        local_spans.stage_entry_id,
        local_spans.day_start_second,
        local_spans.day_end_second,
        {{ dbt.datediff('days.day_starts_at', 'local_spans.local_mql_at', 'second') }}
            as span_start_second,
        {{ dbt.datediff('days.day_starts_at', 'local_spans.local_first_touch_at', 'second') }}
            as span_end_second
    from local_spans
    inner join days
        on
            local_spans.local_mql_date <= days.date_day
            and local_spans.local_first_touch_date >= days.date_day
    left join holidays
        on
            local_spans.clock_country_code = holidays.country_code
            and days.date_day = holidays.holiday_date
    where
        holidays.holiday_date is null
        and local_spans.working_days like {{ dbt.concat(["'%'", 'days.day_name', "'%'"]) }}

),

-- the working seconds of each span: its days' working hours cut to it
working_seconds as (

    select
        stage_entry_id,
        sum(
            greatest(
                least(day_end_second, span_end_second)
                - greatest(day_start_second, span_start_second),
                0
            )
        ) as working_seconds
    from span_days
    group by stage_entry_id

),

business_time as (

    select
        local_spans.stage_entry_id,
        -- a span on no working day counts zero working hours
        cast(coalesce(working_seconds.working_seconds, 0) as double) / 3600
            as business_hours_to_first_touch
    from local_spans
    left join working_seconds
        on local_spans.stage_entry_id = working_seconds.stage_entry_id

),

measured as (

    select
        clocked.*,
        business_time.business_hours_to_first_touch,
        {{ duration_between('clocked.mql_at', 'clocked.first_touch_at', 'hours') }}
            as hours_to_first_touch
    from clocked
    left join business_time
        on clocked.stage_entry_id = business_time.stage_entry_id

),

final as (

    select
        -- ids
        stage_entry_id as mql_entry_id,
        lead_id,

        -- strings
        reason as mql_reason,
        case
            when time_zone is not null then 'business_hours'
            else 'calendar_hours'
        end as sla_clock,

        -- numerics
        cast(cycle_number as integer) as cycle_number,
        cast(hours_to_first_touch as double) as hours_to_first_touch,
        cast(business_hours_to_first_touch as double) as business_hours_to_first_touch,

        -- booleans
        is_inferred,
        coalesce(
            case
                when time_zone is not null
                    then
                        business_hours_to_first_touch
                        <= {{ var('mql_follow_up_sla_business_hours') }}
                else hours_to_first_touch <= {{ var('mql_follow_up_sla_hours') }}
            end,
            false
        ) as is_sla_met,

        -- timestamps
        mql_at,
        first_touch_at

    from measured

)

select * from final
