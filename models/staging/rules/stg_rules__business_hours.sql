-- Working hours per country, typed, after the seed passed its checks: the
-- day's start and end as seconds after local midnight, so the follow-up
-- mart can intersect them with a span of local wall-clock time.
{%- set hh_mm = '^([01][0-9]|2[0-3]):[0-5][0-9]$' %}
{%- set hh_mm_or_24 = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' %}
{%- set day_name = '(mon|tue|wed|thu|fri|sat|sun)' %}
{{ assert_seed_rows_valid('business_hours', 'country_code', [
    {'when': 'country_code is null', 'problem': 'country_code is empty'},
    {'when': 'not ' ~ matches_pattern('country_code', '^[A-Z]{2}$'),
     'column': 'country_code', 'problem': 'is not an ISO 3166 alpha-2 code (two capital letters)'},
    {'when': '_key_count > 1', 'column': 'country_code', 'problem': 'appears more than once'},
    {'when': 'time_zone is null or not ' ~ is_known_time_zone('time_zone'),
     'column': 'time_zone', 'problem': 'is not a known IANA time zone (e.g. Europe/Berlin)'},
    {'when': 'working_days is null or not '
             ~ matches_pattern('lower(working_days)', '^' ~ day_name ~ '( ' ~ day_name ~ ')*$'),
     'column': 'working_days',
     'problem': 'is not a list of day names separated by spaces (mon tue wed thu fri)'},
    {'when': 'start_time is null or not ' ~ matches_pattern('start_time', hh_mm),
     'column': 'start_time', 'problem': 'is not a time HH:MM'},
    {'when': 'end_time is null or not ' ~ matches_pattern('end_time', hh_mm_or_24),
     'column': 'end_time', 'problem': 'is not a time HH:MM (or 24:00)'},
    {'when': matches_pattern('start_time', hh_mm) ~ ' and ' ~ matches_pattern('end_time', hh_mm_or_24)
             ~ ' and start_time >= end_time', 'column': 'end_time',
     'problem': 'is not after start_time (a working day cannot cross midnight)'},
]) }}

with

business_hours as (

    select * from {{ ref('business_hours') }}

),

typed as (

    select
        -- ids
        country_code,

        -- strings
        time_zone,
        lower(working_days) as working_days,
        start_time,
        end_time,
        description,

        -- numerics
        cast(substr(start_time, 1, 2) as integer) * 3600
        + cast(substr(start_time, 4, 2) as integer) * 60 as day_start_second,
        cast(substr(end_time, 1, 2) as integer) * 3600
        + cast(substr(end_time, 4, 2) as integer) * 60 as day_end_second

    from business_hours

)

select * from typed
