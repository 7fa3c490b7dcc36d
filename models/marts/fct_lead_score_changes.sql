-- One row per change of a lead's score, as of the reference time: what
-- changed it, when, by how much. Changes dated later (a scheduled expiry)
-- are in the clock-free int_lead_score_changes but not shown here yet.
-- A view; `leadflow run` publishes it to the serving file as a table.
{{ config(materialized='view') }}

with

changes as (

    select * from {{ ref('int_lead_score_changes') }}
    where changed_at <= {{ scoring_reference_time() }}

),

-- leads created by the reference time (macros/scoring_reference_time.sql)
existing_leads as (

    {{ leads_existing_as_of() }}

),

final as (

    select
        -- ids
        changes.score_change_id,
        changes.lead_id,
        changes.rule_id,
        changes.event_id,

        -- strings
        changes.category,
        changes.reason,

        -- numerics
        changes.delta,
        cast(changes.cycle_number as integer) as cycle_number,

        -- timestamps
        changes.changed_at

    from changes
    inner join existing_leads
        on changes.lead_id = existing_leads.lead_id

)

select * from final
