-- The qualification levels within mql and sql (the qualification_levels
-- seed, checked in staging), each with what it asks for: a score, a fit
-- grade (and the fit score that grade starts at) and a category acted in
-- during the cycle. What `leadflow explain` tells a lead still needs.
{{ config(materialized='view') }}

with

levels as (

    select * from {{ ref('stg_rules__qualification_levels') }}

),

grades as (

    select * from {{ ref('stg_rules__fit_grades') }}

),

stages as (

    select * from {{ ref('lifecycle_stages') }}

),

final as (

    select
        -- ids
        levels.level,

        -- strings
        levels.stage,
        levels.min_fit_grade,
        levels.required_category,
        levels.description,

        -- numerics
        cast(stages.stage_order as integer) as stage_order,
        cast(levels.level_rank as integer) as level_rank,
        cast(levels.min_score as integer) as min_score,
        cast(grades.min_fit_score as integer) as min_fit_score

    from levels
    inner join stages
        on levels.stage = stages.stage
    left join grades
        on levels.min_fit_grade = grades.grade

)

select * from final
