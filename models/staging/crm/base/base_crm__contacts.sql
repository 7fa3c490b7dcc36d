-- Every raw contact row, typed and normalised, with the reason it cannot be
-- used (null when it can). One row per raw row: nothing is filtered here.
with

source as (

    select * from {{ source('crm', 'contacts') }}

),

country_aliases as (

    select * from {{ ref('country_aliases') }}

),

typed as (

    select
        -- ids
        {{ clean_text('source.contact_id') }} as contact_id,

        -- strings
        lower({{ clean_text('source.email') }}) as email,
        {{ clean_text('source.first_name') }} as first_name,
        {{ clean_text('source.last_name') }} as last_name,
        {{ clean_text('source.job_title') }} as job_title,
        {{ clean_text('source.company_name') }} as company_name,
        lower({{ clean_text('source.industry') }}) as industry,
        upper({{ clean_text('source.country') }}) as country_raw,
        coalesce(
            country_aliases.country_code,
            upper({{ clean_text('source.country') }})
        ) as country_candidate,
        replace(
            lower({{ clean_text('source.lead_source') }}), ' ', '_'
        ) as lead_source,
        -- extra contact properties fit rules read (var fit_contact_properties)
        {%- for property in extra_contact_properties(source('crm', 'contacts')) %}
            lower({{ clean_text('source.' ~ property) }}) as {{ property }},
        {%- endfor %}

        -- numerics
        {{ try_cast(clean_text('source.company_size'), 'integer') }}
            as company_size,

        -- timestamps
        {{ parse_timestamp('source.created_at') }} as created_at,
        {{ parse_timestamp('source.updated_at') }} as updated_at,
        {{ clean_text('source.created_at') }} as created_at_raw,
        {{ clean_text('source.updated_at') }} as updated_at_raw,

        -- landing metadata
        {{ landing_metadata('source') }}

    from source
    left join country_aliases
        on upper({{ clean_text('source.country') }}) = country_aliases.alias

),

normalised as (

    select
        *,
        -- one @, something before it, a dotted domain after it, no spaces
        coalesce(
            {{ matches_pattern('email', '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$') }},
            false
        ) as is_email_valid,
        case
            when {{ matches_pattern('country_candidate', '^[A-Z]{2}$') }}
                then country_candidate
        end as country_code
    from typed

),

validated as (

    select
        *,
        case
            when email is not null and is_email_valid
                then {{ dbt.split_part('email', "'@'", 2) }}
        end as email_domain,
        -- the version time that decides which record of a contact is latest
        coalesce(updated_at, created_at) as version_at,
        case
            when contact_id is null then 'missing_contact_id'
            when created_at_raw is null then 'missing_created_at'
            when created_at is null then 'unparseable_created_at'
            when updated_at_raw is not null and updated_at is null
                then 'unparseable_updated_at'
            when {{ is_future_timestamp('created_at') }}
                then 'future_created_at'
            when {{ is_future_timestamp('updated_at') }}
                then 'future_updated_at'
        end as reject_reason
    from normalised

),

-- when the row arrived with its current outcome (see staged_at_of_rows)
stamped as (

    select
        validated.*,
        {{ staged_at_of_rows('validated') }} as staged_at
    from validated

)

select * from stamped
