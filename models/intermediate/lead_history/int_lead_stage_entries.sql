-- One row per stage a lead entered, with why, derived from the score
-- history, engagement, sales dispositions and opportunities
-- (../shared/DESIGN.md, "Lifecycle semantics"):
--   * contact from creation; lead from creation unless the email is
--     malformed or the contact is excluded (then disqualified at once);
--   * a lead's life is split in cycles: cycle 0 from creation, and a new one
--     at each sales recycle; in each cycle the lead becomes an MQL the first
--     moment fit >= the minimum and score >= the MQL threshold, and an SQL
--     at the first of: score >= the SQL threshold (with that fit), a
--     hand-raiser event with that fit, or a sales acceptance; after a
--     recycle only engagement earned after it counts;
--   * opportunity and customer from the first opportunity and first win;
--   * a sales disqualification is terminal unless an opportunity follows;
--     recycles and disqualifications after an opportunity change nothing;
--   * stages skipped on the way are entered at the same instant, inferred.

with

leads as (

    select * from {{ ref('int_leads') }}
    {{ affected_leads_filter() }}

),

exclusions as (

    select * from {{ ref('int_lead_exclusions') }}
    {{ affected_leads_filter() }}

),

intervals as (

    select * from {{ ref('int_lead_score_intervals') }}

),

thresholds as (

    select * from {{ ref('stg_rules__score_thresholds') }}

),

epochs as (

    select * from {{ ref('int_lead_engagement_epochs') }}

),

scored_events as (

    select * from {{ ref('int_engagement_events_scored') }}

),

hand_raiser_types as (

    select event_type from {{ ref('hand_raiser_event_types') }}

),

dispositions as (

    select * from {{ ref('int_lead_dispositions_attributed') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}

),

-- leads that can move along the funnel, with the moments that end their
-- marketing cycles: the first opportunity, and a sales disqualification
-- that comes before it
eligible_leads as (

    select
        leads.lead_id,
        leads.created_at as lead_at
    from leads
    inner join exclusions
        on leads.lead_id = exclusions.lead_id
    where exclusions.is_lead_eligible

),

first_opportunities as (

    select
        eligible_leads.lead_id,
        -- an opportunity dated before the CRM record counts from the record
        min(greatest(opportunities.created_at, eligible_leads.lead_at)) as opportunity_at,
        min(
            case
                when opportunities.is_won
                    then greatest(opportunities.closed_at, eligible_leads.lead_at)
            end
        ) as customer_at
    from eligible_leads
    inner join opportunities
        on eligible_leads.lead_id = opportunities.lead_id
    group by eligible_leads.lead_id

),

sales_disqualifications as (

    select
        eligible_leads.lead_id,
        min(dispositions.decided_at) as disqualified_at
    from eligible_leads
    inner join dispositions
        on eligible_leads.lead_id = dispositions.lead_id
    left join first_opportunities
        on eligible_leads.lead_id = first_opportunities.lead_id
    where
        dispositions.disposition = 'disqualified'
        and dispositions.decided_at >= eligible_leads.lead_at
        and (
            first_opportunities.opportunity_at is null
            or dispositions.decided_at < first_opportunities.opportunity_at
        )
    group by eligible_leads.lead_id

),

lead_windows as (

    select
        eligible_leads.lead_id,
        eligible_leads.lead_at,
        first_opportunities.opportunity_at,
        first_opportunities.customer_at,
        sales_disqualifications.disqualified_at,
        -- marketing stages (mql, sql, recycled) happen before this moment
        case
            when sales_disqualifications.disqualified_at is null
                then first_opportunities.opportunity_at
            when first_opportunities.opportunity_at is null
                then sales_disqualifications.disqualified_at
            when sales_disqualifications.disqualified_at < first_opportunities.opportunity_at
                then sales_disqualifications.disqualified_at
            else first_opportunities.opportunity_at
        end as marketing_ends_at
    from eligible_leads
    left join first_opportunities
        on eligible_leads.lead_id = first_opportunities.lead_id
    left join sales_disqualifications
        on eligible_leads.lead_id = sales_disqualifications.lead_id

),

-- cycles are the engagement epochs, clipped to the lead's marketing window
cycles as (

    select
        lead_windows.lead_id,
        epochs.epoch_number as cycle_number,
        -- epoch 0 has no start: the cycle starts with the lead
        coalesce(
            greatest(epochs.started_at, lead_windows.lead_at), lead_windows.lead_at
        ) as cycle_started_at,
        epochs.ended_at as cycle_ended_at,
        lead_windows.marketing_ends_at
    from lead_windows
    inner join epochs
        on lead_windows.lead_id = epochs.lead_id
    where
        (epochs.ended_at is null or epochs.ended_at > lead_windows.lead_at)
        and (
            lead_windows.marketing_ends_at is null
            or epochs.started_at is null
            or epochs.started_at < lead_windows.marketing_ends_at
        )

),

-- the first moment in each cycle the score history meets a threshold; after
-- a recycle the interval must start after it (engagement earned since)
threshold_crossings as (

    select
        cycles.lead_id,
        cycles.cycle_number,
        min(
            case
                when intervals.score >= thresholds.mql_score_threshold
                    then greatest(intervals.valid_from, cycles.cycle_started_at)
            end
        ) as mql_threshold_at,
        min(
            case
                when intervals.score >= thresholds.sql_score_threshold
                    then greatest(intervals.valid_from, cycles.cycle_started_at)
            end
        ) as sql_threshold_at
    from cycles
    cross join thresholds
    inner join intervals
        on
            cycles.lead_id = intervals.lead_id
            and thresholds.mql_min_fit_score <= intervals.fit_score
            and (intervals.valid_to is null or cycles.cycle_started_at < intervals.valid_to)
            and (cycles.cycle_ended_at is null or cycles.cycle_ended_at > intervals.valid_from)
            and (cycles.cycle_number = 0 or cycles.cycle_started_at < intervals.valid_from)
    group by cycles.lead_id, cycles.cycle_number

),

-- hand-raisers count when the lead's fit at that moment meets the minimum
-- (a hand-raise before the CRM record counts from the record)
hand_raiser_events as (

    select
        cycles.lead_id,
        cycles.cycle_number,
        greatest(scored_events.occurred_at, cycles.cycle_started_at) as raised_at
    from cycles
    inner join scored_events
        on
            cycles.lead_id = scored_events.lead_id
            and cycles.cycle_number = scored_events.epoch_number
    inner join hand_raiser_types
        on scored_events.event_type = hand_raiser_types.event_type

),

hand_raisers as (

    select
        hand_raiser_events.lead_id,
        hand_raiser_events.cycle_number,
        min(hand_raiser_events.raised_at) as hand_raiser_at
    from hand_raiser_events
    cross join thresholds
    inner join intervals
        on
            hand_raiser_events.lead_id = intervals.lead_id
            and hand_raiser_events.raised_at >= intervals.valid_from
            and (intervals.valid_to is null or hand_raiser_events.raised_at < intervals.valid_to)
    where intervals.fit_score >= thresholds.mql_min_fit_score
    group by hand_raiser_events.lead_id, hand_raiser_events.cycle_number

),

sales_accepts as (

    select
        cycles.lead_id,
        cycles.cycle_number,
        min(dispositions.decided_at) as accepted_at
    from cycles
    inner join dispositions
        on
            cycles.lead_id = dispositions.lead_id
            and cycles.cycle_started_at <= dispositions.decided_at
            and (cycles.cycle_ended_at is null or cycles.cycle_ended_at > dispositions.decided_at)
    where dispositions.disposition = 'accepted'
    group by cycles.lead_id, cycles.cycle_number

),

-- every way a cycle can reach SQL, and the first of them; at one instant
-- the threshold wins over a hand-raiser, and a hand-raiser over sales
sql_candidates as (

    select
        lead_id,
        cycle_number,
        sql_threshold_at as entered_at,
        'threshold' as reason,
        1 as reason_priority
    from threshold_crossings
    where sql_threshold_at is not null

    union all

    select
        lead_id,
        cycle_number,
        hand_raiser_at as entered_at,
        'hand_raiser' as reason,
        2 as reason_priority
    from hand_raisers

    union all

    select
        lead_id,
        cycle_number,
        accepted_at as entered_at,
        'sales_accepted' as reason,
        3 as reason_priority
    from sales_accepts

),

first_sql_candidates as (

    select
        lead_id,
        cycle_number,
        entered_at as sql_at,
        reason as sql_reason,
        row_number() over (
            partition by lead_id, cycle_number
            order by entered_at, reason_priority
        ) as candidate_rank
    from sql_candidates

),

cycle_sql as (

    select
        cycles.lead_id,
        cycles.cycle_number,
        cycles.cycle_started_at,
        cycles.marketing_ends_at,
        threshold_crossings.mql_threshold_at,
        first_sql_candidates.sql_at,
        first_sql_candidates.sql_reason
    from cycles
    left join threshold_crossings
        on
            cycles.lead_id = threshold_crossings.lead_id
            and cycles.cycle_number = threshold_crossings.cycle_number
    left join first_sql_candidates
        on
            cycles.lead_id = first_sql_candidates.lead_id
            and cycles.cycle_number = first_sql_candidates.cycle_number
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

),

marketing_entries as (

    -- a recycle starts every cycle after the first
    select
        lead_id,
        cycle_number,
        'recycled' as stage,
        cycle_started_at as entered_at,
        'recycled' as reason,
        false as is_inferred
    from cycle_stages
    where cycle_number > 0

    union all

    -- MQL by threshold, or inferred at the SQL moment when SQL came first
    select
        lead_id,
        cycle_number,
        'mql' as stage,
        case
            when mql_threshold_at is not null and (sql_at is null or mql_threshold_at <= sql_at)
                then mql_threshold_at
            else sql_at
        end as entered_at,
        case
            when mql_threshold_at is not null and (sql_at is null or mql_threshold_at <= sql_at)
                then 'threshold'
            else sql_reason
        end as reason,
        not(mql_threshold_at is not null and (sql_at is null or mql_threshold_at <= sql_at))
            as is_inferred
    from cycle_stages
    where mql_threshold_at is not null or sql_at is not null

    union all

    select
        lead_id,
        cycle_number,
        'sql' as stage,
        sql_at as entered_at,
        sql_reason as reason,
        false as is_inferred
    from cycle_stages
    where sql_at is not null

),

-- the cycle a lead is in when its opportunity is created, and which of
-- mql and sql it reached in that cycle
last_cycles as (

    select
        lead_windows.lead_id,
        max(cycle_stages.cycle_number) as cycle_number
    from lead_windows
    inner join cycle_stages
        on lead_windows.lead_id = cycle_stages.lead_id
    where lead_windows.opportunity_at is not null
    group by lead_windows.lead_id

),

last_cycle_reached as (

    select
        last_cycles.lead_id,
        last_cycles.cycle_number,
        max(case when marketing_entries.stage = 'mql' then 1 else 0 end) as has_mql,
        max(case when marketing_entries.stage = 'sql' then 1 else 0 end) as has_sql
    from last_cycles
    left join marketing_entries
        on
            last_cycles.lead_id = marketing_entries.lead_id
            and last_cycles.cycle_number = marketing_entries.cycle_number
    group by last_cycles.lead_id, last_cycles.cycle_number

),

sales_entries as (

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'mql' as stage,
        lead_windows.opportunity_at as entered_at,
        'opportunity' as reason,
        true as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id
    where last_cycle_reached.has_mql = 0

    union all

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'sql' as stage,
        lead_windows.opportunity_at as entered_at,
        'opportunity' as reason,
        true as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id
    where last_cycle_reached.has_sql = 0

    union all

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'opportunity' as stage,
        lead_windows.opportunity_at as entered_at,
        'opportunity' as reason,
        false as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id

    union all

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'customer' as stage,
        lead_windows.customer_at as entered_at,
        'won' as reason,
        false as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id
    where lead_windows.customer_at is not null

    union all

    select
        lead_id,
        cast(null as integer) as cycle_number,
        'disqualified' as stage,
        disqualified_at as entered_at,
        'sales_disqualified' as reason,
        false as is_inferred
    from lead_windows
    where disqualified_at is not null

),

creation_entries as (

    select
        leads.lead_id,
        0 as cycle_number,
        'contact' as stage,
        leads.created_at as entered_at,
        'created' as reason,
        false as is_inferred
    from leads

    union all

    select
        eligible_leads.lead_id,
        0 as cycle_number,
        'lead' as stage,
        eligible_leads.lead_at as entered_at,
        'created' as reason,
        false as is_inferred
    from eligible_leads

    union all

    select
        exclusions.lead_id,
        0 as cycle_number,
        'disqualified' as stage,
        leads.created_at as entered_at,
        'excluded' as reason,
        false as is_inferred
    from exclusions
    inner join leads
        on exclusions.lead_id = leads.lead_id
    where exclusions.exclusion_reason is not null

),

all_entries as (

    select * from creation_entries
    union all
    select * from marketing_entries
    union all
    select * from sales_entries

),

final as (

    select
        -- ids
        all_entries.lead_id,

        -- strings
        all_entries.stage,
        all_entries.reason,

        -- numerics
        all_entries.cycle_number,
        lifecycle_stages.stage_order,

        -- booleans
        all_entries.is_inferred,

        -- timestamps
        all_entries.entered_at

    from all_entries
    inner join {{ ref('lifecycle_stages') }} as lifecycle_stages
        on all_entries.stage = lifecycle_stages.stage

)

select * from final
