-- Step 3: raw.contacts. One row per record version: the first version, a
-- later changed one for some, and a few broken extra rows.
insert into raw.contacts (
    contact_id,
    email,
    first_name,
    last_name,
    job_title,
    company_name,
    company_size,
    industry,
    country,
    lead_source,
    created_at,
    updated_at,
    loaded_at,
    _source_file,
    _source_row
)
with

present as (
    -- deleted contacts and some merged-away ones are gone from the export
    select
        *,
        _leadflow_gen_h(i, 0, 'record') as h_rows,
        _leadflow_gen_h(i, 1, 'record') as h_change,
        _leadflow_gen_h(i, 2, 'record') as h_fields,
        _leadflow_gen_h(i, 3, 'record') as h_blanks,
        _leadflow_gen_h(i, 4, 'record') as h_times
    from _leadflow_gen_contacts
    where
        not is_deleted
        and not (
            is_merged
            and _leadflow_gen_u(_leadflow_gen_h(i, 5, 'record'), 0) < $merged_record_gone_rate
        )
),

record_versions as (
    -- 1 = first record; 2 = a later version with a new title or size
    -- (merged records are frozen); 3 = a copy with a blank id;
    -- 4 = a copy whose updated_at does not parse
    select
        *,
        unnest(list_concat(
            [1],
            case
                when not is_merged and _leadflow_gen_u(h_rows, 0) < $contact_version_rate
                    then [2]
                else []
            end,
            case
                when _leadflow_gen_u(h_rows, 1) < $null_contact_id_row_rate then [3]
                when
                    _leadflow_gen_u(h_rows, 1)
                    < $null_contact_id_row_rate + $bad_updated_at_row_rate
                    then [4]
                else []
            end
        )) as record_version
    from present
),

timed as (
    select
        *,
        case
            when record_version = 2
                then created_sec + floor(
                    (
                        $record_change_earliest_share
                        + $record_change_spread_share * _leadflow_gen_u(h_rows, 2)
                    )
                    * (active_end_sec - created_sec)
                )::bigint
            -- the first record settles within a few days of creation
            else least(
                active_end_sec,
                created_sec + floor(
                    pow(_leadflow_gen_u(h_change, 0), $record_settle_skew)
                    * $record_settle_days * $seconds_per_day
                )::bigint
            )
        end as updated_sec,
        record_version = 2 and _leadflow_gen_u(h_change, 1) < $changed_title_below as new_title,
        record_version = 2 and _leadflow_gen_u(h_change, 1) >= $changed_size_from as new_size,
        $country_spellings[list_position($country_spelling_codes, country)] as spellings
    from record_versions
)

select
    case when record_version = 3 then null else contact_id end as contact_id,
    case
        when _leadflow_gen_u(h_fields, 0) < $email_no_at_rate
            then replace(clean_email, '@', ' at ')
        when _leadflow_gen_u(h_fields, 0) < $email_no_at_rate + $email_space_rate
            then regexp_replace(clean_email, '\.', ' ')
        when
            _leadflow_gen_u(h_fields, 0)
            < $email_no_at_rate + $email_space_rate + $uppercase_email_rate
            then upper(clean_email)
        else clean_email
    end as email,
    case
        when _leadflow_gen_u(h_blanks, 0) < $blank_name_rate then null else first_name
    end as first_name,
    case
        when _leadflow_gen_u(h_blanks, 0) > 1 - $blank_name_rate then null else last_name
    end as last_name,
    -- job title: blank, lower case, or as (re)written
    case
        when _leadflow_gen_u(h_fields, 1) < $job_title_mess_cuts[1] then null
        when _leadflow_gen_u(h_fields, 1) < $job_title_mess_cuts[2]
            then lower(case when new_title then alt_title else job_title end)
        when new_title then alt_title
        else job_title
    end as job_title,
    company_name,
    case
        when _leadflow_gen_u(h_blanks, 1) < $blank_company_size_rate then null
        when new_size
            then (
                company_size
                * ($company_growth_min + $company_growth_spread * _leadflow_gen_u(h_change, 2))
            )::bigint::varchar
        else company_size::varchar
    end as company_size,
    case
        when _leadflow_gen_u(h_blanks, 2) < $blank_industry_rate then null else industry
    end as industry,
    -- country: blank, spelled out, lower case, or the code
    case
        when _leadflow_gen_u(h_fields, 2) < $country_mess_cuts[1] then null
        when _leadflow_gen_u(h_fields, 2) < $country_mess_cuts[2] and spellings is not null
            then list_extract(
                spellings, 1 + floor(_leadflow_gen_u(h_change, 2) * len(spellings))::integer
            )
        when _leadflow_gen_u(h_fields, 2) < $country_mess_cuts[3] then lower(country)
        else country
    end as country,
    -- lead source: blank in one band of the draw, spelled like a label in another
    case
        when
            _leadflow_gen_u(h_blanks, 0)
            between $blank_lead_source_band[1] and $blank_lead_source_band[2]
            then null
        when
            _leadflow_gen_u(h_blanks, 0)
            between $labelled_lead_source_band[1] and $labelled_lead_source_band[2]
            then upper(lead_source[1]) || replace(lead_source[2:], '_', ' ')
        else lead_source
    end as lead_source,
    _leadflow_gen_ts(created_sec, _leadflow_gen_u(h_times, 0)) as created_at,
    case
        when record_version = 4
            then $bad_timestamps[
                1 + floor(_leadflow_gen_u(h_change, 2) * len($bad_timestamps))::integer
            ]
        else _leadflow_gen_ts(updated_sec, _leadflow_gen_u(h_times, 1))
    end as updated_at,
    _leadflow_gen_plain(
        least($as_of_sec, updated_sec + _leadflow_gen_lag(_leadflow_gen_u(h_times, 2)))
    ) as loaded_at,
    $source as _source_file,
    row_number() over (order by i, record_version)::varchar as _source_row
from timed
