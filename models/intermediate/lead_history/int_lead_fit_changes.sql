-- Fit's part of the score change log: the points of each matching fit rule
-- from the lead's creation, and, when a later version of its attributes
-- changes a dimension's rule, the old rule's points leaving and the new
-- rule's arriving when that version was written (int_contact_versions).
-- Clock-free: a version dated ahead of the clock is here already.
with

versions as (

    select * from {{ ref('int_contact_versions') }}
    {{ affected_leads_filter() }}

),

fit_points as (

    select * from {{ ref('int_lead_fit_points') }}
    {{ affected_leads_filter() }}

),

-- a fit dimension's winning rule in each version of the lead's attributes,
-- next to its rule in the version before: a change of rule moves the score
-- when the new version was written (the first version counts from creation)
version_dimensions as (

    select distinct
        versions.lead_id,
        versions.version_number,
        versions.valid_from,
        fit_points.dimension
    from versions
    inner join fit_points
        on
            versions.lead_id = fit_points.lead_id
            and fit_points.version_number between versions.version_number - 1
            and versions.version_number

),

fit_transitions as (

    select
        version_dimensions.lead_id,
        version_dimensions.version_number,
        version_dimensions.valid_from,
        current_rules.rule_id,
        current_rules.points,
        previous_rules.rule_id as previous_rule_id,
        previous_rules.points as previous_points
    from version_dimensions
    left join fit_points as current_rules
        on
            version_dimensions.lead_id = current_rules.lead_id
            and version_dimensions.dimension = current_rules.dimension
            and version_dimensions.version_number = current_rules.version_number
    left join fit_points as previous_rules
        on
            version_dimensions.lead_id = previous_rules.lead_id
            and version_dimensions.dimension = previous_rules.dimension
            and version_dimensions.version_number - 1 = previous_rules.version_number
    where coalesce(current_rules.rule_id, '') != coalesce(previous_rules.rule_id, '')

),

fit_changes as (

    -- the points of the rule that now matches
    select
        lead_id,
        0 as cycle_number,
        valid_from as changed_at,
        points as delta,
        rule_id,
        'fit' as category,
        'fit' as reason,
        cast(null as {{ dbt.type_string() }}) as event_id,
        case
            when version_number = 1 then rule_id
            else {{ dbt.concat([
                "rule_id", "'@v'", "cast(version_number as " ~ dbt.type_string() ~ ")",
            ]) }}
        end as cause
    from fit_transitions
    where rule_id is not null and points != 0

    union all

    -- the points of the rule that matched before, leaving
    select
        lead_id,
        0 as cycle_number,
        valid_from as changed_at,
        -previous_points as delta,
        previous_rule_id as rule_id,
        'fit' as category,
        'fit' as reason,
        cast(null as {{ dbt.type_string() }}) as event_id,
        {{ dbt.concat([
            "'-'", "previous_rule_id", "'@v'",
            "cast(version_number as " ~ dbt.type_string() ~ ")",
        ]) }} as cause
    from fit_transitions
    where previous_rule_id is not null and previous_points != 0

)

select *{{ lead_bucket_column() }} from fit_changes
