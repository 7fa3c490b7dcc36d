-- One row per version of a lead's attributes per fit dimension that
-- matched: the winning fit rule (lowest priority among the dimension's
-- matching rules) and its points. A lead whose title or company changed has
-- one set of rows per version (int_contact_versions).
with

versions as (

    select
        *,
        valid_to is null as is_current_version
    from {{ ref('int_contact_versions') }}

),

fit_rules as (

    select * from {{ ref('stg_rules__fit_rules') }}

),

-- each version's scored attributes (the fit_attributes macro: the built-in
-- four and the declared contact properties) as (attribute, value) rows, so
-- rules are matched once per distinct value (a few hundred titles, sizes,
-- industries and countries) instead of once per lead
attribute_values as (

    {{ fit_attribute_values('versions', ['is_current_version']) }}

),

distinct_values as (

    select distinct
        scored_attribute,
        match_key
    from attribute_values

),

value_rules as (

    select
        fit_rules.attribute,
        distinct_values.match_key,
        fit_rules.rule_id,
        fit_rules.dimension,
        fit_rules.points,
        fit_rules.priority
    from distinct_values
    inner join fit_rules
        on
            distinct_values.scored_attribute = fit_rules.attribute
            and (
                (
                    fit_rules.pattern is not null
                    and distinct_values.match_key like fit_rules.pattern
                )
                or (
                    fit_rules.pattern is null
                    and cast(distinct_values.match_key as integer)
                    >= coalesce(fit_rules.min_value, cast(distinct_values.match_key as integer))
                    and cast(distinct_values.match_key as integer)
                    <= coalesce(fit_rules.max_value, cast(distinct_values.match_key as integer))
                )
            )

),

matches as (

    select
        attribute_values.lead_id,
        value_rules.rule_id,
        value_rules.dimension,
        value_rules.attribute,
        value_rules.points,
        attribute_values.matched_value,
        row_number() over (
            partition by
                attribute_values.lead_id,
                attribute_values.version_number,
                value_rules.dimension
            order by value_rules.priority, value_rules.rule_id
        ) as match_rank,
        attribute_values.version_number,
        attribute_values.is_current_version
    from attribute_values
    inner join value_rules
        on
            attribute_values.scored_attribute = value_rules.attribute
            and attribute_values.match_key = value_rules.match_key

),

fit_points as (

    select
        -- ids
        lead_id,
        rule_id,

        -- strings
        dimension,
        attribute,
        matched_value,

        -- numerics
        points,
        version_number,

        -- booleans
        is_current_version

    from matches
    where match_rank = 1

)

select * from fit_points
