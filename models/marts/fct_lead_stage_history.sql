-- One row per stage a lead entered, as of the reference time: the
-- clock-free stage history cut at that moment. Entries dated later are not
-- shown yet; an exit dated later is not shown either, so that entry is the
-- lead's current stage. A view: the history is stored once, in
-- int_lead_stage_history; `leadflow run` publishes it as a table.
{{ config(materialized='view') }}

with

entries as (

    select * from {{ ref('int_lead_stage_history') }}
    where entered_at <= {{ scoring_reference_time() }}

),

final as (

    select
        -- ids
        stage_entry_id,
        lead_id,

        -- strings
        stage,
        reason,
        case when exited_at <= {{ scoring_reference_time() }} then next_stage end as next_stage,

        -- numerics
        entry_number,
        cycle_number,
        case
            when exited_at <= {{ scoring_reference_time() }} then hours_in_stage
        end as hours_in_stage,

        -- booleans
        is_inferred,
        {{ is_open_as_of('exited_at') }} as is_current,

        -- timestamps
        entered_at,
        {{ end_as_of('exited_at') }} as exited_at

    from entries

)

select * from final
