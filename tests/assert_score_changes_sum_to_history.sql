-- The change log and the history tell the same story: summing a lead's
-- changes gives the score of its open interval.
with

change_totals as (

    select
        lead_id,
        sum(delta) as total_delta
    from {{ ref('fct_lead_score_changes') }}
    group by lead_id

),

open_intervals as (

    select * from {{ ref('fct_lead_score_history') }}
    where valid_to is null

)

select
    open_intervals.lead_id,
    open_intervals.score,
    coalesce(change_totals.total_delta, 0) as total_delta
from open_intervals
left join change_totals
    on open_intervals.lead_id = change_totals.lead_id
where open_intervals.score != coalesce(change_totals.total_delta, 0)
