-- raw.sales_activities: the touches (calls, emails, meetings) of each worked
-- lead, the first at first_touch_sec and the rest a few days apart.
insert into raw.sales_activities (
    activity_id,
    contact_id,
    activity_type,
    occurred_at,
    rep_id,
    loaded_at,
    _source_file,
    _source_row
)
with

touches as (
    select
        *,
        unnest(range(1 + floor(
            pow(_leadflow_gen_u(_leadflow_gen_h(i, 5, 'sales'), 0), $touches_skew)
            * ($touches_base + $touches_by_quality * quality)
        )::bigint)) as j,
        $touch_gap_min_days * $seconds_per_day + floor(
            _leadflow_gen_u(_leadflow_gen_h(i, 5, 'sales'), 1)
            * $touch_gap_spread_days * $seconds_per_day
        )::bigint as gap
    from _leadflow_gen_sales
),

timed as (
    select
        *,
        first_touch_sec + j * gap
        + case
            when j = 0 then 0
            else floor(
                _leadflow_gen_u(_leadflow_gen_h(i, j, 'touch'), 0) * $touch_jitter_hours * 3600
            )::bigint
        end as sec,
        _leadflow_gen_h(i, j, 'touch') as ht
    from touches
),

typed as (
    select
        *,
        case
            when j = 0
                then
                    case
                        when _leadflow_gen_u(ht, 1) < $first_touch_call_share then 'call'
                        else 'email'
                    end
            when _leadflow_gen_u(ht, 1) < $meeting_base_rate + $meeting_intent_weight * intent
                then 'meeting'
            when _leadflow_gen_u(ht, 2) < $call_share then 'call'
            else 'email'
        end as activity_type
    from timed
    where sec < $as_of_sec
)

select
    printf('a%d-%07d-%d', $seed, i, j) as activity_id,
    contact_id,
    activity_type,
    case
        when _leadflow_gen_u(_leadflow_gen_h(i, j, 'touch_2'), 0) < $bad_timestamp_rate
            then $bad_timestamps[
                1 + floor(
                    _leadflow_gen_u(_leadflow_gen_h(i, j, 'touch_2'), 1) * len($bad_timestamps)
                )::integer
            ]
        else _leadflow_gen_ts(sec, _leadflow_gen_u(_leadflow_gen_h(i, j, 'touch_2'), 2))
    end as occurred_at,
    case
        -- now and then a colleague covers
        when _leadflow_gen_u(_leadflow_gen_h(i, j, 'touch_2'), 1) < $covering_rep_rate
            then _leadflow_gen_rep(
                1 + floor(_leadflow_gen_u(ht, 0) * ($sdr_reps + $ae_reps))::integer
            )
        when activity_type = 'meeting' then ae
        else sdr
    end as rep_id,
    _leadflow_gen_plain(
        least($as_of_sec, sec + _leadflow_gen_lag(_leadflow_gen_u(ht, 0)))
    ) as loaded_at,
    $source as _source_file,
    row_number() over (order by i, j)::varchar as _source_row
from typed
