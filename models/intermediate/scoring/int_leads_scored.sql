-- One row per lead with its current fit score, fit grade, engagement score
-- and score, and when it was last active.
with

leads as (

    select * from {{ ref('int_leads') }}

),

current_scores as (

    select * from {{ ref('int_lead_scores_current') }}

),

grades as (

    select * from {{ ref('stg_rules__fit_grades') }}

),

events as (

    select * from {{ ref('int_engagement_events_attributed') }}

),

last_activity as (

    select
        lead_id,
        max(occurred_at) as last_activity_at
    from events
    group by lead_id

),

scores as (

    select
        leads.lead_id,
        coalesce(current_scores.fit_score, 0) as fit_score,
        coalesce(current_scores.engagement_score, 0) as engagement_score,
        coalesce(current_scores.score, 0) as score,
        current_scores.score_since
    from leads
    left join current_scores
        on leads.lead_id = current_scores.lead_id

),

graded as (

    select
        scores.*,
        grades.grade as fit_grade,
        row_number() over (
            partition by scores.lead_id
            order by grades.min_fit_score desc nulls last
        ) as grade_rank
    from scores
    inner join grades
        on grades.min_fit_score is null or scores.fit_score >= grades.min_fit_score

),

final as (

    select
        -- ids
        graded.lead_id,

        -- strings
        graded.fit_grade,

        -- numerics
        graded.fit_score,
        graded.engagement_score,
        graded.score,

        -- timestamps
        graded.score_since,
        last_activity.last_activity_at

    from graded
    left join last_activity
        on graded.lead_id = last_activity.lead_id
    where graded.grade_rank = 1

)

select * from final
