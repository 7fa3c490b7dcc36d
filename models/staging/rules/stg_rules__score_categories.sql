-- Engagement categories and the cap on the active points each may add.
{{ assert_seed_rows_valid('score_categories', 'category', [
    {'when': 'category is null', 'problem': 'category is empty'},
    {'when': '_key_count > 1', 'column': 'category', 'problem': 'appears more than once'},
    {'when': "max_active_points is not null and not "
             ~ matches_pattern('max_active_points', '^[0-9]+$'),
     'column': 'max_active_points', 'problem': 'is not a whole number of zero or more'},
]) }}

with

categories as (

    select * from {{ ref('score_categories') }}

),

typed as (

    select
        -- ids
        category,

        -- strings
        description,

        -- numerics
        cast(max_active_points as integer) as max_active_points

    from categories

)

select * from typed
