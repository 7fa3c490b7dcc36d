-- Score distribution on the first of each month (DuckDB SQL): for every
-- month of history, how many leads sat in each score band as of 00:00 UTC on the 1st,
-- through the lead_scores_as_of macro. Compile with
-- `dbt compile --select score_distribution_by_month` and run the SQL in
-- target/compiled/, or paste it into any DuckDB client.
-- depends_on: {{ ref('fct_lead_score_history') }}
{%- set band_width = 20 -%}
{%- set months = [] -%}
{%- set history = ref('fct_lead_score_history') -%}
{%- if execute and adapter.get_relation(history.database, history.schema, history.identifier) -%}
    {#- every first of the month from the first history to the last change -#}
    {%- set found = run_query(
        "select cast(unnest(generate_series("
        ~ "date_trunc('month', min(valid_from)) + interval 1 month, "
        ~ "greatest(max(valid_from), max(valid_to)), interval 1 month)) as date)"
        ~ " from " ~ ref('fct_lead_score_history')
    ) -%}
    {%- set months = found.columns[0].values() -%}
{%- endif %}

with

scores_by_month as (

    {% for month in months %}
    select
        cast('{{ month }}' as date) as as_of_date,
        scores.lead_id,
        scores.score
    from ({{ lead_scores_as_of("cast('" ~ month ~ "' as timestamp)") }}) as scores
    {% if not loop.last %}union all{% endif %}
    {% else %}
    select
        cast(null as date) as as_of_date,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as integer) as score
    where false
    {% endfor %}

),

banded as (

    select
        as_of_date,
        score,
        floor(score / {{ band_width }}) * {{ band_width }} as score_band_from
    from scores_by_month

)

select
    as_of_date,
    score_band_from,
    score_band_from + {{ band_width }} as score_band_to,
    count(*) as leads,
    round(avg(score), 1) as average_score
from banded
group by as_of_date, score_band_from
order by as_of_date, score_band_from
