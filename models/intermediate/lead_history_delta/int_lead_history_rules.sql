-- One row: a fingerprint of every rule the lead history is computed from
-- (the scoring and lifecycle seeds, the value domains and country aliases
-- staging applies, and the threshold vars). When it differs from the one
-- the last processed run stored (int_lead_history_state), every lead is
-- recomputed. A seed added to the lead history's inputs must be added to
-- the list below: python_tests/test_lead_history_delta.py fails until it is.
{%- set rule_sets = [
    ('stg_rules__engagement_rules', ['rule_id', 'event_type', 'url_pattern', 'points',
        'max_count_per_lead', 'expires_after_days', 'category', 'priority']),
    ('stg_rules__velocity_rules', ['rule_id', 'event_type', 'url_pattern', 'min_actions',
        'within_days', 'points', 'max_count_per_lead', 'expires_after_days', 'category']),
    ('stg_rules__score_categories', ['category', 'max_active_points']),
    ('stg_rules__fit_rules', ['rule_id', 'dimension', 'attribute', 'pattern', 'min_value',
        'max_value', 'points', 'priority']),
    ('stg_rules__fit_grades', ['grade', 'min_fit_score']),
    ('stg_rules__qualification_levels', ['level', 'stage', 'level_rank', 'min_score',
        'min_fit_grade', 'required_category']),
    ('stg_rules__score_thresholds', ['mql_score_threshold', 'sql_score_threshold',
        'mql_min_fit_score']),
    ('personal_email_domains', ['domain']),
    ('academic_domain_suffixes', ['suffix']),
    ('competitor_domains', ['domain']),
    ('target_countries', ['country_code']),
    ('excluded_job_titles', ['pattern']),
    ('hand_raiser_event_types', ['event_type']),
    ('lifecycle_stages', ['stage', 'stage_order']),
    ('stage_entry_reasons', ['reason', 'precedence']),
    ('crm_value_domains', ['domain', 'value']),
    ('country_aliases', ['alias', 'country_code']),
] %}

with

rules as (

    {% for relation, columns in rule_sets -%}
    select
        '{{ relation }}' as rule_set,
        {{ hash_aggregate(columns) }} as fingerprint
    from {{ ref(relation) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

fingerprint as (

    select {{ hash_aggregate(['rule_set', 'fingerprint']) }} as rules_fingerprint
    from rules

)

select * from fingerprint
