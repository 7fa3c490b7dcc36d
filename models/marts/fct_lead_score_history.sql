-- One row per lead per interval [valid_from, valid_to) of constant score;
-- valid_to is null for the current interval.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ leadflow.delete_affected_leads() }}",
) }}
-- depends_on: {{ ref('int_leads_affected') }}

with

intervals as (

    select * from {{ ref('int_lead_score_intervals') }}
    {{ affected_leads_filter() }}

),

final as (

    select
        -- ids
        lead_id,

        -- numerics
        fit_score,
        engagement_score,
        score,

        -- booleans
        is_current,

        -- timestamps
        valid_from,
        valid_to

    from intervals

)

select * from final
