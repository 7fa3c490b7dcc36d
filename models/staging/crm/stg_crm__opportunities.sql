-- One row per opportunity: its latest synced state (an opportunity is synced
-- again when it moves from open to won or lost).
with

opportunities as (

    select * from {{ ref('base_crm__opportunities') }}
    where reject_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by opportunity_id
            order by loaded_at desc, source_file desc, source_row desc
        ) as state_rank
    from opportunities

),

latest_state as (

    select
        -- ids
        opportunity_id,
        contact_id,

        -- strings
        status,

        -- numerics
        amount,

        -- booleans
        status = 'won' as is_won,
        status in ('won', 'lost') as is_closed,

        -- timestamps
        created_at,
        closed_at,
        loaded_at

    from ranked
    where state_rank = 1

)

select * from latest_state
