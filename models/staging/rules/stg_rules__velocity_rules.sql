-- Velocity rules, typed, after the seed passed its checks: bonus points
-- when a lead does min_actions matching actions within within_days days
-- (int_engagement_velocity_bonuses). A rule id goes into the change log's
-- ids next to engagement rule ids, hence its spelling and uniqueness checks.
{{ assert_seed_rows_valid('velocity_rules', 'rule_id', [
    {'when': 'rule_id is null', 'problem': 'rule_id is empty'},
    {'when': '_key_count > 1', 'column': 'rule_id', 'problem': 'appears more than once'},
    {'when': 'not ' ~ matches_pattern('rule_id', '^[a-z0-9_]+$'),
     'column': 'rule_id', 'problem': 'is not lower-case letters, digits and underscores'},
    {'when': 'rule_id in (select engagement.rule_id from ' ~ ref('engagement_rules')
             ~ ' as engagement where engagement.rule_id is not null)',
     'column': 'rule_id', 'problem': 'is also a rule of seeds/scoring/engagement_rules.csv'},
    {'when': 'event_type is null', 'problem': 'event_type is empty'},
    {'when': 'min_actions is null or not ' ~ matches_pattern('min_actions', '^([2-9]|[1-9][0-9]+)$'),
     'column': 'min_actions', 'problem': 'is not a whole number of two or more'},
    {'when': 'within_days is null or not ' ~ matches_pattern('within_days', '^[1-9][0-9]*$'),
     'column': 'within_days', 'problem': 'is not a whole number of one or more days'},
] + award_rule_checks()) }}

with

rules as (

    select * from {{ ref('velocity_rules') }}

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
        cast(min_actions as integer) as min_actions,
        cast(within_days as integer) as within_days,
        cast(points as integer) as points,
        cast(max_count_per_lead as integer) as max_count_per_lead,
        cast(expires_after_days as integer) as expires_after_days,

        -- booleans
        url_pattern is not null as has_url_pattern

    from rules

)

select * from typed
