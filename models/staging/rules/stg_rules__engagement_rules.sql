-- Engagement scoring rules, typed, after the seed passed its checks.
{{ assert_seed_rows_valid('engagement_rules', 'rule_id', [
    {'when': 'rule_id is null', 'problem': 'rule_id is empty'},
    {'when': '_key_count > 1', 'column': 'rule_id', 'problem': 'appears more than once'},
    {'when': 'event_type is null', 'problem': 'event_type is empty'},
    {'when': 'priority is null or not ' ~ matches_pattern('priority', '^-?[0-9]+$'),
     'column': 'priority', 'problem': 'is not a whole number'},
] + award_rule_checks()) }}

with

rules as (

    select * from {{ ref('engagement_rules') }}

),

typed as (

    select
        -- ids
        rule_id,

        -- strings
        lower(event_type) as event_type,
        lower(url_pattern) as url_pattern,
        category,
        description,

        -- numerics
        cast(points as integer) as points,
        cast(max_count_per_lead as integer) as max_count_per_lead,
        cast(expires_after_days as integer) as expires_after_days,
        cast(priority as integer) as priority,

        -- booleans
        url_pattern is not null as has_url_pattern

    from rules

)

select * from typed
