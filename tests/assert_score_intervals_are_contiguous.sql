-- A lead's score intervals never overlap and leave no gap: each interval
-- ends exactly where the next begins, and only the last is open. Checked on
-- the clock-free history for the leads this run recomputed (every lead on a
-- full refresh); the marts' as-of cut keeps the property (unit tests in
-- models/marts/_marts__unit_tests.yml).
with

history as (

    select intervals.*
    from {{ ref('int_lead_score_intervals') }} as intervals
    where intervals.lead_id in (
        select affected.lead_id from {{ ref('int_leads_affected') }} as affected
    )

),

sequenced as (

    select
        lead_id,
        valid_from,
        valid_to,
        lead(valid_from) over (partition by lead_id order by valid_from) as next_valid_from
    from history

)

select *
from sequenced
where
    (next_valid_from is null and valid_to is not null)
    or (next_valid_from is not null and (valid_to is null or valid_to != next_valid_from))
    or valid_to <= valid_from
