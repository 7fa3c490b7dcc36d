-- A lead's score intervals never overlap and leave no gap: each interval
-- ends exactly where the next begins, and only the last is open.
with

history as (

    select * from {{ ref('fct_lead_score_history') }}

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
