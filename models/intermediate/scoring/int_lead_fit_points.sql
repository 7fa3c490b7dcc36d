-- One row per version of a lead's attributes per fit dimension that
-- matched: the winning fit rule (lowest priority among the dimension's
-- matching rules) and its points. A lead whose title or company changed has
-- one set of rows per version (int_contact_versions).
with

versions as (

    select * from {{ ref('int_contact_versions') }}

),

fit_rules as (

    select * from {{ ref('stg_rules__fit_rules') }}

),

matches as (

    select
        versions.lead_id,
        fit_rules.rule_id,
        fit_rules.dimension,
        fit_rules.attribute,
        fit_rules.points,
        case fit_rules.attribute
            when 'job_title' then versions.job_title
            when 'industry' then versions.industry
            when 'country_code' then versions.country_code
            when 'company_size' then cast(versions.company_size as {{ dbt.type_string() }})
        end as matched_value,
        row_number() over (
            partition by versions.lead_id, versions.version_number, fit_rules.dimension
            order by fit_rules.priority, fit_rules.rule_id
        ) as match_rank,
        versions.version_number,
        versions.is_current_version,
        versions.valid_from,
        versions.valid_to
    from versions
    inner join fit_rules
        on
            (
                fit_rules.attribute = 'job_title'
                and lower(versions.job_title) like fit_rules.pattern
            )
            or (
                fit_rules.attribute = 'industry'
                and lower(versions.industry) like fit_rules.pattern
            )
            or (
                fit_rules.attribute = 'country_code'
                and lower(versions.country_code) like fit_rules.pattern
            )
            or (
                fit_rules.attribute = 'company_size'
                and versions.company_size >= coalesce(fit_rules.min_value, versions.company_size)
                and versions.company_size <= coalesce(fit_rules.max_value, versions.company_size)
            )

),

fit_points as (

    select
        -- ids
        lead_id,
        rule_id,

        -- strings
        dimension,
        attribute,
        matched_value,

        -- numerics
        points,
        version_number,

        -- booleans
        is_current_version,

        -- timestamps
        valid_from,
        valid_to

    from matches
    where match_rank = 1

)

select * from fit_points
