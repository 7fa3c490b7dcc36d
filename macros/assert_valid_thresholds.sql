{#- Stops the run when the lifecycle threshold vars make no sense: a value
    that is not a number, or an SQL threshold below the MQL threshold. The
    message names the var and where to change it. -#}
{% macro assert_valid_thresholds() %}
    {%- set mql = var('mql_score_threshold') -%}
    {%- set sql = var('sql_score_threshold') -%}
    {%- set named = {
        'mql_score_threshold': mql,
        'sql_score_threshold': sql,
        'mql_min_fit_score': var('mql_min_fit_score'),
    } -%}
    {%- for name, value in named.items() -%}
        {%- if value is not number or value is boolean -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " must be a number, got '" ~ value
                ~ "' (dbt_project.yml vars or --vars)") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if sql < mql -%}
        {{ exceptions.raise_compiler_error(
            "var sql_score_threshold (" ~ sql ~ ") is below mql_score_threshold (" ~ mql
            ~ "): a lead must reach MQL before SQL by score (dbt_project.yml vars or --vars)") }}
    {%- endif -%}
{% endmacro %}
