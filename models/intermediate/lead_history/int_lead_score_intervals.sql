-- One row per lead per interval [valid_from, valid_to) in which its score
-- held still, derived from the change log: cost grows with changes, not
-- with leads x days. Every lead has an interval from its first change or
-- its creation, whichever is earlier; the last interval is open. Each
-- interval carries the fit grade its fit score falls in, so the grade has
-- a history too.

with

leads as (

    select * from {{ ref('int_leads') }}
    {{ affected_leads_filter() }}

),

changes as (

    select * from {{ ref('int_lead_score_changes') }}
    {{ affected_leads_filter() }}

),

grades as (

    select * from {{ ref('stg_rules__fit_grades') }}

),

-- every change, and each lead's creation as a point that changes nothing;
-- one aggregation then collapses each (lead, moment)
change_points as (

    select
        lead_id,
        changed_at,
        case when is_fit then delta else 0 end as fit_delta,
        case when is_fit then 0 else delta end as engagement_delta
    from changes

    union all

    select
        lead_id,
        created_at as changed_at,
        0 as fit_delta,
        0 as engagement_delta
    from leads

),

-- sums of integers widen (to 128 bits on DuckDB); cast back, the window
-- below sorts 30M of these rows at 1M leads and a narrow row sorts faster
collapsed as (

    select
        lead_id,
        changed_at,
        cast(sum(fit_delta) as integer) as fit_delta,
        cast(sum(engagement_delta) as integer) as engagement_delta
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

-- grades are matched once per distinct fit score (a few dozen), not per
-- interval: the highest band whose minimum the score meets
fit_scores as (

    select distinct fit_score from intervals

),

graded_fit_scores as (

    select
        fit_scores.fit_score,
        grades.grade as fit_grade,
        row_number() over (
            partition by fit_scores.fit_score
            order by grades.min_fit_score desc nulls last
        ) as grade_rank
    from fit_scores
    inner join grades
        on grades.min_fit_score is null or fit_scores.fit_score >= grades.min_fit_score

),

scored as (

    select
        -- ids
        intervals.lead_id,

        -- strings
        graded_fit_scores.fit_grade,

        -- numerics
        cast(intervals.fit_score as integer) as fit_score,
        cast(intervals.engagement_score as integer) as engagement_score,
        cast(intervals.fit_score + intervals.engagement_score as integer) as score,

        -- timestamps
        intervals.valid_from,
        intervals.valid_to

    from intervals
    inner join graded_fit_scores
        on
            intervals.fit_score = graded_fit_scores.fit_score
            and graded_fit_scores.grade_rank = 1

)

select *{{ lead_bucket_column() }} from scored
