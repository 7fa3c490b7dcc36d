-- Every lead has exactly one open (current) score interval.
with

leads as (

    select lead_id from {{ ref('dim_leads') }}

),

open_intervals as (

    select
        lead_id,
        count(*) as open_interval_count
    from {{ ref('fct_lead_score_history') }}
    where valid_to is null
    group by lead_id

)

select
    leads.lead_id,
    coalesce(open_intervals.open_interval_count, 0) as open_interval_count
from leads
left join open_intervals
    on leads.lead_id = open_intervals.lead_id
where coalesce(open_intervals.open_interval_count, 0) != 1
