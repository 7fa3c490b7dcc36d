-- Engagement's part of the score change log: one row per change a lead's
-- events and velocity bonuses make to its engagement score, in a cycle.
--   award     an event's points, when they move the score
--   velocity  a velocity rule's bonus (int_engagement_velocity_bonuses),
--             dated at the action that completed the burst (its event_id)
--   expiry    those points (or the bonus) leaving after the rule's expiry
--   cap       the part of an award, bonus or expiry a category cap absorbs
--             (or releases), when the category's active total crosses it
-- What a recycle resets is int_lead_engagement_resets. A view
-- (dbt_project.yml) that unfolds int_lead_engagement_points, where a point
-- is one stored row: what caps let through is decided there.
with

points as (

    select * from {{ ref('int_lead_engagement_points') }}

),

-- each point gives up to four rows: its award (or bonus) and its expiry,
-- each followed by a `cap` row for the part a cap absorbs (negative) or
-- releases (positive)
row_kinds as (

    select
        'award' as movement,
        false as is_cap
    union all
    select
        'award' as movement,
        true as is_cap
    union all
    select
        'expiry' as movement,
        false as is_cap
    union all
    select
        'expiry' as movement,
        true as is_cap

),

movements as (

    select
        points.lead_id,
        points.cycle_number,
        points.rule_id,
        points.category,
        points.event_id,
        points.is_velocity,
        row_kinds.movement,
        row_kinds.is_cap,
        case
            when row_kinds.movement = 'award' then points.awarded_at else points.expires_at
        end as changed_at,
        case
            when row_kinds.movement = 'award' then points.awarded_points else -points.awarded_points
        end as delta,
        case
            when row_kinds.movement = 'award'
                then points.award_visible_points
            else points.expiry_visible_points
        end as visible_delta
    from points
    cross join row_kinds

),

-- a movement the score does not see at all (fully absorbed, or no expiry:
-- a null visible part) gives no row. A bonus's rows name its rule in their
-- cause, so they never share an id with its action's rows
changes as (

    select
        lead_id,
        cycle_number,
        changed_at,
        cast(case when is_cap then visible_delta - delta else delta end as integer) as delta,
        rule_id,
        category,
        case
            when is_cap then 'cap'
            when movement = 'expiry' then 'expiry'
            when is_velocity then 'velocity'
            else 'award'
        end as reason,
        event_id,
        case
            when is_velocity
                then {{ dbt.concat([
                    "case when movement = 'award' then 'velocity' else 'expiry' end",
                    "'@'",
                    "rule_id",
                ]) }}
            else movement
        end as cause
    from movements
    where
        visible_delta != 0
        and (not is_cap or visible_delta != delta)

)

select *{{ lead_bucket_column() }} from changes
