"""`leadflow explain LEAD`: who a lead is, how it moved through the funnel,
and where every point of its score came from, readable in a terminal."""

from __future__ import annotations

from datetime import datetime

import duckdb

from leadflow.summary import render_table


class UnknownLead(LookupError):
    """No lead or contact matches what the user asked for."""


def _fmt_time(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _status(
    *,
    over_count: bool,
    over_count_note: str,
    points: int,
    has_change: bool,
    has_scheduled_change: bool,
    expires_at: datetime | None,
    cycle_end: datetime | None,
    has_expiry: bool,
    capped: int,
) -> str:
    """What became of an event's points or a velocity bonus, read from the
    scoring model's row and the change log's rows for it."""
    if over_count:
        status = over_count_note
    elif points == 0:
        status = "rule gives 0"
    elif not has_change and has_scheduled_change:
        status = "dated after the as-of time: not counted yet"
    elif not has_change:
        status = "absorbed: category already at its cap"
    elif cycle_end is not None and (expires_at is None or expires_at >= cycle_end):
        status = f"reset by recycle {_fmt_time(cycle_end)}"
    elif has_expiry:
        status = f"expired {_fmt_time(expires_at)}"
    elif expires_at is not None:
        status = f"active until {_fmt_time(expires_at)}"
    else:
        status = "active"
    if capped:
        status += f"; category cap {capped:+d}"
    return status


def resolve_lead(con: duckdb.DuckDBPyConnection, needle: str) -> tuple[str, str | None]:
    """The lead id for a contact id or an email, and a note when the input
    was a merged-away contact. Raises UnknownLead."""
    needle = needle.strip()
    if "@" in needle:
        rows = con.execute(
            "select lead_id from marts.dim_leads where email = lower(?) order by lead_id",
            [needle],
        ).fetchall()
        if len(rows) > 1:
            ids = ", ".join(r[0] for r in rows)
            raise UnknownLead(f"{len(rows)} leads share the email {needle}: {ids}; pass one id")
        if rows:
            return rows[0][0], None
        raise UnknownLead(f"no lead has the email {needle!r}")
    row = con.execute(
        "select lead_id, is_merged_away, merged_at from intermediate.int_contacts_resolved "
        "where contact_id = ?",
        [needle],
    ).fetchone()
    if row is None:
        raise UnknownLead(f"no lead or contact has the id {needle!r}")
    lead_id, merged, merged_at = row
    if merged:
        return lead_id, f"{needle} was merged into {lead_id} on {_fmt_time(merged_at)}"
    return lead_id, None


# What the change log did with each award (an event's, or a velocity
# bonus's): the part a category cap absorbed, whether the award and an expiry
# are shown as of the reference time, and whether the clock-free log holds
# the award dated after it (docs/as_of.md). Keyed by event and rule: a
# bonus's rows carry the event id of the action that completed its burst,
# and their own rule. Parameters: the lead id, twice.
_CHANGE_LOG_COLUMNS = """coalesce(changes.capped, 0),
            coalesce(changes.has_award, false),
            coalesce(changes.has_expiry, false),
            coalesce(scheduled.has_award, false)"""


def _change_log_joins(alias: str, award_reason: str) -> str:
    return f"""left join (
            select
                event_id,
                rule_id,
                sum(case when reason = 'cap' then delta else 0 end) as capped,
                bool_or(reason = '{award_reason}') as has_award,
                bool_or(reason = 'expiry') as has_expiry
            from marts.fct_lead_score_changes
            where lead_id = ? and event_id is not null
            group by event_id, rule_id
        ) as changes
            on {alias}.event_id = changes.event_id
            and {alias}.rule_id = changes.rule_id
        left join (
            select distinct event_id, rule_id, true as has_award
            from intermediate.int_lead_score_changes
            where lead_id = ? and reason = '{award_reason}'
        ) as scheduled
            on {alias}.event_id = scheduled.event_id
            and {alias}.rule_id = scheduled.rule_id"""


def _levels(con: duckdb.DuckDBPyConnection, lead_id: str, stage: str, score, fit) -> list[str]:
    """The qualification levels the lead reached, and what the next level of
    its current stage still asks for."""
    reached = con.execute(
        "select reached_at, stage, level, is_inferred, is_current "
        "from marts.fct_lead_level_history where lead_id = ? "
        "order by reached_at, stage_entry_id, level_rank",
        [lead_id],
    ).fetchall()
    upcoming = con.execute(
        "select levels.level, levels.min_score, levels.min_fit_grade, grades.min_fit_score, "
        "levels.required_category "
        "from staging.stg_rules__qualification_levels as levels "
        "left join staging.stg_rules__fit_grades as grades on levels.min_fit_grade = grades.grade "
        "where levels.stage = ? and levels.level_rank > coalesce(("
        "  select max(level_rank) from marts.fct_lead_level_history "
        "  where lead_id = ? and is_current), 0) "
        "order by levels.level_rank limit 1",
        [stage, lead_id],
    ).fetchone()
    if not reached and upcoming is None:
        return []
    out = ["", "Qualification levels (qualification_levels seed)"]
    if reached:
        out.append(
            render_table(
                ["reached", "stage", "level", "inferred", "current"],
                [
                    (_fmt_time(at), st, lv, "inferred" if inf else "", "current" if cur else "")
                    for at, st, lv, inf, cur in reached
                ],
                indent=2,
            )
        )
    if upcoming is not None:
        name, min_score, min_grade, min_fit, category = upcoming
        bars = []
        if min_score is not None:
            bars.append(f"score {min_score} or more (now {score})")
        if min_grade is not None:
            bars.append(f"fit grade {min_grade} or better (fit {min_fit}; now {fit})")
        if category is not None:
            bars.append(f"an action scored in {category} this cycle")
        out.append(f"  next in {stage}: {name}, which needs " + ", ".join(bars or ["nothing more"]))
    return out


def render(con: duckdb.DuckDBPyConnection, needle: str) -> str:
    lead_id, note = resolve_lead(con, needle)
    lead = con.execute(
        "select lead_id, email, first_name, last_name, job_title, company_name, company_size, "
        "industry, country_code, lead_source, created_at, current_stage, current_stage_entered_at, "
        "exclusion_reason, is_email_valid, fit_score, fit_grade, engagement_score, score, "
        "nurture_track, nurture_track_rule_id, current_level, current_level_reached_at "
        "from marts.dim_leads where lead_id = ?",
        [lead_id],
    ).fetchone()
    if lead is None:
        raise UnknownLead(f"contact {needle!r} is not in marts.dim_leads")
    (
        _,
        email,
        first,
        last,
        title,
        company,
        size,
        industry,
        country,
        source,
        created_at,
        stage,
        stage_at,
        exclusion,
        email_ok,
        fit,
        grade,
        engagement,
        score,
        track,
        track_rule,
        level,
        level_at,
    ) = lead
    out: list[str] = []
    if note:
        out.append(f"({note})")
    name = " ".join(p for p in (first, last) if p) or "(no name)"
    out.append(f"Lead {lead_id}: {name} <{email or 'no email'}>")
    out.append(
        f"  {title or 'no title'} at {company or 'no company'}"
        f" ({size if size is not None else '?'} employees, {industry or 'no industry'}, "
        f"{country or 'no country'}); source {source or 'unknown'}; created {_fmt_time(created_at)}"
    )
    out.append(
        f"  Now: {stage} since {_fmt_time(stage_at)}; score {score} = fit {fit} "
        f"(grade {grade}) + engagement {engagement}"
    )
    if level:
        out.append(f"  Qualification level: {level} since {_fmt_time(level_at)}")
    if track:
        out.append(f"  Nurture track: {track} (rule {track_rule}); it still scores and can qualify")
    if exclusion:
        out.append(f"  Excluded: {exclusion} (never becomes a lead)")
    if not email_ok:
        out.append("  Email is malformed: stays a contact, never becomes a lead")

    merged = con.execute(
        "select contact_id, merged_at from intermediate.int_contacts_resolved "
        "where lead_id = ? and is_merged_away order by merged_at, contact_id",
        [lead_id],
    ).fetchall()
    visitors = con.execute(
        "select anonymous_id, identified_at, linking_event_id "
        "from intermediate.int_visitors_identified where lead_id = ? order by identified_at",
        [lead_id],
    ).fetchall()
    out.append("")
    out.append("Identity")
    if not merged and not visitors:
        out.append("  no merged contacts, no linked web visitors")
    for contact_id, merged_at in merged:
        out.append(f"  merged contact {contact_id} (merged {_fmt_time(merged_at)})")
    for anonymous_id, identified_at, event_id in visitors:
        out.append(
            f"  web visitor {anonymous_id} (tied by event {event_id} at {_fmt_time(identified_at)})"
        )

    stages = con.execute(
        "select entered_at, stage, reason, is_inferred, hours_in_stage "
        "from marts.fct_lead_stage_history where lead_id = ? order by entry_number",
        [lead_id],
    ).fetchall()
    out.append("")
    out.append("Stage timeline")
    out.append(
        render_table(
            ["entered", "stage", "reason", "inferred", "days in stage"],
            [
                (
                    _fmt_time(at),
                    st,
                    reason,
                    "inferred" if inferred else "",
                    "" if hours is None else f"{hours / 24:.1f}",
                )
                for at, st, reason, inferred, hours in stages
            ],
            indent=2,
        )
    )

    out.extend(_levels(con, lead_id, stage, score, fit))

    follow_ups = con.execute(
        "select mql_at, first_touch_at, hours_to_first_touch, business_hours_to_first_touch, "
        "sla_clock, is_sla_met from marts.fct_mql_follow_up where lead_id = ? order by mql_at",
        [lead_id],
    ).fetchall()
    if follow_ups:
        out.append("")
        out.append("Sales follow-up of each MQL")
        out.append(
            render_table(
                ["MQL", "first touch", "hours", "working hours", "SLA clock", "SLA"],
                [
                    (
                        _fmt_time(mql_at),
                        _fmt_time(touch_at) or "not yet",
                        "" if hours is None else f"{hours:.1f}",
                        "" if working is None else f"{working:.1f}",
                        clock.replace("_", " "),
                        "met" if met else "missed" if touch_at else "not touched yet",
                    )
                    for mql_at, touch_at, hours, working, clock, met in follow_ups
                ],
                indent=2,
            )
        )

    fit_rows = con.execute(
        "select dimension, rule_id, matched_value, points from intermediate.int_lead_fit_points "
        "where lead_id = ? and is_current_version order by dimension",
        [lead_id],
    ).fetchall()
    out.append("")
    out.append(f"Fit {fit} (grade {grade}) by attribute")
    if fit_rows:
        out.append(render_table(["dimension", "rule", "value", "points"], fit_rows, indent=2))
    else:
        out.append("  no fit rule matched")
    versions = con.execute(
        "select valid_from, job_title, company_size, industry, country_code "
        "from intermediate.int_contact_versions where lead_id = ? order by version_number",
        [lead_id],
    ).fetchall()
    if len(versions) > 1:
        # the fit part of the score history moves when the CRM record changed
        out.append("")
        out.append("Attribute versions (fit is rescored from each)")
        out.append(
            render_table(
                ["from", "job title", "company size", "industry", "country"],
                [
                    (_fmt_time(at), *(v if v is not None else "" for v in rest))
                    for at, *rest in versions
                ],
                indent=2,
            )
        )

    events = con.execute(
        f"""
        select
            events.occurred_at,
            events.event_type,
            coalesce(details.url, details.campaign, ''),
            coalesce(events.rule_id, '(no rule)'),
            events.awarded_points,
            events.cycle_number,
            events.is_over_rule_count,
            events.max_count_per_lead,
            events.expires_at,
            events.cycle_ended_at,
            details.attributed_via,
            {_CHANGE_LOG_COLUMNS}
        from intermediate.int_engagement_events_scored as events
        inner join intermediate.int_engagement_events_attributed as details
            on events.event_id = details.event_id
        {_change_log_joins("events", "award")}
        where events.lead_id = ? and details.lead_id = ?
        order by events.occurred_at, events.event_id
        """,
        [lead_id, lead_id, lead_id, lead_id],
    ).fetchall()
    rows = []
    for (
        at,
        etype,
        where,
        rule,
        points,
        cycle,
        over_count,
        max_count,
        expires_at,
        cycle_end,
        via,
        capped,
        has_award,
        has_expiry,
        has_scheduled_award,
    ) in events:
        if rule == "(no rule)":
            status = "unknown type or no rule: 0"
        else:
            status = _status(
                over_count=over_count,
                over_count_note=f"rule already counted {max_count} times: 0",
                points=points,
                has_change=has_award,
                has_scheduled_change=has_scheduled_award,
                expires_at=expires_at,
                cycle_end=cycle_end,
                has_expiry=has_expiry,
                capped=capped,
            )
        if via != "contact":
            status += f"; via {via.replace('_', ' ')}"
        rows.append((_fmt_time(at), etype, where[:40], rule, f"{points:+d}", cycle, status))
    out.append("")
    out.append(f"Engagement {engagement} from {len(events)} events")
    if rows:
        out.append(
            render_table(
                ["when", "event", "url / campaign", "rule", "points", "cycle", "status"],
                rows,
                indent=2,
            )
        )
    out.extend(_velocity_bonuses(con, lead_id))
    categories = con.execute(
        """
        select
            coalesce(category, '(reset)'),
            sum(case when reason = 'award' then delta else 0 end),
            sum(case when reason = 'velocity' then delta else 0 end),
            sum(case when reason = 'expiry' then delta else 0 end),
            sum(case when reason = 'cap' then delta else 0 end),
            sum(case when reason = 'reset' then delta else 0 end),
            sum(delta)
        from marts.fct_lead_score_changes
        where lead_id = ? and reason != 'fit'
        group by 1
        order by 1
        """,
        [lead_id],
    ).fetchall()
    if categories:
        out.append("")
        out.append("Engagement by category (from the score change log)")
        out.append(
            render_table(
                ["category", "awarded", "velocity", "expired", "capped", "reset", "now"],
                categories,
                indent=2,
            )
        )
    return "\n".join(out)


def _velocity_bonuses(con: duckdb.DuckDBPyConnection, lead_id: str) -> list[str]:
    """The lead's velocity bonuses (bursts of matching actions), each with
    what became of it, like the events above; nothing when it has none."""
    bonuses = con.execute(
        f"""
        select
            bonuses.occurred_at,
            bonuses.rule_id,
            rules.event_type,
            bonuses.min_actions,
            bonuses.within_days,
            bonuses.event_id,
            bonuses.awarded_points,
            bonuses.cycle_number,
            bonuses.is_over_rule_count,
            bonuses.max_count_per_lead,
            bonuses.expires_at,
            bonuses.cycle_ended_at,
            {_CHANGE_LOG_COLUMNS}
        from intermediate.int_engagement_velocity_bonuses as bonuses
        left join staging.stg_rules__velocity_rules as rules
            on bonuses.rule_id = rules.rule_id
        {_change_log_joins("bonuses", "velocity")}
        where bonuses.lead_id = ?
        order by bonuses.occurred_at, bonuses.rule_id
        """,
        [lead_id, lead_id, lead_id],
    ).fetchall()
    if not bonuses:
        return []
    rows = []
    for (
        at,
        rule,
        event_type,
        min_actions,
        within_days,
        event_id,
        points,
        cycle,
        over_count,
        max_count,
        expires_at,
        cycle_end,
        capped,
        has_bonus,
        has_expiry,
        has_scheduled_bonus,
    ) in bonuses:
        status = _status(
            over_count=over_count,
            over_count_note=f"rule already rewarded {max_count} burst(s) in the cycle: 0",
            points=points,
            has_change=has_bonus,
            has_scheduled_change=has_scheduled_bonus,
            expires_at=expires_at,
            cycle_end=cycle_end,
            has_expiry=has_expiry,
            capped=capped,
        )
        burst = f"{min_actions} {event_type or 'actions'} within {within_days} days"
        rows.append((_fmt_time(at), rule, burst, event_id, f"{points:+d}", cycle, status))
    return [
        "",
        f"Velocity bonuses ({len(bonuses)}): bursts of actions, on top of the events' own points",
        render_table(
            ["when", "rule", "burst", "completed by", "points", "cycle", "status"],
            rows,
            indent=2,
        ),
    ]
