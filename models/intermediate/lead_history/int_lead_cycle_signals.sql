-- One row per lead per marketing cycle (cycle 0 from the lead's creation, a
-- new one at each sales recycle, up to the end of its marketing window):
-- the first moment in the cycle of each signal that can qualify the lead,
-- whatever the order or the end of marketing (int_lead_cycle_qualifications
-- decides what they make): fit and score meet the MQL bar, fit and score
-- meet the SQL threshold, a hand-raiser event with enough fit, a sales
-- acceptance. The MQL minimum fit is written once (fit_intervals) for all
-- that need it. After a recycle only engagement earned since counts.
with

windows as (

    select * from {{ ref('int_lead_marketing_windows') }}
    {{ affected_leads_filter() }}

),

all_cycles as (

    select * from {{ ref('int_lead_cycles') }}
    {{ affected_leads_filter() }}

),

intervals as (

    select * from {{ ref('int_lead_score_intervals') }}
    {{ affected_leads_filter() }}

),

thresholds as (

    select * from {{ ref('stg_rules__score_thresholds') }}

),

scored_events as (

    select * from {{ ref('int_engagement_events_scored') }}
    {{ affected_leads_filter() }}

),

hand_raiser_types as (

    select event_type from {{ ref('hand_raiser_event_types') }}

),

dispositions as (

    select * from {{ ref('int_lead_dispositions_attributed') }}
    {{ affected_leads_filter() }}

),

-- the lead's cycles, clipped to its marketing window
marketing_cycles as (

    select
        windows.lead_id,
        all_cycles.cycle_number,
        -- cycle 0 has no start: the cycle starts with the lead
        coalesce(
            greatest(all_cycles.started_at, windows.lead_at), windows.lead_at
        ) as cycle_started_at,
        all_cycles.ended_at as cycle_ended_at,
        windows.marketing_ends_at
    from windows
    inner join all_cycles
        on windows.lead_id = all_cycles.lead_id
    where
        (all_cycles.ended_at is null or all_cycles.ended_at > windows.lead_at)
        and (
            windows.marketing_ends_at is null
            or all_cycles.started_at is null
            or all_cycles.started_at < windows.marketing_ends_at
        )

),

-- the score history where the lead's fit meets the MQL minimum: the one
-- place that condition is written
fit_intervals as (

    select intervals.*
    from intervals
    cross join thresholds
    where intervals.fit_score >= thresholds.mql_min_fit_score

),

-- the first moment in each cycle the score history meets a threshold; after
-- a recycle the interval must start after it (engagement earned since)
threshold_crossings as (

    select
        marketing_cycles.lead_id,
        marketing_cycles.cycle_number,
        min(
            case
                when fit_intervals.score >= thresholds.mql_score_threshold
                    then greatest(
                        fit_intervals.valid_from, marketing_cycles.cycle_started_at
                    )
            end
        ) as mql_threshold_at,
        min(
            case
                when fit_intervals.score >= thresholds.sql_score_threshold
                    then greatest(
                        fit_intervals.valid_from, marketing_cycles.cycle_started_at
                    )
            end
        ) as sql_threshold_at
    from marketing_cycles
    cross join thresholds
    inner join fit_intervals
        on
            marketing_cycles.lead_id = fit_intervals.lead_id
            and (
                fit_intervals.valid_to is null
                or marketing_cycles.cycle_started_at < fit_intervals.valid_to
            )
            and (
                marketing_cycles.cycle_ended_at is null
                or marketing_cycles.cycle_ended_at > fit_intervals.valid_from
            )
            and (
                marketing_cycles.cycle_number = 0
                or marketing_cycles.cycle_started_at < fit_intervals.valid_from
            )
    group by marketing_cycles.lead_id, marketing_cycles.cycle_number

),

-- hand-raisers count when the lead's fit at that moment meets the minimum
-- (fit_intervals; a hand-raise before the CRM record counts from the
-- record)
hand_raiser_events as (

    select
        marketing_cycles.lead_id,
        marketing_cycles.cycle_number,
        greatest(scored_events.occurred_at, marketing_cycles.cycle_started_at) as raised_at
    from marketing_cycles
    inner join scored_events
        on
            marketing_cycles.lead_id = scored_events.lead_id
            and marketing_cycles.cycle_number = scored_events.cycle_number
    inner join hand_raiser_types
        on scored_events.event_type = hand_raiser_types.event_type

),

hand_raisers as (

    select
        hand_raiser_events.lead_id,
        hand_raiser_events.cycle_number,
        min(hand_raiser_events.raised_at) as hand_raiser_at
    from hand_raiser_events
    inner join fit_intervals
        on
            hand_raiser_events.lead_id = fit_intervals.lead_id
            and hand_raiser_events.raised_at >= fit_intervals.valid_from
            and (
                fit_intervals.valid_to is null
                or hand_raiser_events.raised_at < fit_intervals.valid_to
            )
    group by hand_raiser_events.lead_id, hand_raiser_events.cycle_number

),

sales_accepts as (

    select
        marketing_cycles.lead_id,
        marketing_cycles.cycle_number,
        min(dispositions.decided_at) as sales_accepted_at
    from marketing_cycles
    inner join dispositions
        on
            marketing_cycles.lead_id = dispositions.lead_id
            and marketing_cycles.cycle_started_at <= dispositions.decided_at
            and (
                marketing_cycles.cycle_ended_at is null
                or marketing_cycles.cycle_ended_at > dispositions.decided_at
            )
    where dispositions.disposition = 'accepted'
    group by marketing_cycles.lead_id, marketing_cycles.cycle_number

),

cycle_signals as (

    select
        marketing_cycles.lead_id,
        marketing_cycles.cycle_number,
        marketing_cycles.cycle_started_at,
        marketing_cycles.marketing_ends_at,
        threshold_crossings.mql_threshold_at,
        threshold_crossings.sql_threshold_at,
        hand_raisers.hand_raiser_at,
        sales_accepts.sales_accepted_at
    from marketing_cycles
    left join threshold_crossings
        on
            marketing_cycles.lead_id = threshold_crossings.lead_id
            and marketing_cycles.cycle_number = threshold_crossings.cycle_number
    left join hand_raisers
        on
            marketing_cycles.lead_id = hand_raisers.lead_id
            and marketing_cycles.cycle_number = hand_raisers.cycle_number
    left join sales_accepts
        on
            marketing_cycles.lead_id = sales_accepts.lead_id
            and marketing_cycles.cycle_number = sales_accepts.cycle_number

)

select *{{ lead_bucket_column() }} from cycle_signals
