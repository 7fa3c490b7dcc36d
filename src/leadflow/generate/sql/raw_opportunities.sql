-- raw.opportunities: one row per deal, and for some closed deals an earlier
-- row from a sync that saw them still open.
insert into raw.opportunities (
    opportunity_id,
    contact_id,
    created_at,
    status,
    amount,
    closed_at,
    loaded_at,
    _source_file,
    _source_row
)
with

deals as (
    select
        *,
        case
            when close_sec >= $as_of_sec then 'open'
            when wins then 'won'
            else 'lost'
        end as status,
        _leadflow_gen_h(i, 0, 'deal') as hd
    from _leadflow_gen_sales
    where opp_sec < $as_of_sec
),

states as (
    -- a closed deal was often synced once while still open
    select
        *,
        unnest(
            case
                when status <> 'open' and _leadflow_gen_u(hd, 0) < $synced_while_open_rate
                    then ['open', status]
                else [status]
            end
        ) as state
    from deals
),

rows_out as (
    select
        *,
        case when state = 'open' then opp_sec else close_sec end as state_sec,
        row_number() over (order by i, state <> 'open') as rn
    from states
)

select
    printf('o%d-%07d', $seed, i) as opportunity_id,
    contact_id,
    _leadflow_gen_ts(opp_sec, _leadflow_gen_u(hd, 1)) as created_at,
    state as status,
    case
        when _leadflow_gen_u(hd, 2) < $blank_amount_rate then null
        else printf('%.2f', amount)
    end as amount,
    case
        when state = 'open' then null
        else _leadflow_gen_ts(close_sec, _leadflow_gen_u(hd, 1))
    end as closed_at,
    _leadflow_gen_plain(
        least($as_of_sec, state_sec + _leadflow_gen_lag(_leadflow_gen_u(hd, 2)))
    ) as loaded_at,
    $source as _source_file,
    rn::varchar as _source_row
from rows_out
