-- One row per lead per interval [valid_from, valid_to) of constant score;
-- valid_to is null for the current interval.
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
