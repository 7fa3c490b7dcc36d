{#- The score quality vars, checked: whole, non-negative day counts and an
    outcome stage that dim_leads dates (its `<stage>_at` column). Stops the
    run naming the var otherwise. -#}
{% macro score_quality_settings() -%}
    {%- set settings = {
        'decision_days': var('score_quality_decision_days'),
        'horizon_days': var('score_quality_horizon_days'),
        'outcome_stage': var('score_quality_outcome_stage'),
    } -%}
    {%- for name in ['decision_days', 'horizon_days'] -%}
        {%- set value = settings[name] -%}
        {%- if value is not number or value is boolean or value < 0 or value != value | int -%}
            {{ exceptions.raise_compiler_error(
                "var score_quality_" ~ name ~ " must be a whole number of days >= 0, got '"
                ~ value ~ "' (dbt_project.yml vars or --vars)") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if settings['outcome_stage'] not in ['mql', 'sql', 'opportunity', 'customer'] -%}
        {{ exceptions.raise_compiler_error(
            "var score_quality_outcome_stage must be one of mql, sql, opportunity, customer, "
            ~ "got '" ~ settings['outcome_stage'] ~ "' (dbt_project.yml vars or --vars)") }}
    {%- endif -%}
    {{ return(settings) }}
{%- endmacro %}
