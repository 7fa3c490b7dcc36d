-- The thresholds in force, one row: what BI draws as lines on score
-- charts, and the highest fit score the fit rules allow (a lead matching
-- no rule of a dimension gets 0 from it), so a minimum no lead can reach
-- is visible.
{{ config(materialized='view') }}

with

thresholds as (

    select * from {{ ref('stg_rules__score_thresholds') }}

),

fit_rules as (

    select * from {{ ref('stg_rules__fit_rules') }}

),

best_per_dimension as (

    select
        dimension,
        max(points) as best_points
    from fit_rules
    group by dimension

),

reachable_fit as (

    select
        coalesce(
            sum(case when best_points > 0 then best_points else 0 end), 0
        ) as max_fit_score
    from best_per_dimension

),

final as (

    select
        cast(thresholds.mql_score_threshold as integer) as mql_score_threshold,
        cast(thresholds.sql_score_threshold as integer) as sql_score_threshold,
        cast(thresholds.mql_min_fit_score as integer) as mql_min_fit_score,
        cast(reachable_fit.max_fit_score as integer) as max_fit_score
    from thresholds
    cross join reachable_fit

)

select * from final
