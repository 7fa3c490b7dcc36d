-- Step 1: people. One row per generated contact with its hidden truth
-- (intent, fit, flags) and its identity; duplicates copy the identity of the
-- contact they will be merged into (contacts.sql).
create or replace temp table _leadflow_gen_people as
with

draws as (
    select
        range as i,
        _leadflow_gen_h(range, 0, 'who') as h_who,
        _leadflow_gen_h(range, 0, 'company') as h_company,
        _leadflow_gen_h(range, 0, 'when') as h_when,
        _leadflow_gen_h(range, 0, 'why') as h_why,
        _leadflow_gen_h(range, 0, 'email') as h_email,
        _leadflow_gen_h(range, 0, 'flags') as h_flags
    from range(1, $contacts + 1)
),

-- contacts cluster in companies: a few popular accounts, a long tail
placed as (
    select
        *,
        floor(
            $companies * pow(_leadflow_gen_u(h_company, 0), $company_popularity_skew)
        )::bigint as company_no
    from draws
),

-- company_no -> a distinct name: multiplying by a number coprime with the
-- count of names permutes them, and the seed shifts the permutation
companies as (
    select
        *,
        ((company_no * $company_shuffle + $company_shift) % $company_names)::bigint as name_no,
        _leadflow_gen_h(company_no, 0, 'company') as h_co,
        company_no / $companies as popularity_rank
    from placed
),

named as (
    select
        *,
        $company_prefixes[1 + (name_no % len($company_prefixes))::integer]
        || $company_stems[
            1 + (name_no // len($company_prefixes) % len($company_stems))::integer
        ] as brand,
        $company_suffix_names[
            1 + (name_no // (len($company_prefixes) * len($company_stems)))::integer
        ] as suffix,
        $company_suffix_domains[
            1 + (name_no // (len($company_prefixes) * len($company_stems)))::integer
        ] as domain_suffix,
        -- popular accounts skew to larger companies
        pow(
            _leadflow_gen_u(h_co, 0),
            $company_size_skew + $company_size_skew_by_popularity * sqrt(popularity_rank)
        ) as u_size
    from companies
),

attributed as (
    select
        n.i,
        n.h_who,
        n.h_when,
        n.h_why,
        n.h_email,
        n.h_flags,
        t.title as job_title,
        t2.title as alt_title,
        t.seniority,
        t.fit as title_fit,
        ind.industry,
        ind.fit as industry_fit,
        sz.band as size_band,
        sz.fit as size_fit,
        sz.acv,
        ctry.code as country,
        ctry.fit as country_fit,
        src.source as lead_source,
        src.boost as source_boost,
        src.visitor_rate,
        $first_names[
            1 + floor(_leadflow_gen_u(n.h_who, 0) * len($first_names))::integer
        ] as first_name,
        $last_names[
            1 + floor(_leadflow_gen_u(n.h_who, 1) * len($last_names))::integer
        ] as last_name,
        n.brand || n.suffix as company_name,
        lower(n.brand || n.domain_suffix) || tld.tld as company_domain,
        -- log-uniform within the band
        least(sz.max_employees, floor(sz.min_employees * exp(
            _leadflow_gen_u(n.h_co, 1) * ln((sz.max_employees + 1.0) / sz.min_employees)
        )))::bigint as company_size
    from named as n
    inner join _leadflow_gen_titles as t
        on t.pick_key = floor(_leadflow_gen_u(n.h_who, 2) * $pick_slots)::integer
    inner join _leadflow_gen_titles as t2
        on t2.pick_key = floor(
            _leadflow_gen_u(_leadflow_gen_h(n.i, 1, 'who'), 0) * $pick_slots
        )::integer
    inner join _leadflow_gen_industries as ind
        on ind.pick_key = floor(_leadflow_gen_u(n.h_co, 2) * $pick_slots)::integer
    inner join _leadflow_gen_sizes as sz
        on sz.pick_key = floor(n.u_size * $pick_slots)::integer
    inner join _leadflow_gen_tlds as tld
        on tld.pick_key = floor(
            _leadflow_gen_u(_leadflow_gen_h(n.company_no, 1, 'company'), 0) * $pick_slots
        )::integer
    inner join _leadflow_gen_countries as ctry
        on ctry.pick_key = floor(_leadflow_gen_u(n.h_when, 1) * $pick_slots)::integer
    inner join _leadflow_gen_sources as src
        on src.pick_key = floor(_leadflow_gen_u(n.h_when, 2) * $pick_slots)::integer
),

-- what kind of mailbox the contact signs up with; students mostly use their
-- university address
mailboxes as (
    select
        *,
        case
            when seniority = 'student'
                then
                    case
                        when _leadflow_gen_u(h_email, 0) < $student_academic_email_share
                            then 'academic'
                        else 'personal'
                    end
            when _leadflow_gen_u(h_email, 0) < $personal_email_rate then 'personal'
            when _leadflow_gen_u(h_email, 0) < $personal_email_rate + $academic_email_rate
                then 'academic'
            when
                _leadflow_gen_u(h_email, 0)
                < $personal_email_rate + $academic_email_rate + $competitor_email_rate
                then 'competitor'
            else 'corporate'
        end as email_kind,
        floor(
            _leadflow_gen_u(h_email, 1) * len($academic_domains)
        )::integer + 1 as academic_no,
        floor(
            _leadflow_gen_u(h_email, 1) * len($competitor_domains)
        )::integer + 1 as competitor_no
    from attributed
),

-- academics and competitors work where their mailbox says
identities as (
    select
        * replace (
            case email_kind
                when 'academic' then $academic_institutions[academic_no]
                when 'competitor' then $competitor_names[competitor_no]
                else company_name
            end as company_name,
            case email_kind
                when 'academic' then $academic_domains[academic_no]
                when 'competitor' then $competitor_domains[competitor_no]
                else company_domain
            end as company_domain,
            case email_kind
                when 'academic' then $academic_industry
                when 'competitor' then $competitor_industry
                else industry
            end as industry,
            case email_kind
                when 'academic' then $academic_industry_fit::decimal(3, 2)
                else industry_fit
            end as industry_fit,
            case email_kind
                when 'academic' then $academic_countries[academic_no]
                else country
            end as country,
            case
                when email_kind = 'academic' then $academic_country_fit::decimal(3, 2)
                else country_fit
            end as country_fit
        )
    from mailboxes
),

-- the hidden truth: fit from the profile, intent partly from the channel
truths as (
    select
        *,
        $fit_weight_title::decimal(3, 2) * title_fit
        + $fit_weight_size::decimal(3, 2) * size_fit
        + $fit_weight_industry::decimal(3, 2) * industry_fit
        + $fit_weight_country::decimal(3, 2) * country_fit as fit,
        $start_sec
        + floor(
            pow(_leadflow_gen_u(h_when, 0), $contact_creation_skew) * $window_sec
        )::bigint as created_sec,
        _leadflow_gen_u(h_flags, 0) as u_flag
    from identities
)

select
    *,
    least(
        1.0,
        pow(_leadflow_gen_u(h_why, 0), $intent_skew)
        -- fit is an exact decimal, and so is every weight that multiplies it
        * ($intent_fit_base::decimal(3, 2) + $intent_fit_weight::decimal(3, 2) * fit)
        + source_boost
    ) as intent,
    u_flag < $merged_contact_rate as is_merge_candidate,
    u_flag >= $merged_contact_rate
    and u_flag < $merged_contact_rate + $deleted_contact_rate as is_deleted,
    -- the contact a merge candidate duplicates (never itself)
    case
        when u_flag < $merged_contact_rate
            then nullif(1 + floor(_leadflow_gen_u(h_flags, 1) * $contacts)::bigint, i)
    end as survivor_candidate
from truths
