{#- Incremental staging of raw rows. A raw row is staged once: a run stages
    the rows of files (source_file) never staged before, plus rows that
    landed within `staging_lookback_hours` of the newest row already staged
    (a sync that keeps appending to one file name, or stamps loaded_at a
    little late) and are not staged yet. Each staged row carries the time of
    the run that staged it (`staged_at`), so the models after it pick up
    exactly the rows this run added. On a first run or a full refresh every
    raw row is staged. -#}
{% macro staging_run_time() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- A row cannot have landed after it was staged: a loaded_at in the future
    (a typo, a wrong clock) is left out, or it would hold the window shut. -#}
{% macro staging_watermark() -%}
    (
        select
            {{ dbt.dateadd(
                'hour',
                -1 * var('staging_lookback_hours'),
                'max(case when loaded_at <= staged_at then loaded_at end)',
            ) }}
        from {{ this }}
    )
{%- endmacro %}

{#- A where clause over the raw source: the raw rows an incremental run has
    to look at. Rows among them that are already staged are dropped after
    typing by `not_yet_staged`. -#}
{% macro raw_rows_to_stage(relation_alias) -%}
    {%- if is_incremental() -%}
        where
            coalesce({{ relation_alias }}._source_file, '') not in (
                select distinct coalesce(source_file, '') from {{ this }}
            )
            -- landed since the watermark, or unknown when
            or coalesce(
                {{ leadflow.parse_timestamp(relation_alias ~ '.loaded_at') }}
                >= {{ staging_watermark() }},
                true
            )
    {%- endif -%}
{%- endmacro %}

{% macro not_yet_staged(relation_alias) -%}
    {%- if is_incremental() -%}
        where not exists (
            select 1
            from {{ this }} as staged
            where
                -- the same window as raw_rows_to_stage: a staged copy of any
                -- candidate row is among these
                coalesce(staged.loaded_at >= {{ staging_watermark() }}, true)
                and coalesce(staged.source_file, '') = coalesce({{ relation_alias }}.source_file, '')
                and coalesce(staged.source_row, -1) = coalesce({{ relation_alias }}.source_row, -1)
        )
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of an incremental base model whose rows may point at a contact
    that had not arrived when they were staged: rows rejected as orphans
    whose contact is known now become usable, restamped with this run's
    time so the staging model after it picks them up. -#}
{% macro restage_resolved_orphans() -%}
    {%- if is_incremental() -%}
        update {{ this }}
        set
            reject_reason = null,
            staged_at = {{ leadflow.staging_run_time() }}
        where
            reject_reason = 'orphan_contact_id'
            and contact_id in ({{ leadflow.known_contact_ids() }})
    {%- endif -%}
{%- endmacro %}
