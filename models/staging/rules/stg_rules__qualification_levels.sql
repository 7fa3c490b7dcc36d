-- Qualification levels within a stage, typed, after the seed passed its
-- checks: a lead in `stage` reaches `level` once its score, fit grade and
-- the categories it engaged with meet the level's bars; ranks order the
-- levels of a stage (a higher one implies the lower ones).
{{ assert_seed_rows_valid('qualification_levels', 'level', [
    {'when': 'level is null', 'problem': 'level is empty'},
    {'when': '_key_count > 1', 'column': 'level', 'problem': 'appears more than once'},
    {'when': 'stage is null or stage not in (select stage from ' ~ ref('lifecycle_stages')
             ~ ' where is_main_path)',
     'column': 'stage', 'problem': 'is not a main-path stage of lifecycle_stages'},
    {'when': 'level_rank is null or not ' ~ matches_pattern('level_rank', '^[1-9][0-9]*$'),
     'column': 'level_rank', 'problem': 'is not a whole number of at least 1'},
    {'when': '(select count(*) from ' ~ ref('qualification_levels') ~ ' as others'
             ~ ' where others.stage = seed_rows.stage'
             ~ ' and others.level_rank = seed_rows.level_rank) > 1',
     'column': 'level_rank', 'problem': 'is used by another level of the same stage'},
    {'when': 'min_score is not null and not ' ~ matches_pattern('min_score', '^-?[0-9]+$'),
     'column': 'min_score', 'problem': 'is not a whole number'},
    {'when': 'min_fit_grade is not null and min_fit_grade not in (select grade from '
             ~ ref('fit_grades') ~ ' where grade is not null)',
     'column': 'min_fit_grade', 'problem': 'is not a grade of fit_grades'},
    {'when': 'required_category is not null and required_category not in (select category from '
             ~ ref('score_categories') ~ ' where category is not null)',
     'column': 'required_category', 'problem': 'is not a category of score_categories'},
]) }}

with

levels as (

    select * from {{ ref('qualification_levels') }}

),

typed as (

    select
        -- ids
        level,

        -- strings
        stage,
        min_fit_grade,
        required_category,
        description,

        -- numerics
        cast(level_rank as integer) as level_rank,
        cast(min_score as integer) as min_score

    from levels

)

select * from typed
