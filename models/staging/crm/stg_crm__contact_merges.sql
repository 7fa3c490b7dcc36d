-- One row per merged-away contact: which contact it folded into, and when.
with

valid_merges as (

    select * from {{ ref('base_crm__contact_merges') }}
    where reject_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by merged_contact_id
            order by merged_at, loaded_at, source_file, source_row
        ) as merge_rank
    from valid_merges

),

first_merges as (

    select
        -- ids
        merged_contact_id,
        surviving_contact_id,

        -- timestamps
        merged_at,
        loaded_at

    from ranked
    where merge_rank = 1

)

select * from first_merges
