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


# how each status of marts.fct_lead_score_events reads in the terminal
_STATUS_TEXT = {
    "unscored": "unknown type or no rule: 0",
    "zero_points": "rule gives 0",
    "dated_after_as_of": "dated after the as-of time: not counted yet",
    "absorbed_by_cap": "absorbed: category already at its cap",
}


# what _status reads, in its order
_FATE_COLUMNS = "status, max_count_per_lead, expires_at, cycle_ended_at, capped_points"


def _status(
    status: str,
    max_count: int | None,
    expires_at: datetime | None,
    cycle_end: datetime | None,
    capped: int,
    *,
    over_count_note: str,
) -> str:
    """What became of an event's points or a velocity bonus: the status the
    mart gives it (the scoring models decide it), in words."""
    if status == "over_rule_count":
        text = over_count_note.format(max_count)
    elif status == "reset":
        text = f"reset by recycle {_fmt_time(cycle_end)}"
    elif status == "expired":
        text = f"expired {_fmt_time(expires_at)}"
    elif status == "active":
        text = f"active until {_fmt_time(expires_at)}" if expires_at else "active"
    else:
        text = _STATUS_TEXT[status]
    if capped:
        text += f"; category cap {capped:+d}"
    return text


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
        "select lead_id, is_merged_away, linked_at from marts.dim_lead_identities "
        "where identity_type = 'contact' and identity_id = ?",
        [needle],
    ).fetchone()
    if row is None:
        raise UnknownLead(f"no lead or contact has the id {needle!r}")
    lead_id, merged, merged_at = row
    if merged:
        return lead_id, f"{needle} was merged into {lead_id} on {_fmt_time(merged_at)}"
    return lead_id, None


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
        "select level, min_score, min_fit_grade, min_fit_score, required_category "
        "from marts.dim_qualification_levels "
        "where stage = ? and level_rank > coalesce(("
        "  select max(level_rank) from marts.fct_lead_level_history "
        "  where lead_id = ? and is_current), 0) "
        "order by level_rank limit 1",
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
        "select identity_id, linked_at from marts.dim_lead_identities "
        "where lead_id = ? and identity_type = 'contact' and is_merged_away "
        "order by linked_at, identity_id",
        [lead_id],
    ).fetchall()
    visitors = con.execute(
        "select identity_id, linked_at, linking_event_id from marts.dim_lead_identities "
        "where lead_id = ? and identity_type = 'web_visitor' order by linked_at, identity_id",
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
        "select dimension, rule_id, matched_value, points from marts.fct_lead_fit_points "
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
        "select valid_from, sum(points), "
        "string_agg(dimension || ' ' || matched_value, '; ' order by dimension) "
        "from marts.fct_lead_fit_points where lead_id = ? "
        "group by version_number, valid_from order by version_number",
        [lead_id],
    ).fetchall()
    if len(versions) > 1:
        # the fit part of the score history moves when the CRM record changed
        out.append("")
        out.append("Attribute versions (fit is rescored from each)")
        out.append(
            render_table(
                ["from", "fit", "matched"],
                [(_fmt_time(at), points, matched) for at, points, matched in versions],
                indent=2,
            )
        )

    events = con.execute(
        f"""
        select
            occurred_at,
            event_type,
            coalesce(url, campaign, ''),
            coalesce(rule_id, '(no rule)'),
            awarded_points,
            cycle_number,
            attributed_via,
            {_FATE_COLUMNS}
        from marts.fct_lead_score_events
        where lead_id = ? and award_kind = 'event'
        order by occurred_at, event_id
        """,
        [lead_id],
    ).fetchall()
    rows = []
    for at, etype, where, rule, points, cycle, via, *fate in events:
        status = _status(*fate, over_count_note="rule already counted {} times: 0")
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
            occurred_at,
            rule_id,
            event_type,
            velocity_min_actions,
            velocity_within_days,
            event_id,
            awarded_points,
            cycle_number,
            {_FATE_COLUMNS}
        from marts.fct_lead_score_events
        where lead_id = ? and award_kind = 'velocity_bonus'
        order by occurred_at, rule_id
        """,
        [lead_id],
    ).fetchall()
    if not bonuses:
        return []
    rows = []
    for at, rule, event_type, min_actions, within_days, event_id, points, cycle, *fate in bonuses:
        status = _status(*fate, over_count_note="rule already rewarded {} burst(s) in the cycle: 0")
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
