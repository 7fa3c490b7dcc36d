-- One row per qualification level a lead reached within a stage entry, as
-- of the reference time: the clock-free level history cut at that moment
-- (levels reached later are not shown yet). A view, like the stage history
-- it sits beside; `leadflow run` publishes it as a table.
{{ config(materialized='view') }}

with

level_entries as (

    select * from {{ ref('int_lead_level_entries') }}
    where reached_at <= {{ scoring_reference_time() }}

),

stage_history as (

    select
        stage_entry_id,
        is_current as is_stage_current
    from {{ ref('fct_lead_stage_history') }}

),

-- the current level is the highest one reached in the lead's current
-- stage entry
ranked as (

    select
        level_entries.*,
        stage_history.is_stage_current,
        row_number() over (
            partition by level_entries.stage_entry_id
            order by level_entries.level_rank desc
        ) as rank_from_top
    from level_entries
    inner join stage_history
        on level_entries.stage_entry_id = stage_history.stage_entry_id

),

final as (

    select
        -- ids
        level_entry_id,
        stage_entry_id,
        lead_id,

        -- strings
        stage,
        level,

        -- numerics
        level_rank,
        cycle_number,

        -- booleans
        is_inferred,
        is_stage_current and rank_from_top = 1 as is_current,

        -- timestamps
        reached_at

    from ranked

)

select * from final
