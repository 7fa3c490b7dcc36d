-- The leads an incremental run recomputes: leads whose input fingerprint
-- changed since the last successful run, leads that appeared or
-- disappeared, and leads with a change falling due since then (an expiry,
-- say). The previous run's state is read by name, not ref(): it is written
-- at the end of the run (int_lead_scoring_state), downstream of this model.
-- On a first run or a full refresh every lead is affected.
{%- set previous_state = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_lead_scoring_state'
) %}

with

current_fingerprints as (

    select * from {{ ref('int_lead_input_fingerprints') }}

),

{% if previous_state is not none and not flags.FULL_REFRESH %}
previous_state as (

    select * from {{ previous_state }}

),

affected as (

    select coalesce(current_fingerprints.lead_id, previous_state.lead_id) as lead_id
    from current_fingerprints
    full outer join previous_state
        on current_fingerprints.lead_id = previous_state.lead_id
    where
        current_fingerprints.lead_id is null
        or previous_state.lead_id is null
        or current_fingerprints.input_fingerprint != previous_state.input_fingerprint
        or previous_state.next_change_at <= {{ scoring_reference_time() }}
        -- the clock went back (a run pinned to an earlier reference time)
        or previous_state.scored_as_of > {{ scoring_reference_time() }}

)
{% else %}
affected as (

    select lead_id from current_fingerprints

)
{% endif %}

select * from affected
