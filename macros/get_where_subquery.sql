{#- dbt's hook for a test's `where` config (the workaround dbt documents for
    templating it with a macro). One addition: `where: affected_leads_only`
    keeps the leads int_leads_affected holds, so on an incremental run the
    lead history's invariant tests check the leads this run recomputed
    (the rest is unchanged since it was last checked), and on a first run
    or a full refresh, when every lead is affected, everything. Rows with
    no lead are always kept: no run's leads would ever include them, and a
    not-null check on lead_id must see them. Set for the
    lead history folder's tests in dbt_project.yml and for the history
    marts' whole-history tests. The relation is looked up in the graph (it
    lives in the intermediate schema, whatever the tested model's): a test
    may not ref() what its model does not declare. Before it was ever
    built, the test checks every row.
    Two placeholders, as dbt documents for templated `where`s: `__this__`
    is the tested relation and `__run_started_at__` this run's start, so a
    test can check the keys that arrived in this run (stamped with it) -
    every row on a first run or a full refresh.
    Both are run-scoped, and a full refresh (`--full-refresh`) leaves them
    out: they would keep every row. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {#- on a full refresh every row was written by this run and every lead
        is recomputed, so a run-scoped filter would keep every row: left
        out, it spares a semi-join over the whole table (1.7-5 s per test
        on the 20M-30M-row tables at 1M, each measured alone) -#}
    {%- if flags.FULL_REFRESH and where
        and (where == 'affected_leads_only' or '__run_started_at__' in where) -%}
        {%- set where = none -%}
    {%- endif -%}
    {%- if where == 'affected_leads_only' -%}
        {%- set node = graph.nodes.values()
            | selectattr('resource_type', 'equalto', 'model')
            | selectattr('name', 'equalto', 'int_leads_affected')
            | first -%}
        {%- set affected = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) -%}
        {%- if affected is not none -%}
            {#- a row without a lead is kept: it belongs to no lead, so no
                run would ever check it, and its not-null check must see it -#}
            {%- set where = '(lead_id is null or lead_id in (select lead_id from '
                ~ affected ~ '))' -%}
        {%- else -%}
            {%- set where = none -%}
        {%- endif -%}
    {%- endif -%}
    {%- if where -%}
        {%- set where = where
            | replace('__this__', relation | string)
            | replace('__run_started_at__', leadflow.staging_run_time()) -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
