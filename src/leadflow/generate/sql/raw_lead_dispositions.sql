-- raw.lead_dispositions: each sales decision, and a second acceptance for
-- recycled leads that came back.
insert into raw.lead_dispositions (
    disposition_id,
    contact_id,
    disposition,
    reason,
    decided_at,
    rep_id,
    loaded_at,
    _source_file,
    _source_row
)
with

decisions as (
    select
        s.i,
        s.contact_id,
        s.sdr,
        1 as n,
        s.decision,
        s.decision_sec as sec,
        s.is_excluded,
        c.email_kind,
        c.seniority
    from _leadflow_gen_sales as s
    inner join _leadflow_gen_contacts as c using (i)
    where s.decision is not null
    union all
    select
        s.i,
        s.contact_id,
        s.sdr,
        2 as n,
        'accepted' as decision,
        s.reaccept_sec as sec,
        false as is_excluded,
        null as email_kind,
        null as seniority
    from _leadflow_gen_sales as s
    where s.reaccept_sec < $as_of_sec
)

select
    printf('d%d-%07d-%d', $seed, i, n) as disposition_id,
    contact_id,
    decision as disposition,
    case
        when decision = 'accepted'
            then $accept_reasons[
                1 + floor(
                    _leadflow_gen_u(_leadflow_gen_h(i, n, 'decision'), 0) * len($accept_reasons)
                )::integer
            ]
        when decision = 'recycled'
            then $recycle_reasons[
                1 + floor(
                    _leadflow_gen_u(_leadflow_gen_h(i, n, 'decision'), 0) * len($recycle_reasons)
                )::integer
            ]
        when is_excluded
            then
                case
                    when email_kind = 'personal' then 'personal email'
                    when email_kind = 'academic' or seniority = 'student' then 'student'
                    when email_kind = 'competitor' then 'competitor'
                    else 'outside territory'
                end
        else $disqualify_reasons[
            1 + floor(
                _leadflow_gen_u(_leadflow_gen_h(i, n, 'decision'), 0) * len($disqualify_reasons)
            )::integer
        ]
    end as reason,
    _leadflow_gen_ts(sec, _leadflow_gen_u(_leadflow_gen_h(i, n, 'decision'), 1)) as decided_at,
    sdr as rep_id,
    _leadflow_gen_plain(least(
        $as_of_sec, sec + _leadflow_gen_lag(_leadflow_gen_u(_leadflow_gen_h(i, n, 'decision'), 2))
    )) as loaded_at,
    $source as _source_file,
    row_number() over (order by i, n)::varchar as _source_row
from decisions
