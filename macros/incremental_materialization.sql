{#- The materialization of the models a run updates in place: incremental,
    except on Spark, where plain Parquet tables take no delete or merge (and
    delete+insert is not a Spark strategy), so every Spark run rebuilds them
    as tables. dbt_project.yml spells the same rule inline for the lead
    history folder (project files cannot call macros). -#}
{% macro incremental_materialization() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}
