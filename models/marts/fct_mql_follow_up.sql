-- One row per MQL entry (a recycled lead that re-qualifies has two): the
-- first sales touch after it (an activity or a disposition), how long it
-- took, and whether that met the follow-up SLA (var mql_follow_up_sla_hours).
with

stage_history as (

    select * from {{ ref('fct_lead_stage_history') }}

),

mql_entries as (

    select
        stage_entry_id,
        lead_id,
        cycle_number,
        reason,
        is_inferred,
        entered_at as mql_at
    from stage_history
    where stage = 'mql'

),

sales_touches as (

    select
        lead_id,
        occurred_at as touched_at
    from {{ ref('int_sales_activities_attributed') }}

    union all

    select
        lead_id,
        decided_at as touched_at
    from {{ ref('int_lead_dispositions_attributed') }}

),

first_touches as (

    select
        mql_entries.stage_entry_id,
        min(sales_touches.touched_at) as first_touch_at
    from mql_entries
    inner join sales_touches
        on
            mql_entries.lead_id = sales_touches.lead_id
            and mql_entries.mql_at <= sales_touches.touched_at
            -- as of the reference time, like the stage history it reads
            and sales_touches.touched_at <= {{ scoring_reference_time() }}
    group by mql_entries.stage_entry_id

),

measured as (

    select
        mql_entries.*,
        first_touches.first_touch_at,
        {{ duration_between('mql_entries.mql_at', 'first_touches.first_touch_at', 'hours') }}
            as hours_to_first_touch
    from mql_entries
    left join first_touches
        on mql_entries.stage_entry_id = first_touches.stage_entry_id

),

final as (

    select
        -- ids
        stage_entry_id as mql_entry_id,
        lead_id,

        -- strings
        reason as mql_reason,

        -- numerics
        cast(cycle_number as integer) as cycle_number,
        cast(hours_to_first_touch as double) as hours_to_first_touch,

        -- booleans
        is_inferred,
        coalesce(
            hours_to_first_touch <= {{ var('mql_follow_up_sla_hours') }}, false
        ) as is_sla_met,

        -- timestamps
        mql_at,
        first_touch_at

    from measured

)

select * from final
