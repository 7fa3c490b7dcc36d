-- One row per sales activity (first delivery of each activity_id).
with

activities as (

    select * from {{ ref('base_crm__sales_activities') }}
    where reject_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by activity_id
            order by loaded_at, source_file, source_row
        ) as delivery_rank
    from activities

),

first_deliveries as (

    select
        -- ids
        activity_id,
        contact_id,
        rep_id,

        -- strings
        activity_type,

        -- timestamps
        occurred_at,
        loaded_at

    from ranked
    where delivery_rank = 1

)

select * from first_deliveries
