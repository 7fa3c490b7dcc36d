-- The score change log: one row per change of a lead's score.
--   fit     the fit points of each matching fit rule, from the lead's creation;
--           when a new version of its attributes changes a dimension's
--           rule, the old rule's points leave and the new rule's arrive
--   award   an event's points, when they move the score
--   expiry  those points leaving the score after the rule's expiry days
--   cap     the part of an award (or expiry) a category cap absorbs (or
--           releases), when the category's active total crosses its cap
--   reset   a recycle zeroing the engagement score (a new epoch begins)
-- History is a function of the inputs, never of the clock: changes dated
-- after now (an expiry 90 days ahead, a version dated a little ahead) are
-- here, dated when they happen; the marts apply the as-of cut.

with

scored_events as (

    select * from {{ ref('int_engagement_events_scored') }}
    {{ affected_leads_filter() }}

),

categories as (

    select * from {{ ref('stg_rules__score_categories') }}

),

versions as (

    select * from {{ ref('int_contact_versions') }}
    {{ affected_leads_filter() }}

),

fit_points as (

    select * from {{ ref('int_lead_fit_points') }}
    {{ affected_leads_filter() }}

),

epochs as (

    select * from {{ ref('int_lead_engagement_epochs') }}
    {{ affected_leads_filter() }}

),

-- every award and expiry, before caps: a reset ends an epoch, so points
-- still active at the reset never expire later
movements as (

    select
        lead_id,
        epoch_number,
        category,
        rule_id,
        event_id,
        'award' as reason,
        occurred_at as changed_at,
        awarded_points as delta
    from scored_events
    where awarded_points != 0

    union all

    select
        lead_id,
        epoch_number,
        category,
        rule_id,
        event_id,
        'expiry' as reason,
        expires_at as changed_at,
        -awarded_points as delta
    from scored_events
    where
        awarded_points != 0
        and expires_at is not null
        and (epoch_ended_at is null or expires_at < epoch_ended_at)

),

-- a category's visible contribution is its active total, capped; one
-- running sum gives the total after each movement and, less the movement
-- itself, the total before it, so both sides are capped without a second
-- pass over the rows
running_totals as (

    select
        movements.*,
        categories.max_active_points,
        sum(movements.delta) over (
            partition by movements.lead_id, movements.epoch_number, movements.category
            order by movements.changed_at, movements.reason, movements.event_id
            rows between unbounded preceding and current row
        ) as active_total
    from movements
    inner join categories
        on movements.category = categories.category

),

visible_changes as (

    select
        *,
        case
            when max_active_points is not null and active_total > max_active_points
                then max_active_points
            else active_total
        end
        - case
            when
                max_active_points is not null
                and active_total - delta > max_active_points
                then max_active_points
            else active_total - delta
        end as visible_delta
    from running_totals

),

engagement_changes as (

    -- the award or expiry itself, unless a cap absorbs all of it
    select
        lead_id,
        epoch_number,
        changed_at,
        delta,
        rule_id,
        category,
        reason,
        event_id,
        reason as cause
    from visible_changes
    where visible_delta != 0

    union all

    -- the part a cap absorbs (negative) or releases (positive)
    select
        lead_id,
        epoch_number,
        changed_at,
        visible_delta - delta as delta,
        rule_id,
        category,
        'cap' as reason,
        event_id,
        reason as cause
    from visible_changes
    where visible_delta != 0 and visible_delta != delta

),

epoch_totals as (

    select
        lead_id,
        epoch_number,
        sum(delta) as engagement_total
    from engagement_changes
    group by lead_id, epoch_number

),

resets as (

    select
        epochs.lead_id,
        epochs.epoch_number,
        epochs.started_at as changed_at,
        -epoch_totals.engagement_total as delta,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        cast(null as {{ dbt.type_string() }}) as category,
        'reset' as reason,
        cast(null as {{ dbt.type_string() }}) as event_id,
        epochs.recycle_disposition_id as cause
    from epochs
    inner join epoch_totals
        on
            epochs.lead_id = epoch_totals.lead_id
            and epochs.epoch_number = epoch_totals.epoch_number + 1
    where epoch_totals.engagement_total != 0

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
        0 as epoch_number,
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
        0 as epoch_number,
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

),

all_changes as (

    select * from engagement_changes
    union all
    select * from resets
    union all
    select * from fit_changes

),

identified as (

    select
        -- ids
        -- readable and unique: reason, lead, then what caused it (the event
        -- and, for a cap, whether it capped the award or the expiry)
        {{ dbt.concat([
            "reason", "':'", "lead_id", "':'", "coalesce(event_id, '')", "':'", "cause",
        ]) }} as score_change_id,
        lead_id,
        rule_id,
        event_id,

        -- strings
        category,
        reason,

        -- numerics
        epoch_number,
        cast(delta as integer) as delta,

        -- booleans
        reason = 'fit' as is_fit,

        -- timestamps
        changed_at

    from all_changes

)

select * from identified
