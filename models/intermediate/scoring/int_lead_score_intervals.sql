-- One row per lead per interval [valid_from, valid_to) in which its score
-- held still, derived from the change log: cost grows with changes, not
-- with leads x days. Every lead has an interval from its first change or
-- its creation, whichever is earlier; the last interval is open.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ leadflow.delete_affected_leads() }}",
) }}
-- depends_on: {{ ref('int_leads_affected') }}

with

leads as (

    select * from {{ ref('int_leads') }}
    {{ affected_leads_filter() }}

),

changes as (

    select * from {{ ref('int_lead_score_changes') }}
    {{ affected_leads_filter() }}

),

change_points as (

    select
        lead_id,
        changed_at,
        sum(case when is_fit then delta else 0 end) as fit_delta,
        sum(case when is_fit then 0 else delta end) as engagement_delta
    from changes
    group by lead_id, changed_at

    union all

    select
        lead_id,
        created_at as changed_at,
        0 as fit_delta,
        0 as engagement_delta
    from leads

),

collapsed as (

    select
        lead_id,
        changed_at,
        sum(fit_delta) as fit_delta,
        sum(engagement_delta) as engagement_delta
    from change_points
    group by lead_id, changed_at

),

first_points as (

    select
        lead_id,
        min(changed_at) as first_changed_at
    from collapsed
    group by lead_id

),

-- a point where the changes cancel out (an award fully offset by its cap
-- release, a fit point of zero) starts no new interval; the first point
-- always does
effective as (

    select collapsed.*
    from collapsed
    inner join first_points
        on collapsed.lead_id = first_points.lead_id
    where
        collapsed.changed_at = first_points.first_changed_at
        or collapsed.fit_delta != 0
        or collapsed.engagement_delta != 0

),

intervals as (

    select
        -- ids
        lead_id,

        -- numerics
        sum(fit_delta) over (
            partition by lead_id order by changed_at
            rows between unbounded preceding and current row
        ) as fit_score,
        sum(engagement_delta) over (
            partition by lead_id order by changed_at
            rows between unbounded preceding and current row
        ) as engagement_score,

        -- timestamps
        changed_at as valid_from,
        lead(changed_at) over (partition by lead_id order by changed_at) as valid_to

    from effective

),

scored as (

    select
        lead_id,
        cast(fit_score as integer) as fit_score,
        cast(engagement_score as integer) as engagement_score,
        cast(fit_score + engagement_score as integer) as score,
        valid_to is null as is_current,
        valid_from,
        valid_to
    from intervals

)

select * from scored
