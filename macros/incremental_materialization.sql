{#- The materialization of the staging and identity models a run updates
    in place (keyed delete+insert): incremental, except on Spark, where plain
    Parquet tables take no delete or merge (and delete+insert is not a Spark
    strategy), so every Spark run rebuilds them as tables. (The lead history
    models are incremental on Spark too, by lead bucket: dbt_project.yml and
    docs/lead_history.md.) -#}
{% macro incremental_materialization() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}
