-- One row per fit rule a version of a lead's attributes matched (one per
-- fit dimension at most), with the version's validity, as of the
-- reference time (docs/as_of.md): versions starting later are not shown
-- yet, and the version holding at the reference time is the current one.
-- What explain and analysts read for "why this fit score".
{{ config(materialized='view') }}

with

fit_points as (

    select * from {{ ref('int_lead_fit_points') }}

),

versions as (

    select
        lead_id,
        version_number,
        valid_from,
        valid_to
    from {{ ref('int_contact_versions') }}
    where valid_from <= {{ scoring_reference_time() }}

),

-- leads created by the reference time (macros/scoring_reference_time.sql)
existing_leads as (

    {{ leads_existing_as_of() }}

),

final as (

    select
        -- ids
        fit_points.lead_id,
        fit_points.rule_id,

        -- strings
        fit_points.dimension,
        fit_points.attribute,
        fit_points.matched_value,

        -- numerics
        cast(fit_points.points as integer) as points,
        cast(fit_points.version_number as integer) as version_number,

        -- booleans
        {{ is_open_as_of('versions.valid_to') }} as is_current_version,

        -- timestamps
        versions.valid_from,
        -- the current version is open as of the reference time
        {{ end_as_of('versions.valid_to') }} as valid_to

    from fit_points
    inner join versions
        on
            fit_points.lead_id = versions.lead_id
            and fit_points.version_number = versions.version_number
    inner join existing_leads
        on fit_points.lead_id = existing_leads.lead_id

)

select * from final
