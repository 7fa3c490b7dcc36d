-- What the next incremental run compares against: each lead's input
-- fingerprint as of this run, the next moment its score changes by the
-- clock alone (an expiry, or an event, recycle or attribute version dated
-- after the reference time), and the reference time itself (a run pinned
-- to an earlier moment recomputes everyone). Built last, after every
-- per-lead model, so a failed or killed run leaves the previous state in
-- place and the next run recomputes the same leads.
-- depends_on: {{ ref('fct_lead_score_changes') }}
-- depends_on: {{ ref('fct_lead_score_history') }}
-- depends_on: {{ ref('fct_lead_stage_history') }}
with

fingerprints as (

    select * from {{ ref('int_lead_input_fingerprints') }}

),

scored_events as (

    select * from {{ ref('int_engagement_events_scored') }}

),

epochs as (

    select * from {{ ref('int_lead_engagement_epochs') }}

),

versions as (

    select * from {{ ref('int_contact_versions') }}

),

-- the next expiry and the next event dated after the reference time, in
-- one pass over the scored events
event_changes as (

    select
        lead_id,
        min(
            case when expires_at > {{ scoring_reference_time() }} then expires_at end
        ) as next_expiry_at,
        min(
            case when occurred_at > {{ scoring_reference_time() }} then occurred_at end
        ) as next_event_at
    from scored_events
    group by lead_id

),

epoch_changes as (

    select
        lead_id,
        min(
            case when started_at > {{ scoring_reference_time() }} then started_at end
        ) as next_epoch_at
    from epochs
    group by lead_id

),

-- a new version of the contact's attributes dated after the reference time
version_changes as (

    select
        lead_id,
        min(
            case when valid_from > {{ scoring_reference_time() }} then valid_from end
        ) as next_version_at
    from versions
    group by lead_id

),

next_changes as (

    select
        fingerprints.lead_id,
        -- least() skips nulls on DuckDB and Spark
        least(
            event_changes.next_expiry_at,
            event_changes.next_event_at,
            epoch_changes.next_epoch_at,
            version_changes.next_version_at
        ) as next_change_at
    from fingerprints
    left join event_changes
        on fingerprints.lead_id = event_changes.lead_id
    left join epoch_changes
        on fingerprints.lead_id = epoch_changes.lead_id
    left join version_changes
        on fingerprints.lead_id = version_changes.lead_id

),

state as (

    select
        fingerprints.lead_id,
        fingerprints.input_fingerprint,
        next_changes.next_change_at,
        {{ scoring_reference_time() }} as scored_as_of
    from fingerprints
    left join next_changes
        on fingerprints.lead_id = next_changes.lead_id

)

select * from state
