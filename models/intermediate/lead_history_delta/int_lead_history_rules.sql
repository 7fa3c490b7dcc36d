-- One row: a fingerprint of every rule the lead history is computed from
-- (the scoring and lifecycle seeds, the value domains and country aliases
-- staging applies, and the threshold vars). When it differs from the one
-- the last processed run stored (int_lead_history_state), every lead is
-- recomputed. A seed added to the lead history's inputs must be added here:
-- python_tests/test_lead_history_delta.py fails until it is.
with

rules as (

    select
        'engagement_rules' as rule_set,
        {{ hash_aggregate(['rule_id', 'event_type', 'url_pattern', 'points',
            'max_count_per_lead', 'expires_after_days', 'category', 'priority']) }}
            as fingerprint
    from {{ ref('stg_rules__engagement_rules') }}
    union all
    select
        'score_categories' as rule_set,
        {{ hash_aggregate(['category', 'max_active_points']) }} as fingerprint
    from {{ ref('stg_rules__score_categories') }}
    union all
    select
        'fit_rules' as rule_set,
        {{ hash_aggregate(['rule_id', 'dimension', 'attribute', 'pattern', 'min_value',
            'max_value', 'points', 'priority']) }} as fingerprint
    from {{ ref('stg_rules__fit_rules') }}
    union all
    select
        'fit_grades' as rule_set,
        {{ hash_aggregate(['grade', 'min_fit_score']) }} as fingerprint
    from {{ ref('stg_rules__fit_grades') }}
    union all
    select
        'score_thresholds' as rule_set,
        {{ row_hash(['mql_score_threshold', 'sql_score_threshold', 'mql_min_fit_score']) }}
            as fingerprint
    from {{ ref('stg_rules__score_thresholds') }}
    union all
    select
        'personal_email_domains' as rule_set,
        {{ hash_aggregate(['domain']) }} as fingerprint
    from {{ ref('personal_email_domains') }}
    union all
    select
        'academic_domain_suffixes' as rule_set,
        {{ hash_aggregate(['suffix']) }} as fingerprint
    from {{ ref('academic_domain_suffixes') }}
    union all
    select
        'competitor_domains' as rule_set,
        {{ hash_aggregate(['domain']) }} as fingerprint
    from {{ ref('competitor_domains') }}
    union all
    select
        'target_countries' as rule_set,
        {{ hash_aggregate(['country_code']) }} as fingerprint
    from {{ ref('target_countries') }}
    union all
    select
        'hand_raiser_event_types' as rule_set,
        {{ hash_aggregate(['event_type']) }} as fingerprint
    from {{ ref('hand_raiser_event_types') }}
    union all
    select
        'lifecycle_stages' as rule_set,
        {{ hash_aggregate(['stage', 'stage_order']) }} as fingerprint
    from {{ ref('lifecycle_stages') }}
    union all
    select
        'crm_value_domains' as rule_set,
        {{ hash_aggregate(['domain', 'value']) }} as fingerprint
    from {{ ref('crm_value_domains') }}
    union all
    select
        'country_aliases' as rule_set,
        {{ hash_aggregate(['alias', 'country_code']) }} as fingerprint
    from {{ ref('country_aliases') }}

),

fingerprint as (

    select {{ hash_aggregate(['rule_set', 'fingerprint']) }} as rules_fingerprint
    from rules

)

select * from fingerprint
