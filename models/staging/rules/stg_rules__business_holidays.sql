-- Holidays of the countries in business_hours, typed, after the seed passed
-- its checks: a holiday counts no working hours in the follow-up mart.
{{ assert_seed_rows_valid('business_holidays', 'country_code', [
    {'when': 'country_code is null', 'problem': 'country_code is empty'},
    {'when': 'country_code not in (select hours.country_code from '
             ~ ref('business_hours') ~ ' as hours where hours.country_code is not null)',
     'column': 'country_code', 'problem': 'has no row in business_hours.csv'},
    {'when': 'holiday_date is null or not '
             ~ matches_pattern('holiday_date', '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
             ~ ' or ' ~ try_cast('holiday_date', 'date') ~ ' is null',
     'column': 'holiday_date', 'problem': 'is not a date YYYY-MM-DD'},
    {'when': '(select count(*) from seed_rows as other'
             ~ ' where other.country_code = seed_rows.country_code'
             ~ ' and other.holiday_date = seed_rows.holiday_date) > 1',
     'column': 'holiday_date', 'problem': 'appears more than once for the country'},
]) }}

with

holidays as (

    select * from {{ ref('business_holidays') }}

),

typed as (

    select
        -- ids
        country_code,

        -- strings
        holiday_name,

        -- dates
        cast(holiday_date as date) as holiday_date

    from holidays

)

select * from typed
