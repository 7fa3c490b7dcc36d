-- One row per raw row staging could not use, with the reason and the file
-- and row it came from: the read edge of the quarantine
-- (stg_crm__rejected_rows), so nothing bad is lost or hidden from BI.
{{ config(materialized='view') }}

with

rejected as (

    select * from {{ ref('stg_crm__rejected_rows') }}

),

final as (

    select
        -- ids
        rejected_row_id,
        record_id,

        -- strings
        source_table,
        source_file,
        reject_reason,

        -- numerics
        cast(source_row as bigint) as source_row,

        -- timestamps
        loaded_at

    from rejected

)

select * from final
