{#- Arrival stamps for the base models that are retyped whole on every run
    (contacts, dispositions, opportunities: small next to the events). A
    row keeps the `staged_at` of the run that first staged it with its
    current outcome; a row that is new, or whose reject reason changed (an
    orphan whose contact arrived), is stamped with this run. The stamps are
    what int_leads_affected reads to find the leads this run reached.
    Reads the table's previous build by name ({{ this }} while the new one is
    written); none on a first build, or one from before the stamp existed.
    A raw row without its file and row columns matches nothing, so it is
    always new (and its lead recomputed on every run). On Spark every run
    rebuilds the base models (incremental_materialization), and a Parquet
    table is dropped before its replacement is written, so there is no
    previous build to read: every row carries this run's stamp, and
    int_leads_affected compares input fingerprints there instead. -#}
{% macro staged_at_of_rows(relation_alias) -%}
    {%- set previous = adapter.get_relation(
        database=this.database, schema=this.schema, identifier=this.identifier
    ) if execute and target.type != 'spark' else none -%}
    {%- set has_stamp = previous is not none
        and 'staged_at' in (adapter.get_columns_in_relation(previous) | map(attribute='name') | map('lower') | list) -%}
    {%- if has_stamp -%}
        coalesce(
            (
                select previously_staged.staged_at
                from {{ previous }} as previously_staged
                where
                    previously_staged.source_file = {{ relation_alias }}.source_file
                    and previously_staged.source_row = {{ relation_alias }}.source_row
                    and previously_staged.reject_reason
                    is not distinct from {{ relation_alias }}.reject_reason
            ),
            {{ leadflow.staging_run_time() }}
        )
    {%- else -%}
        {{ leadflow.staging_run_time() }}
    {%- endif -%}
{%- endmacro %}
