{#- A select of every lead's fit, engagement and total score as of a moment:
    the history interval with valid_from <= as_of < valid_to (or open).
    At a boundary the new interval counts: a change at 09:00 is in the score
    as of 09:00. Leads whose history starts later are absent.
      select * from ({{ lead_scores_as_of("timestamp '2025-03-01'") }}) as scores
    `as_of` is a SQL timestamp expression; `history` defaults to the
    fct_lead_score_history mart. -#}
{% macro lead_scores_as_of(as_of, history=none) -%}
    {%- set history_relation = history if history is not none else ref('fct_lead_score_history') -%}
    select
        lead_id,
        fit_score,
        engagement_score,
        score,
        valid_from as score_since
    from {{ history_relation }}
    where
        valid_from <= {{ as_of }}
        and (valid_to is null or valid_to > {{ as_of }})
{%- endmacro %}
