-- One row per change of a lead's score: what changed it, when, by how much.
-- A view: the change log is stored once, in its incremental intermediate
-- table; `leadflow run` publishes it to the serving file as a table.
{{ config(materialized='view') }}

with

changes as (

    select * from {{ ref('int_lead_score_changes') }}

),

final as (

    select
        -- ids
        score_change_id,
        lead_id,
        rule_id,
        event_id,

        -- strings
        category,
        reason,

        -- numerics
        delta,
        cast(epoch_number as integer) as epoch_number,

        -- timestamps
        changed_at

    from changes

)

select * from final
