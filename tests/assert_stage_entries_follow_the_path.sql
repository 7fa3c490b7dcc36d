-- Main-path stages are entered in path order: each stage's first entry is
-- no earlier than the one before it, and no stage is reached without the
-- ones before it (skipped stages are inferred, never missing).
with

leads as (

    select * from {{ ref('dim_leads') }}

),

steps as (

    select lead_id, 'lead' as stage, created_at as previous_at, lead_at as entered_at
    from leads
    union all
    select lead_id, 'mql', lead_at, mql_at from leads
    union all
    select lead_id, 'sql', mql_at, sql_at from leads
    union all
    select lead_id, 'opportunity', sql_at, opportunity_at from leads
    union all
    select lead_id, 'customer', opportunity_at, customer_at from leads

)

select *
from steps
where
    entered_at is not null
    and (previous_at is null or entered_at < previous_at)
