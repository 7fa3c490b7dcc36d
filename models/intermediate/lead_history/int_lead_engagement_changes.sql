-- Engagement's part of the score change log: one row per change a lead's
-- engagement movements (int_lead_engagement_movements: awards, velocity
-- bonuses and their expiries) make to its engagement score, for each cycle.
--   award     an event's points, when they move the score
--   velocity  a velocity rule's bonus, carrying its action's event_id
--   expiry    those points (or the bonus) leaving the score
--   cap       the part of an award, bonus or expiry a category cap absorbs
--             (or releases), when the category's active total crosses it
--   reset     a recycle zeroing the engagement score (a new cycle begins)
-- Clock-free: an expiry due next year is here, dated when it happens.
with

movements as (

    select
        lead_id,
        cycle_number,
        category,
        movement_id,
        reason,
        changed_at,
        delta,
        active_total,
        event_id,
        rule_id
    from {{ ref('int_lead_engagement_movements') }}
    {{ affected_leads_filter() }}

),

categories as (

    select * from {{ ref('stg_rules__score_categories') }}

),

cycles as (

    select * from {{ ref('int_lead_cycles') }}
    {{ affected_leads_filter() }}

),

capped_totals as (

    select
        movements.*,
        categories.max_active_points
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
    from capped_totals

),

-- each visible movement gives its own row, and a `cap` row for the part a
-- cap absorbs (negative) or releases (positive): one pass over the
-- movements makes both kinds (two selects would store the movements first).
-- A bonus's expiry is an `expiry`; the cause of a bonus's rows names its
-- rule, so they never share an id with its action's own rows
row_kinds as (

    select 'movement' as row_kind
    union all
    select 'cap' as row_kind

),

engagement_changes as (

    select
        visible_changes.lead_id,
        visible_changes.cycle_number,
        visible_changes.changed_at,
        case
            when row_kinds.row_kind = 'cap'
                then visible_changes.visible_delta - visible_changes.delta
            else visible_changes.delta
        end as delta,
        visible_changes.rule_id,
        visible_changes.category,
        case
            when row_kinds.row_kind = 'cap' then 'cap'
            when visible_changes.reason = 'velocity_expiry' then 'expiry'
            else visible_changes.reason
        end as reason,
        visible_changes.event_id,
        case
            when visible_changes.reason in ('velocity', 'velocity_expiry')
                then {{ dbt.concat([
                    "case when visible_changes.reason = 'velocity' then 'velocity' else 'expiry' end",
                    "'@'",
                    "visible_changes.rule_id",
                ]) }}
            else visible_changes.reason
        end as cause
    from visible_changes
    cross join row_kinds
    where
        visible_changes.visible_delta != 0
        and (
            row_kinds.row_kind = 'movement'
            or visible_changes.visible_delta != visible_changes.delta
        )

),

-- what a recycle resets: the engagement a cycle ended with. A category's
-- visible changes add up to its capped total at the end, and its total at
-- the end is the sum of the cycle's movements (an expiry after the end is
-- no movement: points still active at a reset never expire), so this sums
-- the few recycled cycles' movements instead of the change log
category_totals as (

    select
        movements.lead_id,
        movements.cycle_number,
        categories.max_active_points,
        sum(movements.delta) as active_total
    from movements
    inner join cycles
        on
            movements.lead_id = cycles.lead_id
            and movements.cycle_number = cycles.cycle_number
    inner join categories
        on movements.category = categories.category
    where cycles.ended_at is not null
    group by
        movements.lead_id,
        movements.cycle_number,
        movements.category,
        categories.max_active_points

),

cycle_totals as (

    select
        lead_id,
        cycle_number,
        sum(
            case
                when max_active_points is not null and active_total > max_active_points
                    then max_active_points
                else active_total
            end
        ) as engagement_total
    from category_totals
    group by lead_id, cycle_number

),

resets as (

    select
        cycles.lead_id,
        cycles.cycle_number,
        cycles.started_at as changed_at,
        -cycle_totals.engagement_total as delta,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        cast(null as {{ dbt.type_string() }}) as category,
        'reset' as reason,
        cast(null as {{ dbt.type_string() }}) as event_id,
        cycles.recycle_disposition_id as cause
    from cycles
    inner join cycle_totals
        on
            cycles.lead_id = cycle_totals.lead_id
            and cycles.cycle_number = cycle_totals.cycle_number + 1
    where cycle_totals.engagement_total != 0

),

all_changes as (

    select * from engagement_changes
    union all
    select * from resets

),

-- sums of integers widen (to 128 bits on DuckDB): points fit an integer
changes as (

    select
        lead_id,
        cycle_number,
        changed_at,
        cast(delta as integer) as delta,
        rule_id,
        category,
        reason,
        event_id,
        cause
    from all_changes

)

select *{{ lead_bucket_column() }} from changes
