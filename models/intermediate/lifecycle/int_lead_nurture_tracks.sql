-- One row per period a lead spent on one nurture track (or on none: the
-- main funnel), from its contact versions: the version's attributes decide
-- the track (stg_rules__nurture_tracks, lowest priority wins), and a new
-- version with other attributes can move the lead. Consecutive versions on
-- the same track by the same rule make one period. A lead on a track still
-- scores and can still qualify.
with

versions as (

    select * from {{ ref('int_contact_versions') }}

),

rules as (

    select * from {{ ref('stg_rules__nurture_tracks') }}

),

attribute_values as (

    {{ fit_attribute_values('versions') }}

),

matches as (

    select
        attribute_values.lead_id,
        attribute_values.version_number,
        rules.track,
        rules.rule_id,
        row_number() over (
            partition by attribute_values.lead_id, attribute_values.version_number
            order by rules.priority, rules.rule_id
        ) as match_rank
    from attribute_values
    inner join rules
        on
            attribute_values.scored_attribute = rules.attribute
            and attribute_values.match_key like rules.pattern

),

version_tracks as (

    select
        versions.lead_id,
        versions.version_number,
        versions.valid_from,
        versions.valid_to,
        matches.track,
        matches.rule_id,
        lag(matches.rule_id) over (
            partition by versions.lead_id order by versions.version_number
        ) as previous_rule_id,
        versions.version_number = 1 as is_first_version
    from versions
    left join matches
        on
            versions.lead_id = matches.lead_id
            and versions.version_number = matches.version_number
            and matches.match_rank = 1

),

-- a period starts at the first version and wherever the rule changes
period_starts as (

    select *
    from version_tracks
    where
        is_first_version
        or coalesce(rule_id, '') != coalesce(previous_rule_id, '')

),

periods as (

    select
        -- ids
        lead_id,
        rule_id,

        -- strings
        track as nurture_track,

        -- timestamps
        valid_from,
        lead(valid_from) over (partition by lead_id order by valid_from) as valid_to

    from period_starts

)

select * from periods
