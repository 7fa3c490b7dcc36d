-- One row per lead per engagement cycle. Every lead starts in cycle 0; each
-- sales `recycled` disposition starts a new cycle in which the engagement
-- baseline is reset: only engagement earned from then on counts.
with

leads as (

    select * from {{ ref('int_leads') }}

),

dispositions as (

    select * from {{ ref('int_lead_dispositions_attributed') }}

),

recycles as (

    select
        lead_id,
        disposition_id,
        decided_at
    from dispositions
    where disposition = 'recycled'

),

cycle_starts as (

    select
        lead_id,
        cast(null as {{ dbt.type_string() }}) as recycle_disposition_id,
        cast(null as {{ dbt.type_timestamp() }}) as started_at
    from leads

    union all

    select
        lead_id,
        disposition_id as recycle_disposition_id,
        decided_at as started_at
    from recycles

),

numbered as (

    select
        lead_id,
        recycle_disposition_id,
        started_at,
        cast(row_number() over (
            partition by lead_id
            order by started_at nulls first, recycle_disposition_id
        ) - 1 as integer) as cycle_number
    from cycle_starts

),

cycles as (

    select
        -- ids
        lead_id,
        recycle_disposition_id,

        -- numerics
        cycle_number,

        -- timestamps
        started_at,
        lead(started_at) over (
            partition by lead_id order by cycle_number
        ) as ended_at

    from numbered

)

select * from cycles
