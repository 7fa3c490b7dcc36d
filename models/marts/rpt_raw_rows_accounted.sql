-- Every raw row accounted for, per raw table: kept, set aside as a
-- duplicate, or rejected (fct_rejected_rows names each rejected row). The
-- read edge of int_raw_rows_accounted, for a sync's data-quality dashboard
-- and `leadflow demo`.
{{ config(materialized='view') }}

with

accounted as (

    select * from {{ ref('int_raw_rows_accounted') }}

),

final as (

    select
        -- strings
        source_table,

        -- numerics
        cast(raw_rows as bigint) as raw_rows,
        cast(kept_rows as bigint) as kept_rows,
        cast(duplicate_rows as bigint) as duplicate_rows,
        cast(rejected_rows as bigint) as rejected_rows

    from accounted

)

select * from final
