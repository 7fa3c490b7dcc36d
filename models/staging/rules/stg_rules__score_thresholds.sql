-- The lifecycle thresholds as one row, from dbt vars (defaults in
-- dbt_project.yml, overridable per run with --vars). A threshold pair that
-- makes no sense stops the run here, before anything is scored.
{%- set mql = var('mql_score_threshold') -%}
{%- set sql = var('sql_score_threshold') -%}
{%- set min_fit = var('mql_min_fit_score') -%}
{%- for name, value in [('mql_score_threshold', mql), ('sql_score_threshold', sql),
                        ('mql_min_fit_score', min_fit)] -%}
    {%- if value is not number or value is boolean -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be a number, got '" ~ value ~ "' (dbt_project.yml vars or --vars)") }}
    {%- endif -%}
{%- endfor -%}
{%- if sql < mql -%}
    {{ exceptions.raise_compiler_error(
        "var sql_score_threshold (" ~ sql ~ ") is below mql_score_threshold (" ~ mql
        ~ "): a lead must reach MQL before SQL by score (dbt_project.yml vars or --vars)") }}
{%- endif %}

with

thresholds as (

    select
        cast({{ mql }} as integer) as mql_score_threshold,
        cast({{ sql }} as integer) as sql_score_threshold,
        cast({{ min_fit }} as integer) as mql_min_fit_score

)

select * from thresholds
