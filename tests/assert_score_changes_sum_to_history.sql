-- The change log and the history tell the same story: summing a lead's
-- changes gives the score of its last interval. Checked on the clock-free
-- history for the leads this run recomputed (every lead on a full refresh);
-- the marts' as-of cut of both is tested in
-- models/marts/_marts__unit_tests.yml.
with

affected as (

    select lead_id from {{ ref('int_leads_affected') }}

),

change_totals as (

    select
        lead_id,
        sum(delta) as total_delta
    from {{ ref('int_lead_score_changes') }}
    where lead_id in (select affected.lead_id from affected)
    group by lead_id

),

last_intervals as (

    select * from {{ ref('int_lead_score_intervals') }}
    where
        valid_to is null
        and lead_id in (select affected.lead_id from affected)

)

select
    last_intervals.lead_id,
    last_intervals.score,
    coalesce(change_totals.total_delta, 0) as total_delta
from last_intervals
left join change_totals
    on last_intervals.lead_id = change_totals.lead_id
where last_intervals.score != coalesce(change_totals.total_delta, 0)
