-- One row per lead per fit dimension that matched: the winning fit rule
-- (lowest priority among the dimension's matching rules) and its points.
with

leads as (

    select * from {{ ref('int_leads') }}

),

fit_rules as (

    select * from {{ ref('stg_rules__fit_rules') }}

),

matches as (

    select
        leads.lead_id,
        fit_rules.rule_id,
        fit_rules.dimension,
        fit_rules.attribute,
        fit_rules.points,
        case fit_rules.attribute
            when 'job_title' then leads.job_title
            when 'industry' then leads.industry
            when 'country_code' then leads.country_code
            when 'company_size' then cast(leads.company_size as {{ dbt.type_string() }})
        end as matched_value,
        row_number() over (
            partition by leads.lead_id, fit_rules.dimension
            order by fit_rules.priority, fit_rules.rule_id
        ) as match_rank
    from leads
    inner join fit_rules
        on
            (fit_rules.attribute = 'job_title' and lower(leads.job_title) like fit_rules.pattern)
            or (fit_rules.attribute = 'industry' and lower(leads.industry) like fit_rules.pattern)
            or (
                fit_rules.attribute = 'country_code'
                and lower(leads.country_code) like fit_rules.pattern
            )
            or (
                fit_rules.attribute = 'company_size'
                and leads.company_size >= coalesce(fit_rules.min_value, leads.company_size)
                and leads.company_size <= coalesce(fit_rules.max_value, leads.company_size)
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
        points

    from matches
    where match_rank = 1

)

select * from fit_points
