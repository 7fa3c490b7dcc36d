-- One row per change of a lead's score: what changed it, when, by how much.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ leadflow.delete_affected_leads() }}",
) }}
-- depends_on: {{ ref('int_leads_affected') }}

with

changes as (

    select * from {{ ref('int_lead_score_changes') }}
    {{ affected_leads_filter() }}

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
