{#- What every rule that awards engagement points shares, whether an event
    scores it (engagement_rules) or a burst of events does (velocity_rules):
    the same seed checks, the same per-lead count cap and the same expiry.
    Written once so that both kinds of award behave alike. -#}

{#- The seed checks (for assert_seed_rows_valid) of an award's points, its
    per-lead count cap, its expiry and its category. -#}
{% macro award_rule_checks() -%}
    {{ return([
        {'when': 'points is null or not ' ~ leadflow.matches_pattern('points', '^-?[0-9]+$'),
         'column': 'points', 'problem': 'is not a whole number'},
        {'when': 'max_count_per_lead is not null and not '
                 ~ leadflow.matches_pattern('max_count_per_lead', '^[1-9][0-9]*$'),
         'column': 'max_count_per_lead', 'problem': 'is not a whole number of one or more'},
        {'when': 'expires_after_days is not null and not '
                 ~ leadflow.matches_pattern('expires_after_days', '^[0-9]+$'),
         'column': 'expires_after_days', 'problem': 'is not a whole number of zero or more days'},
        {'when': "category is null or category not in (select category from "
                 ~ ref('score_categories') ~ " where category is not null)",
         'column': 'category', 'problem': 'is not a category of seeds/scoring/score_categories.csv'},
    ]) }}
{%- endmacro %}

{#- True when an award is past its rule's per-lead count (the
    `rule_occurrence`-th of its rule in the cycle; no cap without
    `max_count_per_lead`). -#}
{% macro is_over_rule_count() -%}
    coalesce(
        max_count_per_lead is not null and rule_occurrence > max_count_per_lead,
        false
    )
{%- endmacro %}

{#- When an award's points leave the score: `expires_after_days` after it,
    or never. -#}
{% macro award_expires_at() -%}
    case
        when expires_after_days is not null
            then {{ dbt.dateadd('day', 'expires_after_days', 'occurred_at') }}
    end
{%- endmacro %}
