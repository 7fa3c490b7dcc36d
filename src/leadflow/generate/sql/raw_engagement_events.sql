-- Step 4b: raw.engagement_events, one streaming insert. Slots of known
-- contacts and of visitors who never become contacts; a slot past
-- primary_events is a re-delivery of an earlier slot and repeats its content.
-- $event_mess_cuts are the cumulative upper bounds of the malformed kinds:
-- [1] blank event_id, [2] unknown type, [3] in the future, [4] unparseable.
insert into raw.engagement_events (
    event_id,
    contact_id,
    anonymous_id,
    event_type,
    occurred_at,
    url,
    campaign,
    loaded_at,
    _source_file,
    _source_row
)
with

owners as (
    select
        0 as part,
        i,
        contact_id,
        visitor_id,
        n_link > 0 as is_linked,
        tier,
        created_sec,
        active_end_sec,
        n_pre,
        n_link,
        n_bulk,
        n_hand,
        hand_type,
        hand_type_2,
        hand_sec,
        neg_type,
        primary_events,
        event_rows,
        event_offset
    from _leadflow_gen_contacts
    union all
    select
        1 as part,
        i,
        null as contact_id,
        visitor_id,
        false as is_linked,
        tier,
        first_sec as created_sec,
        least(
            $as_of_sec, first_sec + $stranger_active_days * $seconds_per_day
        ) as active_end_sec,
        n_pre,
        0 as n_link,
        0 as n_bulk,
        0 as n_hand,
        null as hand_type,
        null as hand_type_2,
        null as hand_sec,
        null as neg_type,
        n_pre as primary_events,
        n_pre + n_copies as event_rows,
        event_offset
    from _leadflow_gen_visitors
),

slots as (
    select
        * exclude (event_rows),
        unnest(range(event_rows)) as k
    from owners
),

resolved as (
    select
        *,
        k >= primary_events as is_redelivery,
        case
            when k < primary_events then k
            else floor(
                _leadflow_gen_u(_leadflow_gen_h(i * 2 + part, k, 'copy_of'), 0) * primary_events
            )::bigint
        end as slot
    from slots
),

hashed as (
    select
        *,
        _leadflow_gen_h(i * 2 + part, slot, 'event') as h1,
        _leadflow_gen_h(i * 2 + part, slot, 'event_2') as h2,
        _leadflow_gen_h(i * 2 + part, slot, 'event_3') as h3,
        _leadflow_gen_h(i * 2 + part, k, 'delivery') as h_delivery,
        case
            when slot < n_pre then 'pre'
            when slot < n_pre + n_link then 'link'
            when slot < n_pre + n_link + n_bulk then 'bulk'
            when slot < n_pre + n_link + n_bulk + n_hand then 'hand'
            else 'neg'
        end as kind
    from resolved
),

typed as (
    select
        h.*,
        pg.url as page_url,
        case h.kind
            when 'pre' then 'page_view'
            when 'link' then 'form_submission'
            when 'bulk' then mix.event_type
            when 'hand'
                then
                    case
                        when h.slot = h.n_pre + h.n_link + h.n_bulk then h.hand_type
                        else h.hand_type_2
                    end
            else h.neg_type
        end as event_type
    from hashed as h
    inner join _leadflow_gen_event_mix as mix
        on
            mix.pick_key
            = h.tier * $pick_slots + floor(_leadflow_gen_u(h.h1, 0) * $pick_slots)::integer
    inner join _leadflow_gen_pages as pg
        on
            pg.pick_key
            = h.tier * $pick_slots + floor(_leadflow_gen_u(h.h1, 1) * $pick_slots)::integer
),

timed as (
    select
        *,
        case
            -- pre-visits: research in the weeks before the contact form
            when kind = 'pre' and part = 0
                then created_sec - $pre_visit_min_lead_seconds - floor(
                    pow(_leadflow_gen_u(h1, 2), $pre_visit_skew)
                    * least($pre_visit_max_days * $seconds_per_day, created_sec - $start_sec)
                )::bigint
            -- strangers: a burst of visits within their active days
            when kind = 'pre'
                then
                    created_sec
                    + floor(_leadflow_gen_u(h1, 2) * (active_end_sec - created_sec))::bigint
            -- the form that created the contact (and ties the visitor to it)
            when kind = 'link'
                then
                    created_sec - $link_form_min_lead_seconds
                    - floor(_leadflow_gen_u(h1, 2) * $link_form_spread_seconds)::bigint
            when kind = 'hand' and slot = n_pre + n_link + n_bulk then hand_sec
            when kind = 'hand'
                then hand_sec + floor(
                    _leadflow_gen_u(h1, 2) * $second_hand_raise_spread_share
                    * (active_end_sec - hand_sec)
                )::bigint
            -- a research binge: every download within a few days, from a start
            -- drawn once per contact
            when
                event_type = 'content_download' and kind = 'bulk'
                and _leadflow_gen_u(_leadflow_gen_h(i * 2 + part, 0, 'binge'), 0)
                < $content_binge_rate[tier + 1]
                then created_sec + floor(
                    _leadflow_gen_u(_leadflow_gen_h(i * 2 + part, 0, 'binge'), 1)
                    * greatest(
                        0,
                        active_end_sec - created_sec - $content_binge_days * $seconds_per_day
                    )
                )::bigint
                + floor(
                    _leadflow_gen_u(h1, 2)
                    * least(
                        $content_binge_days * $seconds_per_day, active_end_sec - created_sec
                    )
                )::bigint
            -- web activity is front-loaded after sign-up; email keeps coming
            else created_sec + floor(
                pow(
                    _leadflow_gen_u(h1, 2),
                    case
                        when event_type like 'email%' then $email_timing_skew
                        else $web_timing_skew
                    end
                )
                * (active_end_sec - created_sec)
            )::bigint
        end as occurred_sec
    from typed
),

landed as (
    select
        *,
        least($as_of_sec, occurred_sec + case
            when _leadflow_gen_u(h2, 0) < $late_event_rate
                then $late_event_min_days * $seconds_per_day + floor(
                    _leadflow_gen_u(h2, 1) * $late_event_spread_days * $seconds_per_day
                )::bigint
            else _leadflow_gen_lag(_leadflow_gen_u(h2, 1))
        end) as first_loaded_sec,
        _leadflow_gen_u(h2, 2) as u_bad
    from timed
),

delivered as (
    select
        *,
        kind in ('pre', 'bulk', 'neg') as may_break,
        epoch_ms(occurred_sec * 1000) as occurred_ts,
        -- a re-delivery lands with the original or in a later sync
        case
            when not is_redelivery then first_loaded_sec
            when _leadflow_gen_u(h_delivery, 0) < $redelivery_with_original_share
                then first_loaded_sec
            else least(
                $as_of_sec,
                first_loaded_sec + $redelivery_min_delay_seconds + floor(
                    _leadflow_gen_u(h_delivery, 1) * $redelivery_spread_days * $seconds_per_day
                )::bigint
            )
        end as loaded_sec
    from landed
)

select
    case
        when may_break and u_bad < $event_mess_cuts[1] then null
        when part = 0 then printf('e%d-%07d-%d', $seed, i, slot)
        else printf('e%d-v%07d-%d', $seed, i, slot)
    end as event_id,
    case when kind = 'pre' then null else contact_id end as contact_id,
    case
        when kind in ('pre', 'link') then visitor_id
        when is_linked and list_contains($web_event_types, event_type) then visitor_id
    end as anonymous_id,
    case
        when may_break and u_bad >= $event_mess_cuts[1] and u_bad < $event_mess_cuts[2]
            then $unknown_event_types[
                1 + floor(_leadflow_gen_u(h2, 1) * len($unknown_event_types))::integer
            ]
        else event_type
    end as event_type,
    case
        when may_break and u_bad >= $event_mess_cuts[2] and u_bad < $event_mess_cuts[3]
            then _leadflow_gen_plain(
                first_loaded_sec + $future_event_min_days * $seconds_per_day
                + floor(
                    _leadflow_gen_u(h2, 1) * $future_event_spread_days * $seconds_per_day
                )
            )
        when may_break and u_bad >= $event_mess_cuts[3] and u_bad < $event_mess_cuts[4]
            then $bad_timestamps[
                1 + floor(_leadflow_gen_u(h2, 1) * len($bad_timestamps))::integer
            ]
        else _leadflow_gen_ts(occurred_sec, _leadflow_gen_u(h3, 0))
    end as occurred_at,
    case
        when event_type = 'page_view'
            then page_url || case
                when _leadflow_gen_u(h3, 1) < $utm_page_view_rate
                    then $utm_suffixes[
                        1 + floor(
                            (_leadflow_gen_u(h3, 1) * $utm_draw_scale) * len($utm_suffixes)
                        )::integer
                    ]
                else ''
            end
        when event_type = 'chat_conversation' then page_url
        when event_type = 'email_click'
            then page_url || '?utm_source=newsletter' || '&utm_medium=email'
        when event_type = 'content_download'
            then $site || '/resources/' || $content_assets[
                1 + floor(_leadflow_gen_u(h3, 2) * len($content_assets))::integer
            ]
        when event_type = 'form_submission'
            then
                case
                    when _leadflow_gen_u(h3, 1) < $form_page_cuts[1]
                        then $site || '/resources/' || $content_assets[
                            1 + floor(_leadflow_gen_u(h3, 2) * len($content_assets))::integer
                        ]
                    when _leadflow_gen_u(h3, 1) < $form_page_cuts[2] then $site || '/newsletter'
                    else $site || '/contact'
                end
        when event_type = 'webinar_registration'
            then $site || '/webinars/' || replace(
                $webinar_topics[
                    1
                    + (
                        (year(occurred_ts) * 12 + month(occurred_ts)) % len($webinar_topics)
                    )::integer
                ],
                '_',
                '-'
            )
        when list_contains($hand_raiser_types, event_type)
            then $hand_raiser_urls[list_position($hand_raiser_types, event_type)]
    end as url,
    case
        when event_type in ('email_open', 'email_click', 'unsubscribe', 'email_bounce')
            then strftime(occurred_ts, '%Y_%m_') || $email_streams[
                1 + floor(_leadflow_gen_u(h3, 2) * len($email_streams))::integer
            ]
        -- one webinar a month with topics in rotation
        when event_type in ('webinar_registration', 'webinar_attendance')
            then strftime(occurred_ts, 'webinar_%Y_%m_') || $webinar_topics[
                1 + ((year(occurred_ts) * 12 + month(occurred_ts)) % len($webinar_topics))::integer
            ]
        -- one conference a quarter
        when event_type = 'event_attendance'
            then strftime(occurred_ts, 'event_%Y_') || $conferences[
                1 + ((quarter(occurred_ts) - 1) % len($conferences))
            ]
        when event_type = 'content_download'
            then 'content_' || replace(
                $content_assets[
                    1 + floor(_leadflow_gen_u(h3, 2) * len($content_assets))::integer
                ],
                '-',
                '_'
            )
    end as campaign,
    _leadflow_gen_plain(loaded_sec) as loaded_at,
    $source as _source_file,
    (event_offset + k + 1)::varchar as _source_row
from delivered
