-- The lifecycle stages in path order (the lifecycle_stages seed): what BI
-- sorts funnel charts by, and which stages form the main path.
{{ config(materialized='view') }}

with

stages as (

    select * from {{ ref('lifecycle_stages') }}

),

final as (

    select
        -- strings
        stage,
        description,

        -- numerics
        cast(stage_order as integer) as stage_order,

        -- booleans
        cast(is_main_path as boolean) as is_main_path

    from stages

)

select * from final
