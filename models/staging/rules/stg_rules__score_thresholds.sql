-- The lifecycle thresholds as one row, from dbt vars (defaults in
-- dbt_project.yml, overridable per run with --vars). A threshold pair that
-- makes no sense stops the run here, before anything is scored.
{{ assert_valid_thresholds() }}

with

thresholds as (

    select
        cast({{ var('mql_score_threshold') }} as integer) as mql_score_threshold,
        cast({{ var('sql_score_threshold') }} as integer) as sql_score_threshold,
        cast({{ var('mql_min_fit_score') }} as integer) as mql_min_fit_score

)

select * from thresholds
