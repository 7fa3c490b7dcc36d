-- Score bands of the score quality report: a score falls in the band with
-- the highest min_score it reaches; the band with no minimum is the floor.
{{ assert_seed_rows_valid('score_bands', 'score_band', [
    {'when': 'score_band is null', 'problem': 'score_band is empty'},
    {'when': '_key_count > 1', 'column': 'score_band', 'problem': 'appears more than once'},
    {'when': 'min_score is not null and not '
             ~ matches_pattern('min_score', '^-?[0-9]+$'),
     'column': 'min_score', 'problem': 'is not a whole number'},
    {'when': 'min_score is null and (select count(*) from ' ~ ref('score_bands')
             ~ ' where min_score is null) > 1',
     'problem': 'more than one band has no min_score (only the floor band may)'},
]) }}

with

bands as (

    select * from {{ ref('score_bands') }}

),

typed as (

    select
        -- ids
        score_band,

        -- strings
        description,

        -- numerics
        cast(min_score as integer) as min_score

    from bands

),

-- each band holds scores from its minimum up to the next band's
bounded as (

    select
        *,
        lead(min_score) over (order by min_score nulls first) as next_min_score,
        cast(row_number() over (order by min_score nulls first) as integer) as band_order
    from typed

)

select * from bounded
