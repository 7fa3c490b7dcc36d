-- One row per lead (after CRM merges): who it is and its current score.
with

leads as (

    select * from {{ ref('int_leads') }}

),

scores as (

    select * from {{ ref('int_leads_scored') }}

),

final as (

    select
        -- ids
        leads.lead_id,

        -- strings
        leads.email,
        leads.email_domain,
        leads.first_name,
        leads.last_name,
        leads.company_name,
        leads.job_title,
        leads.industry,
        leads.country_code as country,
        leads.lead_source,
        scores.fit_grade,

        -- numerics
        leads.company_size,
        scores.fit_score,
        scores.engagement_score,
        scores.score,
        leads.merged_contact_count,
        leads.visitor_count,

        -- booleans
        leads.is_email_valid,

        -- timestamps
        leads.created_at,
        scores.score_since,
        scores.last_activity_at

    from leads
    inner join scores
        on leads.lead_id = scores.lead_id

)

select * from final
