-- One row per MQL entry (a recycled lead that re-qualifies has two) as of
-- the reference time: the clock-free follow-ups (int_mql_follow_ups) cut
-- at that moment. An MQL dated later is not shown; a first touch dated
-- later has not happened yet, so that MQL is untouched and has not met the
-- SLA (the first touch is the earliest, so no other touch precedes it).
with

follow_ups as (

    select * from {{ ref('int_mql_follow_ups') }}
    where mql_at <= {{ scoring_reference_time() }}

),

as_of as (

    select
        *,
        coalesce(first_touch_at <= {{ scoring_reference_time() }}, false) as is_touched
    from follow_ups

),

final as (

    select
        -- ids
        mql_entry_id,
        lead_id,

        -- strings
        mql_reason,
        sla_clock,

        -- numerics
        cycle_number,
        case when is_touched then hours_to_first_touch end as hours_to_first_touch,
        case
            when is_touched then business_hours_to_first_touch
        end as business_hours_to_first_touch,

        -- booleans
        is_inferred,
        is_touched and is_sla_met as is_sla_met,

        -- timestamps
        mql_at,
        case when is_touched then first_touch_at end as first_touch_at

    from as_of

)

select * from final
