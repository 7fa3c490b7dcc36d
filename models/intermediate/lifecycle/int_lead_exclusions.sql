-- One row per lead with the reason it is excluded from the funnel (null
-- when it is not) and whether it can become a lead at all. Domains match
-- with their subdomains (cs.stanford.edu is academic); lists live in seeds.
with

leads as (

    select * from {{ ref('int_leads') }}

),

personal_domains as (

    select domain from {{ ref('personal_email_domains') }}

),

academic_suffixes as (

    select suffix from {{ ref('academic_domain_suffixes') }}

),

competitor_domains as (

    select domain from {{ ref('competitor_domains') }}

),

target_countries as (

    select country_code from {{ ref('target_countries') }}

),

excluded_job_titles as (

    select pattern from {{ ref('excluded_job_titles') }}

),

-- leads whose job title names a role that does not buy (student, intern,
-- freelancer...): regular expressions on the lower-cased title, matched
-- once per distinct title
titles as (

    select distinct lower(job_title) as title
    from leads
    where job_title is not null

),

excluded_titles as (

    select distinct titles.title
    from titles
    inner join excluded_job_titles
        on {{ matches_pattern_column('titles.title', 'excluded_job_titles.pattern') }}

),

-- the email domain and its parent domains (cs.stanford.edu, stanford.edu,
-- edu), so a list entry matches its subdomains through an equality join
domain_suffixes as (

    select
        lead_id,
        email_domain as candidate_domain
    from leads
    where email_domain is not null
    union
    select
        lead_id,
        regexp_extract(email_domain, '([^.]+[.][^.]+[.][^.]+)$', 1) as candidate_domain
    from leads
    where email_domain is not null
    union
    select
        lead_id,
        regexp_extract(email_domain, '([^.]+[.][^.]+)$', 1) as candidate_domain
    from leads
    where email_domain is not null
    union
    select
        lead_id,
        regexp_extract(email_domain, '([^.]+)$', 1) as candidate_domain
    from leads
    where email_domain is not null

),

list_matches as (

    select
        domain_suffixes.lead_id,
        bool_or(competitor_domains.domain is not null) as is_competitor,
        bool_or(personal_domains.domain is not null) as is_personal,
        bool_or(academic_suffixes.suffix is not null) as is_academic
    from domain_suffixes
    left join competitor_domains
        on domain_suffixes.candidate_domain = competitor_domains.domain
    left join personal_domains
        on domain_suffixes.candidate_domain = personal_domains.domain
    left join academic_suffixes
        on domain_suffixes.candidate_domain = academic_suffixes.suffix
    group by domain_suffixes.lead_id

),

matches as (

    select
        leads.lead_id,
        leads.is_email_valid,
        coalesce(list_matches.is_competitor, false) as is_competitor,
        coalesce(list_matches.is_personal, false) as is_personal,
        coalesce(list_matches.is_academic, false) as is_academic,
        leads.country_code is not null
        and target_countries.country_code is null as is_outside_target_countries,
        excluded_titles.title is not null as is_excluded_role
    from leads
    left join list_matches
        on leads.lead_id = list_matches.lead_id
    left join target_countries
        on leads.country_code = target_countries.country_code
    left join excluded_titles
        on lower(leads.job_title) = excluded_titles.title

),

exclusions as (

    select
        -- ids
        lead_id,

        -- strings
        case
            when is_competitor then 'competitor_email_domain'
            when is_personal then 'personal_email_domain'
            when is_academic then 'academic_email_domain'
            when is_outside_target_countries then 'country_outside_target'
            when is_excluded_role then 'role'
        end as exclusion_reason,

        -- booleans
        is_email_valid
        and not (
            is_competitor or is_personal or is_academic or is_outside_target_countries
            or is_excluded_role
        ) as is_lead_eligible

    from matches

)

select * from exclusions
