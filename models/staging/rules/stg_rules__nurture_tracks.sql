-- Nurture track rules, typed, after the seed passed its checks: a lead whose
-- attribute (one of the fit_attributes macro) matches `pattern` (SQL LIKE,
-- case-insensitive) goes on `track`; of several matching rules the lowest
-- priority wins.
{{ assert_seed_rows_valid('nurture_tracks', 'rule_id', [
    {'when': 'rule_id is null', 'problem': 'rule_id is empty'},
    {'when': '_key_count > 1', 'column': 'rule_id', 'problem': 'appears more than once'},
    {'when': 'track is null', 'problem': 'track is empty'},
    fit_attribute_check(),
    {'when': 'pattern is null', 'problem': 'pattern is empty'},
    {'when': 'priority is null or not ' ~ matches_pattern('priority', '^-?[0-9]+$'),
     'column': 'priority', 'problem': 'is not a whole number'},
]) }}

with

rules as (

    select * from {{ ref('nurture_tracks') }}

),

typed as (

    select
        -- ids
        rule_id,

        -- strings
        track,
        attribute,
        lower(pattern) as pattern,
        description,

        -- numerics
        cast(priority as integer) as priority

    from rules

)

select * from typed
