-- One row per version of a lead's scored attributes (job title, company
-- size, industry, country and the declared contact properties: the
-- fit_attributes macro), in the order the CRM wrote them: the history a
-- snapshot would keep, rebuilt from the record versions raw holds, so a
-- full refresh gives the same history as incremental runs. A version holds
-- from its updated_at (the first from the lead's creation) until the next.
-- Versions that repeat the previous attributes are folded into it.
with

leads as (

    select * from {{ ref('int_leads') }}

),

contact_rows as (

    select * from {{ ref('base_crm__contacts') }}
    where reject_reason is null

),

-- of several rows written at one instant, the last to land describes it
-- (the same order stg_crm__contacts uses to pick the latest version)
versions_at_instants as (

    select
        contact_rows.*,
        leads.created_at as lead_created_at,
        row_number() over (
            partition by contact_rows.contact_id, contact_rows.version_at
            order by
                contact_rows.loaded_at desc,
                contact_rows.source_file desc,
                contact_rows.source_row desc
        ) as instant_rank
    from contact_rows
    inner join leads
        on contact_rows.contact_id = leads.lead_id

),

fingerprinted as (

    select
        contact_id as lead_id,
        {{ fit_attributes() | join(',\n        ') }},
        version_at,
        lead_created_at,
        {{ row_hash(fit_attributes()) }} as attributes_hash
    from versions_at_instants
    where instant_rank = 1

),

changes as (

    select
        *,
        lag(attributes_hash) over (
            partition by lead_id order by version_at
        ) as previous_attributes_hash
    from fingerprinted

),

versions as (

    select
        *,
        row_number() over (partition by lead_id order by version_at) as version_number
    from changes
    where
        previous_attributes_hash is null
        or attributes_hash != previous_attributes_hash

),

dated as (

    select
        -- ids
        lead_id,

        -- attributes (strings, company_size a number)
        {{ fit_attributes() | join(',\n        ') }},

        -- numerics
        version_number,

        -- timestamps
        case
            when version_number = 1 then lead_created_at
            else greatest(version_at, lead_created_at)
        end as valid_from

    from versions

),

final as (

    select
        *,
        lead(valid_from) over (partition by lead_id order by version_number) as valid_to
    from dated

)

select * from final
