-- Fit scoring rules, typed, after the seed passed its checks. Rules read
-- the attributes of the fit_attributes macro: text attributes match
-- `pattern` (SQL LIKE, case-insensitive); company_size matches the band
-- [min_value, max_value].
{{ assert_seed_rows_valid('fit_rules', 'rule_id', [
    {'when': 'rule_id is null', 'problem': 'rule_id is empty'},
    {'when': '_key_count > 1', 'column': 'rule_id', 'problem': 'appears more than once'},
    {'when': 'dimension is null', 'problem': 'dimension is empty'},
    fit_attribute_check(),
    {'when': "attribute not in ('" ~ numeric_fit_attributes() | join("', '")
             ~ "') and pattern is null",
     'problem': 'a text rule needs a pattern'},
    {'when': "attribute in ('" ~ numeric_fit_attributes() | join("', '")
             ~ "') and pattern is not null",
     'column': 'pattern',
     'problem': 'is set on a numeric attribute (use min_value and max_value)'},
    {'when': "attribute in ('" ~ numeric_fit_attributes() | join("', '")
             ~ "') and min_value is null and max_value is null",
     'problem': 'a numeric rule needs min_value or max_value'},
    {'when': 'min_value is not null and not ' ~ matches_pattern('min_value', '^[0-9]+$'),
     'column': 'min_value', 'problem': 'is not a whole number'},
    {'when': 'max_value is not null and not ' ~ matches_pattern('max_value', '^[0-9]+$'),
     'column': 'max_value', 'problem': 'is not a whole number'},
    {'when': try_cast('min_value', 'bigint') ~ ' > ' ~ try_cast('max_value', 'bigint'),
     'column': 'min_value', 'problem': 'is above max_value'},
    {'when': 'points is null or not ' ~ matches_pattern('points', '^-?[0-9]+$'),
     'column': 'points', 'problem': 'is not a whole number'},
    {'when': 'priority is null or not ' ~ matches_pattern('priority', '^-?[0-9]+$'),
     'column': 'priority', 'problem': 'is not a whole number'},
]) }}

with

rules as (

    select * from {{ ref('fit_rules') }}

),

typed as (

    select
        -- ids
        rule_id,

        -- strings
        dimension,
        attribute,
        lower(pattern) as pattern,
        description,

        -- numerics
        cast(min_value as bigint) as min_value,
        cast(max_value as bigint) as max_value,
        cast(points as integer) as points,
        cast(priority as integer) as priority

    from rules

)

select * from typed
