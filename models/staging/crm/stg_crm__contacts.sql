-- One row per contact: the latest usable version of each CRM record.
with

contact_versions as (

    select * from {{ ref('base_crm__contacts') }}
    where reject_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by contact_id
            order by version_at desc, loaded_at desc, source_file desc, source_row desc
        ) as version_rank,
        count(*) over (partition by contact_id) as version_count
    from contact_versions

),

latest as (

    select
        -- ids
        contact_id,

        -- strings
        email,
        email_domain,
        first_name,
        last_name,
        job_title,
        company_name,
        industry,
        country_code,
        country_raw,
        lead_source,

        -- numerics
        company_size,
        version_count,

        -- booleans
        is_email_valid,

        -- timestamps
        created_at,
        updated_at,
        loaded_at

    from ranked
    where version_rank = 1

)

select * from latest
