-- One row per lead: a fingerprint of everything its scores and stages are
-- computed from (its events, sales decisions, opportunities, contact
-- attribute versions, merged ids) and of the rules all leads share (the
-- rule seeds and thresholds). An incremental run recomputes exactly the leads whose
-- fingerprint changed since the last run.
with

leads as (

    select * from {{ ref('int_leads') }}

),

events as (

    select
        lead_id,
        {{ hash_aggregate(['event_id', 'occurred_at', 'event_type', 'url']) }} as fingerprint
    from {{ ref('int_engagement_events_attributed') }}
    group by lead_id

),

dispositions as (

    select
        lead_id,
        {{ hash_aggregate(['disposition_id', 'disposition', 'decided_at']) }} as fingerprint
    from {{ ref('int_lead_dispositions_attributed') }}
    group by lead_id

),

opportunities as (

    select
        lead_id,
        {{ hash_aggregate(['opportunity_id', 'status', 'created_at', 'closed_at']) }}
            as fingerprint
    from {{ ref('int_opportunities_attributed') }}
    group by lead_id

),

attribute_versions as (

    select
        lead_id,
        {{ hash_aggregate(['version_number', 'valid_from', 'job_title', 'company_size',
            'industry', 'country_code']) }} as fingerprint
    from {{ ref('int_contact_versions') }}
    group by lead_id

),

merged_contacts as (

    select
        lead_id,
        {{ hash_aggregate(['contact_id']) }} as fingerprint
    from {{ ref('int_contacts_resolved') }}
    group by lead_id

),

-- the shared rules: any change to a seed row or a threshold changes every lead
rules as (

    select {{ hash_aggregate(['rule_id', 'event_type', 'url_pattern', 'points',
        'max_count_per_lead', 'expires_after_days', 'category', 'priority']) }} as fingerprint
    from {{ ref('stg_rules__engagement_rules') }}
    union all
    select {{ hash_aggregate(['category', 'max_active_points']) }}
    from {{ ref('stg_rules__score_categories') }}
    union all
    select {{ hash_aggregate(['rule_id', 'dimension', 'attribute', 'pattern', 'min_value',
        'max_value', 'points', 'priority']) }}
    from {{ ref('stg_rules__fit_rules') }}
    union all
    select {{ hash_aggregate(['grade', 'min_fit_score']) }}
    from {{ ref('stg_rules__fit_grades') }}
    union all
    select {{ row_hash(['mql_score_threshold', 'sql_score_threshold', 'mql_min_fit_score']) }}
    from {{ ref('stg_rules__score_thresholds') }}
    union all
    select {{ hash_aggregate(['domain']) }} from {{ ref('personal_email_domains') }}
    union all
    select {{ hash_aggregate(['suffix']) }} from {{ ref('academic_domain_suffixes') }}
    union all
    select {{ hash_aggregate(['domain']) }} from {{ ref('competitor_domains') }}
    union all
    select {{ hash_aggregate(['country_code']) }} from {{ ref('target_countries') }}
    union all
    select {{ hash_aggregate(['event_type']) }} from {{ ref('hand_raiser_event_types') }}

),

shared as (

    select {{ hash_aggregate(['fingerprint']) }} as fingerprint from rules

),

fingerprints as (

    select
        leads.lead_id,
        {{ row_hash([
            'leads.lead_id', 'leads.created_at', 'leads.email', 'leads.is_email_valid',
            'leads.lead_source', 'attribute_versions.fingerprint', 'events.fingerprint',
            'dispositions.fingerprint', 'opportunities.fingerprint', 'merged_contacts.fingerprint', 'shared.fingerprint',
        ]) }} as input_fingerprint
    from leads
    cross join shared
    left join events
        on leads.lead_id = events.lead_id
    left join dispositions
        on leads.lead_id = dispositions.lead_id
    left join opportunities
        on leads.lead_id = opportunities.lead_id
    left join merged_contacts
        on leads.lead_id = merged_contacts.lead_id
    left join attribute_versions
        on leads.lead_id = attribute_versions.lead_id

)

select * from fingerprints
