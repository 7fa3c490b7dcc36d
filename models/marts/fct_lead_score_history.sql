-- One row per lead per interval [valid_from, valid_to) of constant score,
-- as of the reference time: intervals that start later are not shown yet,
-- and the interval that contains the reference time is open (valid_to
-- null, is_current). A view over the clock-free int_lead_score_intervals;
-- `leadflow run` publishes it to the serving file as a table.
{{ config(materialized='view') }}

with

intervals as (

    select * from {{ ref('int_lead_score_intervals') }}
    where valid_from <= {{ scoring_reference_time() }}

),

-- leads created by the reference time (macros/scoring_reference_time.sql)
existing_leads as (

    {{ leads_existing_as_of() }}

),

final as (

    select
        -- ids
        intervals.lead_id,

        -- strings
        intervals.fit_grade,

        -- numerics
        intervals.fit_score,
        intervals.engagement_score,
        intervals.score,

        -- booleans
        {{ is_open_as_of('intervals.valid_to') }} as is_current,

        -- timestamps
        intervals.valid_from,
        {{ end_as_of('intervals.valid_to') }} as valid_to

    from intervals
    inner join existing_leads
        on intervals.lead_id = existing_leads.lead_id

)

select * from final
