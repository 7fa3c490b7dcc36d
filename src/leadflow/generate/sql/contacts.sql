-- Step 2: contacts. Resolves merges, writes the email, and lays out each
-- contact's raw event rows as slots: [anonymous pre-visits][link][bulk]
-- [hand-raisers][unsubscribe/bounce][re-deliveries]. Knowing the slot counts
-- up front gives every event row a dense, deterministic _source_row.
create or replace temp table _leadflow_gen_contacts as
with

-- the contacts a duplicate can be merged into
survivors as (
    select * from _leadflow_gen_people
    where not is_merge_candidate and not is_deleted
),

resolved as (
    -- a duplicate record is the same person as its survivor; a candidate
    -- whose survivor is itself a duplicate or deleted stays a plain contact
    select
        b.i,
        b.h_email,
        b.h_flags,
        b.created_sec,
        b.intent,
        b.lead_source,
        b.visitor_rate,
        b.is_deleted,
        b.email_kind as own_email_kind,
        s.i is not null as is_merged,
        s.i as survivor_no,
        s.email_kind as survivor_email_kind,
        s.created_sec as survivor_created_sec,
        case when s.i is not null then s.first_name else b.first_name end as first_name,
        case when s.i is not null then s.last_name else b.last_name end as last_name,
        case when s.i is not null then s.job_title else b.job_title end as job_title,
        case when s.i is not null then s.alt_title else b.alt_title end as alt_title,
        case when s.i is not null then s.seniority else b.seniority end as seniority,
        case when s.i is not null then s.company_name else b.company_name end as company_name,
        case
            when s.i is not null then s.company_domain else b.company_domain
        end as company_domain,
        case when s.i is not null then s.industry else b.industry end as industry,
        case when s.i is not null then s.company_size else b.company_size end as company_size,
        case when s.i is not null then s.size_band else b.size_band end as size_band,
        case when s.i is not null then s.acv else b.acv end as acv,
        case when s.i is not null then s.country else b.country end as country,
        case when s.i is not null then s.country_fit else b.country_fit end as country_fit,
        case when s.i is not null then s.fit else b.fit end as fit
    from _leadflow_gen_people as b
    left join survivors as s
        on b.survivor_candidate = s.i
),

merged as (
    select
        *,
        case
            when not is_merged then own_email_kind
            when _leadflow_gen_u(h_email, 2) < $merged_personal_email_share then 'personal'
            else survivor_email_kind
        end as email_kind,
        case
            when is_merged
                then greatest(created_sec, survivor_created_sec) + floor(
                    _leadflow_gen_u(h_flags, 2) * $merge_window_share
                    * ($as_of_sec - greatest(created_sec, survivor_created_sec))
                )::bigint
        end as merged_sec,
        _leadflow_gen_h(i, 0, 'events') as h_events,
        _leadflow_gen_h(i, 0, 'hand') as h_hand,
        _leadflow_gen_h(i, 0, 'raw') as h_raw,
        _leadflow_gen_h(i, 0, 'versions') as h_versions
    from resolved
),

emailed as (
    select
        *,
        regexp_replace(strip_accents(lower(first_name)), '[^a-z]', '', 'g') as f,
        regexp_replace(strip_accents(lower(last_name)), '[^a-z]', '', 'g') as l,
        _leadflow_gen_u(h_raw, 0) as u_local,
        (
            $email_number_min + floor(_leadflow_gen_u(h_raw, 1) * $email_number_span)
        )::integer as digits
    from merged
),

addressed as (
    select
        *,
        case
            -- personal: first.last42, firstlast42, first.last, flast42
            when email_kind = 'personal'
                then
                    case
                        when u_local < $personal_local_part_cuts[1] then f || '.' || l || digits
                        when u_local < $personal_local_part_cuts[2] then f || l || digits
                        when u_local < $personal_local_part_cuts[3] then f || '.' || l
                        else f[1] || l || digits
                    end
            -- corporate: first.last, flast, first, first_last, firstl,
            -- last.first, first.last7
            when u_local < $corporate_local_part_cuts[1] then f || '.' || l
            when u_local < $corporate_local_part_cuts[2] then f[1] || l
            when u_local < $corporate_local_part_cuts[3] then f
            when u_local < $corporate_local_part_cuts[4] then f || '_' || l
            when u_local < $corporate_local_part_cuts[5] then f || l[1]
            when u_local < $corporate_local_part_cuts[6] then l || '.' || f
            else
                f || '.' || l
                || (1 + floor(_leadflow_gen_u(h_raw, 2) * $corporate_email_number_max))::integer
        end || '@' || case
            when email_kind = 'personal' then pd.domain
            else company_domain
        end as clean_email,
        case when is_merged then merged_sec else $as_of_sec end as active_end_sec,
        case
            when seniority = 'student' then $student_tier
            else least($intent_tiers - 1, floor(intent * $intent_tiers))::integer
        end as tier
    from emailed
    inner join _leadflow_gen_personal as pd
        on pd.pick_key = floor(_leadflow_gen_u(h_email, 1) * $pick_slots)::integer
),

-- how much each contact does: a skewed activity level, scaled by intent and
-- by how long it has been around
engaged as (
    select
        *,
        _leadflow_gen_u(h_events, 0) < visitor_rate as has_visitor,
        least($max_bulk_events, floor(
            exp(
                $activity_log_mean
                + $activity_log_sd
                * _leadflow_gen_z(_leadflow_gen_u(h_events, 1), _leadflow_gen_u(h_events, 2))
            )
            * (
                $activity_age_base
                + $activity_age_weight * (active_end_sec - created_sec) / $window_sec
            )
            * ($activity_intent_base + $activity_intent_weight * intent)
        ))::bigint as n_bulk,
        _leadflow_gen_u(h_hand, 0) < least(
            $hand_raiser_max_rate,
            $hand_raiser_base_rate
            + $hand_raiser_intent_weight * pow(intent, $hand_raiser_intent_skew)
            * ($hand_raiser_fit_base::decimal(3, 2) + $hand_raiser_fit_weight::decimal(3, 2) * fit)
        ) as is_hand_raiser,
        -- the first hand-raise, drawn by HAND_RAISERS' shares
        case
            when _leadflow_gen_u(h_hand, 1) < $hand_raiser_cuts[1] then $hand_raiser_types[1]
            when _leadflow_gen_u(h_hand, 1) < $hand_raiser_cuts[2] then $hand_raiser_types[2]
            else $hand_raiser_types[3]
        end as hand_type
    from addressed
),

slotted as (
    select
        *,
        case
            when has_visitor
                then 1 + floor(
                    pow(_leadflow_gen_u(h_versions, 0), $pre_visits_skew) * $pre_visits_spread
                )::bigint
            else 0
        end as n_pre,
        case
            when has_visitor and _leadflow_gen_u(h_versions, 1) < $visitor_link_rate
                then 1
            else 0
        end as n_link,
        case
            when not is_hand_raiser then 0
            when _leadflow_gen_u(h_hand, 2) < $second_hand_raise_rate then 2
            else 1
        end as n_hand,
        -- a second hand-raise is the next kind in HAND_RAISERS
        $hand_raiser_types[
            1 + (list_position($hand_raiser_types, hand_type) % len($hand_raiser_types))
        ] as hand_type_2,
        created_sec + floor(
            (
                $hand_raise_earliest_share
                + $hand_raise_spread_share * _leadflow_gen_u(_leadflow_gen_h(i, 1, 'hand'), 0)
            )
            * (active_end_sec - created_sec)
        )::bigint as hand_sec,
        -- colder contacts unsubscribe and bounce more often
        case
            when
                _leadflow_gen_u(h_versions, 2)
                < $unsubscribe_base_rate + $disengage_by_coldness * (1 - intent)
                then 'unsubscribe'
            when
                _leadflow_gen_u(h_versions, 2)
                < $unsubscribe_or_bounce_base_rate + $disengage_by_coldness * (1 - intent)
                then 'email_bounce'
        end as neg_type
    from engaged
),

counted as (
    select
        *,
        n_pre + n_link + n_bulk + n_hand + (neg_type is not null)::integer as primary_events
    from slotted
),

with_copies as (
    select
        *,
        floor(
            primary_events * $redelivered_event_rate
            + _leadflow_gen_u(_leadflow_gen_h(i, 1, 'events'), 0)
        )::bigint as n_copies
    from counted
)

select
    *,
    printf('c%d-%07d', $seed, i) as contact_id,
    printf(
        '%08x-%04x-4%03x-a%03x-%012x',
        _leadflow_gen_h(i, 0, 'visitor') >> 32,
        _leadflow_gen_h(i, 0, 'visitor') & 65535,
        (_leadflow_gen_h(i, 0, 'visitor') >> 16) & 4095,
        _leadflow_gen_h(i, 1, 'visitor') & 4095,
        _leadflow_gen_h(i, 1, 'visitor') >> 16
    ) as visitor_id,
    primary_events + n_copies as event_rows,
    coalesce(sum(primary_events + n_copies) over (
        order by i rows between unbounded preceding and 1 preceding
    ), 0)::bigint as event_offset
from with_copies
