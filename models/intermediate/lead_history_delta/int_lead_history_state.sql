-- One row: how far the lead history models have processed what arrived
-- (this run's start, the stamp every row staged by it carries) and the
-- rules fingerprint they were computed with. Built after every lead history
-- model (the refs below), so a failed or killed run leaves the previous
-- state in place and the next run recomputes the same leads and more.
-- depends_on: {{ ref('int_engagement_events_scored') }}
-- depends_on: {{ ref('int_engagement_velocity_bonuses') }}
-- depends_on: {{ ref('int_lead_engagement_resets') }}
-- depends_on: {{ ref('int_lead_engagement_points') }}
-- depends_on: {{ ref('int_lead_engagement_changes') }}
-- depends_on: {{ ref('int_lead_fit_changes') }}
-- depends_on: {{ ref('int_lead_score_changes') }}
-- depends_on: {{ ref('int_lead_score_intervals') }}
-- depends_on: {{ ref('int_lead_marketing_windows') }}
-- depends_on: {{ ref('int_lead_cycle_signals') }}
-- depends_on: {{ ref('int_lead_cycle_qualifications') }}
-- depends_on: {{ ref('int_lead_marketing_stage_entries') }}
-- depends_on: {{ ref('int_lead_stage_entries') }}
-- depends_on: {{ ref('int_lead_stage_history') }}
-- depends_on: {{ ref('int_lead_level_entries') }}
with

rules as (

    select * from {{ ref('int_lead_history_rules') }}

),

state as (

    select
        rules_fingerprint,
        {{ staging_run_time() }} as processed_through
    from rules

)

select * from state
