-- One row per lead per marketing cycle (cycle 0 from the lead's creation, a
-- new one at each sales recycle, up to the end of its marketing window):
-- the first moment in the cycle the lead met the MQL bar, and the first
-- moment it reached SQL and why. Both need the MQL minimum fit, which is
-- written once (fit_intervals). MQL: fit and score meet the
-- thresholds. SQL, the first of: the score meets the SQL threshold, a
-- hand-raiser event, a sales acceptance (at one instant the reason of
-- lowest precedence in stage_entry_reasons wins). After a recycle
-- only engagement earned since counts. Moments at or after the end of
-- marketing are left out: the opportunity infers those stages.
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

reasons as (

    select * from {{ ref('stage_entry_reasons') }}

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
        min(dispositions.decided_at) as accepted_at
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

-- every way a cycle can reach SQL, and the first of them; at one instant
-- the reason of lowest precedence (stage_entry_reasons seed) wins
sql_candidates as (

    select
        lead_id,
        cycle_number,
        sql_threshold_at as entered_at,
        'threshold' as reason
    from threshold_crossings
    where sql_threshold_at is not null

    union all

    select
        lead_id,
        cycle_number,
        hand_raiser_at as entered_at,
        'hand_raiser' as reason
    from hand_raisers

    union all

    select
        lead_id,
        cycle_number,
        accepted_at as entered_at,
        'sales_accepted' as reason
    from sales_accepts

),

first_sql_candidates as (

    select
        sql_candidates.lead_id,
        sql_candidates.cycle_number,
        sql_candidates.entered_at as sql_at,
        sql_candidates.reason as sql_reason,
        row_number() over (
            partition by sql_candidates.lead_id, sql_candidates.cycle_number
            order by sql_candidates.entered_at, reasons.precedence
        ) as candidate_rank
    from sql_candidates
    -- a reason the seed lacks fails the stage history's reason test
    left join reasons
        on sql_candidates.reason = reasons.reason

),

cycle_sql as (

    select
        marketing_cycles.lead_id,
        marketing_cycles.cycle_number,
        marketing_cycles.cycle_started_at,
        marketing_cycles.marketing_ends_at,
        threshold_crossings.mql_threshold_at,
        first_sql_candidates.sql_at,
        first_sql_candidates.sql_reason
    from marketing_cycles
    left join threshold_crossings
        on
            marketing_cycles.lead_id = threshold_crossings.lead_id
            and marketing_cycles.cycle_number = threshold_crossings.cycle_number
    left join first_sql_candidates
        on
            marketing_cycles.lead_id = first_sql_candidates.lead_id
            and marketing_cycles.cycle_number = first_sql_candidates.cycle_number
            and first_sql_candidates.candidate_rank = 1

),

-- marketing stages at or after the end of marketing are left to the
-- inference at the opportunity below
cycle_stages as (

    select
        lead_id,
        cycle_number,
        cycle_started_at,
        marketing_ends_at,
        case
            when marketing_ends_at is null or sql_at < marketing_ends_at then sql_at
        end as sql_at,
        sql_reason,
        case
            when marketing_ends_at is null or mql_threshold_at < marketing_ends_at
                then mql_threshold_at
        end as mql_threshold_at
    from cycle_sql

)

select *{{ lead_bucket_column() }} from cycle_stages
