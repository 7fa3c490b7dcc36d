-- One row per marketing stage a lead entered in one of its cycles
-- (int_lead_cycle_qualifications): recycled at the start of every cycle
-- after the first, mql when the cycle met the MQL bar (or inferred at the
-- SQL moment when SQL came first), and sql. Stages inferred at an
-- opportunity are int_lead_stage_entries' part.
with

cycle_stages as (

    select
        lead_id,
        cycle_number,
        cycle_started_at,
        mql_threshold_at,
        sql_at,
        sql_reason,
        -- the threshold names the MQL unless SQL came first
        mql_threshold_at is not null
        and (sql_at is null or mql_threshold_at <= sql_at) as is_mql_by_threshold
    from {{ ref('int_lead_cycle_qualifications') }}
    {{ affected_leads_filter() }}

),

marketing_entries as (

    -- a recycle starts every cycle after the first
    select
        lead_id,
        cycle_number,
        'recycled' as stage,
        cycle_started_at as entered_at,
        'recycled' as reason,
        false as is_inferred
    from cycle_stages
    where cycle_number > 0

    union all

    -- MQL by threshold, or inferred at the SQL moment when SQL came first
    select
        lead_id,
        cycle_number,
        'mql' as stage,
        case when is_mql_by_threshold then mql_threshold_at else sql_at end as entered_at,
        case when is_mql_by_threshold then 'threshold' else sql_reason end as reason,
        not is_mql_by_threshold as is_inferred
    from cycle_stages
    where mql_threshold_at is not null or sql_at is not null

    union all

    select
        lead_id,
        cycle_number,
        'sql' as stage,
        sql_at as entered_at,
        sql_reason as reason,
        false as is_inferred
    from cycle_stages
    where sql_at is not null

)

select *{{ lead_bucket_column() }} from marketing_entries
