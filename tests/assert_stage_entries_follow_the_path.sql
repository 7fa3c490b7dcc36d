-- Main-path stages are entered in path order: each stage's first entry is
-- no earlier than the one before it, and no stage is reached without the
-- ones before it (skipped stages are inferred, never missing).
with

leads as (

    select * from {{ ref('dim_leads') }}

),

steps as (

    select
        lead_id,
        'lead' as stage,
        created_at as previous_at,
        lead_at as entered_at
    from leads
    union all
    select
        lead_id,
        'mql' as stage,
        lead_at as previous_at,
        mql_at as entered_at
    from leads
    union all
    select
        lead_id,
        'sql' as stage,
        mql_at as previous_at,
        sql_at as entered_at
    from leads
    union all
    select
        lead_id,
        'opportunity' as stage,
        sql_at as previous_at,
        opportunity_at as entered_at
    from leads
    union all
    select
        lead_id,
        'customer' as stage,
        opportunity_at as previous_at,
        customer_at as entered_at
    from leads

)

select *
from steps
where
    entered_at is not null
    and (previous_at is null or entered_at < previous_at)
