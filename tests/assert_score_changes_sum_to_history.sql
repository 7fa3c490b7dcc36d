-- The change log and the history tell the same story: summing a lead's
-- changes gives the score of its last interval. Checked on the clock-free
-- history for the leads this run recomputed; on a full refresh, every lead
-- is, so the whole history is checked without that filter (as
-- get_where_subquery does for the generic tests; the ref stays either way,
-- so the test's dependencies never depend on the flags dbt parsed with).
-- The marts' as-of cut of both is tested in
-- models/marts/_marts__unit_tests.yml.
{%- set scoped = not flags.FULL_REFRESH %}
with

affected as (

    select lead_id from {{ ref('int_leads_affected') }}

),

change_totals as (

    select
        lead_id,
        sum(delta) as total_delta
    from {{ ref('int_lead_score_changes') }}
    {% if scoped -%}
    where lead_id in (select affected.lead_id from affected)
    {% endif -%}
    group by lead_id

),

last_intervals as (

    select * from {{ ref('int_lead_score_intervals') }}
    where
        valid_to is null
        {% if scoped -%}
        and lead_id in (select affected.lead_id from affected)
        {%- endif %}

)

select
    last_intervals.lead_id,
    last_intervals.score,
    coalesce(change_totals.total_delta, 0) as total_delta
from last_intervals
left join change_totals
    on last_intervals.lead_id = change_totals.lead_id
where last_intervals.score != coalesce(change_totals.total_delta, 0)
