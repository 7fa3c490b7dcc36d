-- Fit grade bands: a lead gets the grade with the highest min_fit_score it
-- reaches; the grade with no minimum is the floor.
{{ assert_seed_rows_valid('fit_grades', 'grade', [
    {'when': 'grade is null', 'problem': 'grade is empty'},
    {'when': '_key_count > 1', 'column': 'grade', 'problem': 'appears more than once'},
    {'when': 'min_fit_score is not null and not '
             ~ matches_pattern('min_fit_score', '^-?[0-9]+$'),
     'column': 'min_fit_score', 'problem': 'is not a whole number'},
    {'when': 'min_fit_score is null and (select count(*) from ' ~ ref('fit_grades')
             ~ ' where min_fit_score is null) > 1',
     'problem': 'more than one grade has no min_fit_score (only the floor grade may)'},
]) }}

with

grades as (

    select * from {{ ref('fit_grades') }}

),

typed as (

    select
        -- ids
        grade,

        -- strings
        description,

        -- numerics
        cast(min_fit_score as integer) as min_fit_score

    from grades

)

select * from typed
