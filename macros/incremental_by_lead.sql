{#- The per-lead incremental mechanism (docs/lead_history.md). Every model in
    models/intermediate/lead_history recomputes every row of the leads in
    int_leads_affected and keeps the rest: the pre-hook (set for the folder
    in dbt_project.yml) deletes the affected leads' old rows, leads that
    vanished (merged away) included, and `affected_leads_filter` restricts a
    CTE's input to the affected leads. On a first run or a full refresh both
    do nothing and the model is built whole. On Spark both work by lead
    bucket (below). -#}
{% macro delete_affected_leads() -%}
    {{ return(adapter.dispatch('delete_affected_leads', 'leadflow')()) }}
{%- endmacro %}

{% macro default__delete_affected_leads() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where lead_id in (select lead_id from {{ ref('int_leads_affected') }})
    {%- endif -%}
{%- endmacro %}

{#- Spark (plain Parquet: no delete): the models are partitioned by
    lead_bucket and written with insert_overwrite of the buckets the run
    recomputes. Dynamic overwrite leaves alone a partition the new rows lack,
    so a bucket whose every lead vanished (merged away) would keep its old
    rows: the affected buckets are dropped first, then written again. -#}
{% macro spark__delete_affected_leads() -%}
    {%- if is_incremental() and execute -%}
        {%- set buckets = run_query(
            'select distinct ' ~ leadflow.lead_bucket('lead_id')
            ~ ' as lead_bucket from ' ~ ref('int_leads_affected')
        ).columns[0].values() -%}
        {%- if buckets | length > 0 -%}
            alter table {{ this }} drop if exists
            {% for bucket in buckets | sort -%}
                partition (lead_bucket = {{ bucket }}){% if not loop.last %},{% endif %}
            {% endfor %}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro affected_leads_filter(lead_id_column='lead_id') -%}
    {#- ref() outside the branch: dbt records the dependency at parse time,
        when is_incremental() is always false -#}
    {%- set affected = ref('int_leads_affected') -%}
    {%- if is_incremental() -%}
        {{ return(adapter.dispatch('affected_leads_filter', 'leadflow')(lead_id_column, affected)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__affected_leads_filter(lead_id_column, affected) -%}
    where {{ lead_id_column }} in (select lead_id from {{ affected }})
{%- endmacro %}

{#- Spark: every lead of a bucket that holds an affected lead, so each
    bucket the run overwrites is computed whole, as a full build would -#}
{% macro spark__affected_leads_filter(lead_id_column, affected) -%}
    where {{ leadflow.lead_bucket(lead_id_column) }} in (
        select {{ leadflow.lead_bucket('lead_id') }} from {{ affected }}
    )
{%- endmacro %}

{#- The bucket of a lead on Spark, the partition of the lead history tables
    there (var spark_lead_buckets). -#}
{% macro lead_bucket(lead_id_column='lead_id') -%}
    pmod(xxhash64({{ lead_id_column }}), {{ var('spark_lead_buckets') }})
{%- endmacro %}

{#- The lead_bucket column a lead history model ends with on Spark, where
    its table is partitioned by it (`select *{{ lead_bucket_column() }}
    from final`); nothing on other engines. -#}
{% macro lead_bucket_column() -%}
    {{ return(adapter.dispatch('lead_bucket_column', 'leadflow')()) }}
{%- endmacro %}

{% macro default__lead_bucket_column() -%}
{%- endmacro %}

{% macro spark__lead_bucket_column() -%}
    , {{ leadflow.lead_bucket('lead_id') }} as lead_bucket
{%- endmacro %}

{#- The state the last successful run left (int_lead_history_state), or
    none on a first run or a full refresh. Read by name, not ref(): the
    state is written downstream of its readers. -#}
{% macro lead_history_state() -%}
    {%- set state = adapter.get_relation(
        database=this.database, schema=this.schema, identifier='int_lead_history_state'
    ) if execute else none -%}
    {{ return(state if not flags.FULL_REFRESH else none) }}
{%- endmacro %}

{#- The run start up to which the lead history has processed what arrived.
    Every arrival stamp (staged_at, attributed_at, resolved_at) later than it
    is news for the lead history models. Before any state, the start of
    time. -#}
{% macro lead_history_watermark() -%}
    {%- set state = leadflow.lead_history_state() -%}
    {%- if state is not none -%}
        (select max(processed_through) from {{ state }})
    {%- else -%}
        cast('1900-01-01' as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{#- How int_leads_affected finds the leads what arrived reached.
    'arrival_stamps' (default): the staged_at / attributed_at / resolved_at
    stamps later than the watermark; the models that carry them are updated
    in place, so a stamp outlives the run that wrote it. 'input_fingerprints'
    (Spark): those models are tables rebuilt by every run there (no delete or
    merge on Parquet), so every stamp is this run's; a lead is reached when
    the fingerprint of its inputs (int_lead_input_fingerprints) differs from
    the one the last processed run recorded (int_lead_history_input_state). -#}
{% macro lead_history_delta_method() -%}
    {{ return(adapter.dispatch('lead_history_delta_method', 'leadflow')()) }}
{%- endmacro %}

{% macro default__lead_history_delta_method() -%}
    {{ return('arrival_stamps') }}
{%- endmacro %}

{% macro spark__lead_history_delta_method() -%}
    {{ return('input_fingerprints') }}
{%- endmacro %}

{#- The per-lead input fingerprints the last successful run recorded
    (int_lead_history_input_state), or none on a first run or a full
    refresh. By name, not ref(): it is written downstream of its reader. -#}
{% macro lead_history_input_state() -%}
    {%- set state = adapter.get_relation(
        database=this.database, schema=this.schema, identifier='int_lead_history_input_state'
    ) if execute else none -%}
    {{ return(state if not flags.FULL_REFRESH else none) }}
{%- endmacro %}
