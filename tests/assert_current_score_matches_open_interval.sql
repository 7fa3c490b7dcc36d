-- The current fit, engagement and total score on dim_leads are those of the
-- lead's open score interval.
with

leads as (

    select * from {{ ref('dim_leads') }}

),

open_intervals as (

    select * from {{ ref('fct_lead_score_history') }}
    where valid_to is null

)

select
    leads.lead_id,
    leads.score,
    open_intervals.score as open_interval_score
from leads
inner join open_intervals
    on leads.lead_id = open_intervals.lead_id
where
    leads.score != open_intervals.score
    or leads.fit_score != open_intervals.fit_score
    or leads.engagement_score != open_intervals.engagement_score
