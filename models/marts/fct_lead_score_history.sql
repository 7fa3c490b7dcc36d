-- One row per lead per interval [valid_from, valid_to) of constant score;
-- valid_to is null for the current interval.
-- A view: the interval history is stored once, in its incremental intermediate
-- table; `leadflow run` publishes it to the serving file as a table.
{{ config(materialized='view') }}

with

intervals as (

    select * from {{ ref('int_lead_score_intervals') }}

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
