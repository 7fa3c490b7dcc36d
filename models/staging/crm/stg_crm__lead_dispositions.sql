-- One row per sales disposition (first delivery of each disposition_id).
with

dispositions as (

    select * from {{ ref('base_crm__lead_dispositions') }}
    where reject_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by disposition_id
            order by loaded_at, source_file, source_row
        ) as delivery_rank
    from dispositions

),

first_deliveries as (

    select
        -- ids
        disposition_id,
        contact_id,
        rep_id,

        -- strings
        disposition,
        disposition_reason,

        -- timestamps
        decided_at,
        loaded_at

    from ranked
    where delivery_rank = 1

)

select * from first_deliveries
