-- raw.contact_merges: one row per duplicate merged into its survivor.
insert into raw.contact_merges (
    merged_contact_id,
    surviving_contact_id,
    merged_at,
    loaded_at,
    _source_file,
    _source_row
)
select
    m.contact_id as merged_contact_id,
    s.contact_id as surviving_contact_id,
    _leadflow_gen_ts(
        m.merged_sec, _leadflow_gen_u(_leadflow_gen_h(m.i, 0, 'merge'), 0)
    ) as merged_at,
    _leadflow_gen_plain(least(
        $as_of_sec,
        m.merged_sec + _leadflow_gen_lag(_leadflow_gen_u(_leadflow_gen_h(m.i, 0, 'merge'), 1))
    )) as loaded_at,
    $source as _source_file,
    row_number() over (order by m.i)::varchar as _source_row
from _leadflow_gen_contacts as m
inner join _leadflow_gen_contacts as s
    on m.survivor_no = s.i
where m.is_merged
