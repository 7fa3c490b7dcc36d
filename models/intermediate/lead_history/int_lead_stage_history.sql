-- One row per stage a lead entered: when, why, whether it was inferred (a
-- skipped stage entered at the same instant as the one that skipped it),
-- when it left and for which stage. Clock-free like every lead history
-- model: fct_lead_stage_history shows it as of the reference time.

with

entries as (

    select * from {{ ref('int_lead_stage_entries') }}
    {{ affected_leads_filter() }}

),

sequenced as (

    select
        *,
        row_number() over (
            partition by lead_id order by entered_at, stage_order
        ) as entry_number
    from entries

),

with_exits as (

    select
        sequenced.*,
        lead(sequenced.entered_at)
            over (partition by sequenced.lead_id order by sequenced.entry_number)
            as exited_at,
        lead(sequenced.stage)
            over (partition by sequenced.lead_id order by sequenced.entry_number)
            as next_stage
    from sequenced

),

final as (

    select
        -- ids
        {{ dbt.concat(["lead_id", "':'", "cast(entry_number as " ~ dbt.type_string() ~ ")"]) }}
            as stage_entry_id,
        lead_id,

        -- strings
        stage,
        reason,
        next_stage,

        -- numerics
        cast(entry_number as integer) as entry_number,
        cast(cycle_number as integer) as cycle_number,
        {{ duration_between('entered_at', 'exited_at', 'hours') }} as hours_in_stage,

        -- booleans
        is_inferred,

        -- timestamps
        entered_at,
        exited_at

    from with_exits

)

select *{{ lead_bucket_column() }} from final
