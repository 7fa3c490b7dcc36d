-- One row per lead per engagement epoch. Every lead starts in epoch 0; each
-- sales `recycled` disposition starts a new epoch in which the engagement
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

epoch_starts as (

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
        row_number() over (
            partition by lead_id
            order by started_at nulls first, recycle_disposition_id
        ) - 1 as epoch_number
    from epoch_starts

),

epochs as (

    select
        -- ids
        lead_id,
        recycle_disposition_id,

        -- numerics
        epoch_number,

        -- timestamps
        started_at,
        lead(started_at) over (
            partition by lead_id order by epoch_number
        ) as ended_at

    from numbered

)

select * from epochs
