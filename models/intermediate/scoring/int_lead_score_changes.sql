-- The score change log: one row per change of a lead's score.
--   fit     the fit points of each matching fit rule, from the lead's creation
--   award   an event's points, when they move the score
--   expiry  those points leaving the score after the rule's expiry days
--   cap     the part of an award (or expiry) a category cap absorbs (or
--           releases), when the category's active total crosses its cap
--   reset   a recycle zeroing the engagement score (a new epoch begins)
-- Changes dated after the scoring reference time (now, or the
-- scoring_reference_time var) have not happened yet and are left out.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ leadflow.delete_affected_leads() }}",
) }}
-- depends_on: {{ ref('int_leads_affected') }}

with

leads as (

    select * from {{ ref('int_leads') }}
    {{ affected_leads_filter() }}

),

scored_events as (

    select * from {{ ref('int_engagement_events_scored') }}
    {{ affected_leads_filter() }}

),

categories as (

    select * from {{ ref('stg_rules__score_categories') }}

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

happened as (

    select * from movements
    where changed_at <= {{ scoring_reference_time() }}

),

-- a category's visible contribution is its active total, capped
running_totals as (

    select
        happened.*,
        categories.max_active_points,
        sum(happened.delta) over (
            partition by happened.lead_id, happened.epoch_number, happened.category
            order by happened.changed_at, happened.reason, happened.event_id
            rows between unbounded preceding and current row
        ) as active_total
    from happened
    inner join categories
        on happened.category = categories.category

),

capped_totals as (

    select
        *,
        case
            when max_active_points is not null and active_total > max_active_points
                then max_active_points
            else active_total
        end as visible_total
    from running_totals

),

visible_changes as (

    select
        *,
        visible_total - coalesce(
            lag(visible_total) over (
                partition by lead_id, epoch_number, category
                order by changed_at, reason, event_id
            ),
            0
        ) as visible_delta
    from capped_totals

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
    where
        epoch_totals.engagement_total != 0
        and epochs.started_at <= {{ scoring_reference_time() }}

),

fit_changes as (

    select
        fit_points.lead_id,
        0 as epoch_number,
        leads.created_at as changed_at,
        fit_points.points as delta,
        fit_points.rule_id,
        'fit' as category,
        'fit' as reason,
        cast(null as {{ dbt.type_string() }}) as event_id,
        fit_points.rule_id as cause
    from fit_points
    inner join leads
        on fit_points.lead_id = leads.lead_id
    where fit_points.points != 0

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
