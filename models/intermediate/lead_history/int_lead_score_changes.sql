-- The score change log: one row per change of a lead's score, each with a
-- readable, unique id. What the changes are is decided by the three models
-- it unions: int_lead_engagement_changes (award, velocity, expiry, cap),
-- int_lead_engagement_resets (reset) and int_lead_fit_changes (fit). History is a function of the
-- inputs, never of the clock: changes dated after now (an expiry 90 days
-- ahead, a version dated a little ahead) are here, dated when they happen;
-- the marts apply the as-of cut. A view (dbt_project.yml): its parts are the stored
-- history, and a run recomputes them for the affected leads.
with

engagement_changes as (

    select * from {{ ref('int_lead_engagement_changes') }}

),

engagement_resets as (

    select * from {{ ref('int_lead_engagement_resets') }}

),

fit_changes as (

    select * from {{ ref('int_lead_fit_changes') }}

),

all_changes as (

    select * from engagement_changes
    union all
    select * from engagement_resets
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
        cycle_number,
        cast(delta as integer) as delta,

        -- booleans
        reason = 'fit' as is_fit,

        -- timestamps
        changed_at

    from all_changes

)

select * from identified
