-- Step 4a: visitors who never become contacts, with their slots of event
-- rows numbered on from the contacts' ($visitor_event_offset).
create or replace temp table _leadflow_gen_visitors as
with

drawn as (
    select
        range as i,
        _leadflow_gen_h(range, 0, 'stranger') as h
    from range(1, $visitors + 1)
),

sized as (
    select
        i,
        $start_sec + floor(_leadflow_gen_u(h, 0) * $window_sec)::bigint as first_sec,
        -- strangers are mostly cold readers
        least(
            $intent_tiers - 1,
            floor(pow(_leadflow_gen_u(h, 1), $stranger_intent_skew) * $intent_tiers)
        )::integer as tier,
        1 + floor(
            pow(_leadflow_gen_u(h, 2), $stranger_visits_skew) * $stranger_visits_spread
        )::bigint as n_pre,
        printf(
            '%08x-%04x-4%03x-b%03x-%012x',
            _leadflow_gen_h(i, 1, 'stranger') >> 32,
            _leadflow_gen_h(i, 1, 'stranger') & 65535,
            (_leadflow_gen_h(i, 1, 'stranger') >> 16) & 4095,
            _leadflow_gen_h(i, 2, 'stranger') & 4095,
            _leadflow_gen_h(i, 2, 'stranger') >> 16
        ) as visitor_id
    from drawn
),

copied as (
    select
        *,
        floor(
            n_pre * $redelivered_event_rate
            + _leadflow_gen_u(_leadflow_gen_h(i, 3, 'stranger'), 0)
        )::bigint as n_copies
    from sized
)

select
    *,
    $visitor_event_offset + coalesce(sum(n_pre + n_copies) over (
        order by i rows between unbounded preceding and 1 preceding
    ), 0)::bigint as event_offset
from copied
