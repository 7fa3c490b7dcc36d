-- Step 5: sales. Reps work hand-raisers, highly engaged leads and a few cold
-- outbound targets; what they decide and what closes follows intent and fit.
-- fit is an exact decimal (pick_tables.sql), and so is every weight that
-- multiplies it or a threshold it meets.
create or replace temp table _leadflow_gen_sales as
with

triggered as (
    select
        i,
        contact_id,
        intent,
        fit,
        size_band,
        acv,
        is_hand_raiser,
        hand_sec,
        n_bulk,
        created_sec,
        active_end_sec,
        country,
        email_kind <> 'corporate' or country_fit = 0 or seniority = 'student' as is_excluded,
        _leadflow_gen_h(i, 0, 'sales') as hs1,
        _leadflow_gen_h(i, 1, 'sales') as hs2,
        _leadflow_gen_h(i, 2, 'sales') as hs3,
        _leadflow_gen_h(i, 3, 'sales') as hs4,
        _leadflow_gen_h(i, 6, 'sales') as h_trigger
    from _leadflow_gen_contacts
    where not is_merged
),

triggers as (
    select
        *,
        case
            when is_hand_raiser then 'hand_raiser'
            -- a busy lead that never raised its hand gets worked as an MQL
            when
                n_bulk >= $engaged_min_events
                and _leadflow_gen_u(h_trigger, 0) < $engaged_work_weight * intent * fit
                then 'engaged'
            -- cold outbound to good-fit contacts
            when
                fit >= $outbound_min_fit::decimal(3, 2)
                and _leadflow_gen_u(h_trigger, 0) > 1 - $outbound_rate
                then 'outbound'
        end as trigger_kind
    from triggered
),

started as (
    select
        *,
        case trigger_kind
            when 'hand_raiser' then hand_sec
            when 'engaged'
                then created_sec + floor(
                    (
                        $engaged_trigger_earliest_share
                        + $engaged_trigger_spread_share * _leadflow_gen_u(h_trigger, 1)
                    )
                    * (active_end_sec - created_sec)
                )::bigint
            when 'outbound'
                then created_sec + floor(
                    _leadflow_gen_u(h_trigger, 1) * (active_end_sec - created_sec)
                )::bigint
        end as trigger_sec,
        case trigger_kind
            when 'hand_raiser' then $work_rate_hand_raiser
            when 'engaged' then $work_rate_engaged
            else $work_rate_outbound
        end as work_rate
    from triggers
),

due as (
    select
        *,
        -- the first touch is due a log-normal delay after the trigger
        trigger_sec + least($response_max_days * $seconds_per_day, floor(
            3600 * exp(
                ln($response_median_hours)
                + $response_log_sd
                * _leadflow_gen_z(_leadflow_gen_u(hs1, 1), _leadflow_gen_u(hs1, 2))
            )
        ))::bigint as due_sec,
        coalesce(
            $office_time_zones[list_position($office_countries, country)], 'UTC'
        ) as office_zone,
        _leadflow_gen_h(i, 8, 'sales') as h_office
    from started
    where trigger_sec is not null and _leadflow_gen_u(hs1, 0) < work_rate
),

-- the office's wall clock when the touch is due (see OFF_HOURS_TOUCH_RATE)
office_clock as (
    select
        *,
        timezone(office_zone, to_timestamp(due_sec)) as due_local,
        isodow(timezone(office_zone, to_timestamp(due_sec))) as due_weekday,
        hour(timezone(office_zone, to_timestamp(due_sec))) as due_hour
    from due
),

office_hours as (
    select
        *,
        case
            when _leadflow_gen_u(h_office, 0) < $off_hours_touch_rate then due_sec
            when
                due_weekday <= 5 and due_hour >= $office_start_hour
                and due_hour < $office_end_hour
                then due_sec
            -- the next office morning (Monday to Friday), plus some backlog
            else epoch(timezone(
                office_zone,
                due_local::date
                + case
                    when due_weekday <= 5 and due_hour < $office_start_hour then 0
                    when due_weekday = 5 then 3
                    when due_weekday = 6 then 2
                    else 1
                end
                + to_hours($office_start_hour)
            ))::bigint + floor(
                _leadflow_gen_u(h_office, 1) * $office_morning_backlog_seconds
            )::bigint
        end as first_touch_sec
    from office_clock
),

worked as (
    select
        *,
        $quality_intent_weight * intent
        + $quality_fit_weight::decimal(3, 2) * fit
        + case when is_hand_raiser then $quality_hand_raiser_bonus else 0 end as quality,
        _leadflow_gen_rep(1 + floor(_leadflow_gen_u(hs2, 0) * $sdr_reps)::integer) as sdr,
        _leadflow_gen_rep(
            $sdr_reps + 1 + floor(_leadflow_gen_u(hs2, 1) * $ae_reps)::integer
        ) as ae
    from office_hours
),

timed_decisions as (
    -- most worked leads get a decision within two weeks of the first touch
    select
        *,
        case
            when _leadflow_gen_u(hs2, 2) < $decision_rate
                then first_touch_sec + $decision_min_days * $seconds_per_day + floor(
                    _leadflow_gen_u(hs3, 0) * $decision_spread_days * $seconds_per_day
                )::bigint
        end as decided_sec
    from worked
    where first_touch_sec < $as_of_sec
),

decided as (
    select
        *,
        case when decided_sec < $as_of_sec then decided_sec end as decision_sec,
        case
            when not decided_sec < $as_of_sec or decided_sec is null then null
            when is_excluded
                then
                    case
                        when _leadflow_gen_u(hs3, 1) < $excluded_disqualify_share
                            then 'disqualified'
                        else 'recycled'
                    end
            when
                _leadflow_gen_u(hs3, 1) < $accept_base_rate + $accept_quality_weight * quality
                then 'accepted'
            when _leadflow_gen_u(hs3, 2) < $recycle_share then 'recycled'
            else 'disqualified'
        end as decision
    from timed_decisions
),

-- some recycled leads come back and are accepted later
redecided as (
    select
        *,
        _leadflow_gen_h(i, 7, 'sales') as h_opp,
        case
            when decision = 'recycled' and _leadflow_gen_u(hs4, 0) < $reaccept_rate
                then decision_sec + $reaccept_min_days * $seconds_per_day + floor(
                    _leadflow_gen_u(hs4, 1) * $reaccept_spread_days * $seconds_per_day
                )::bigint
        end as reaccept_sec
    from decided
),

opportunity as (
    select
        *,
        case
            when
                decision = 'accepted'
                and _leadflow_gen_u(hs4, 2) < least(
                    $opportunity_max_rate,
                    $opportunity_base_rate + $opportunity_intent_weight * intent
                    + $opportunity_fit_weight::decimal(3, 2) * fit
                )
                then decision_sec + $opportunity_min_days * $seconds_per_day + floor(
                    _leadflow_gen_u(h_opp, 1) * $opportunity_spread_days * $seconds_per_day
                )::bigint
            when
                reaccept_sec < $as_of_sec
                and _leadflow_gen_u(hs4, 2) < least(
                    $opportunity_max_rate,
                    $opportunity_base_rate + $opportunity_intent_weight * intent
                    + $opportunity_fit_weight::decimal(3, 2) * fit
                )
                then reaccept_sec + $opportunity_min_days * $seconds_per_day + floor(
                    _leadflow_gen_u(h_opp, 1) * $opportunity_spread_days * $seconds_per_day
                )::bigint
            -- sales disqualified it, yet a deal came later
            when
                decision = 'disqualified' and not is_excluded
                and _leadflow_gen_u(hs4, 2) < $late_deal_rate
                then decision_sec + $late_deal_min_days * $seconds_per_day + floor(
                    _leadflow_gen_u(h_opp, 1) * $late_deal_spread_days * $seconds_per_day
                )::bigint
        end as opp_sec
    from redecided
)

select
    *,
    -- bigger companies take longer to close
    opp_sec + floor(
        (
            $close_min_days
            + _leadflow_gen_u(_leadflow_gen_h(i, 7, 'sales'), 0)
            * ($close_spread_days + $close_spread_days_per_size_band * size_band)
        )
        * $seconds_per_day
    )::bigint as close_sec,
    _leadflow_gen_u(_leadflow_gen_h(i, 4, 'sales'), 0) < least(
        $win_max_rate,
        $win_base_rate + $win_intent_weight * intent + $win_fit_weight::decimal(3, 2) * fit
    ) as wins,
    round(
        acv * exp(
            $deal_size_log_sd * _leadflow_gen_z(
                _leadflow_gen_u(_leadflow_gen_h(i, 4, 'sales'), 1),
                _leadflow_gen_u(_leadflow_gen_h(i, 4, 'sales'), 2)
            )
        ) / $amount_rounding
    ) * $amount_rounding as amount
from opportunity
