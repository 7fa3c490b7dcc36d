-- Spark only (lead_history_delta_method): the input fingerprint of every
-- lead as the lead history models were last computed from, written after
-- every one of them (the refs below), as int_lead_history_state is. The
-- next run's int_leads_affected reads it by name and recomputes the leads
-- whose fingerprint differs; a failed or killed run leaves it in place, so
-- the next run recomputes the same leads and more.
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
{{ config(enabled=leadflow.lead_history_delta_method() == 'input_fingerprints') }}

with

fingerprints as (

    select
        lead_id,
        input_fingerprint
    from {{ ref('int_lead_input_fingerprints') }}

)

select * from fingerprints
