"""The short summary `leadflow demo` prints after a build."""

from __future__ import annotations

import duckdb


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def render_table(headers: list[str], rows: list[tuple], indent: int = 0) -> str:
    """A plain-text table: numeric columns right-aligned, the rest left."""
    cells = [headers] + [[_cell(v) for v in row] for row in rows]
    numeric = [
        bool(rows) and all(isinstance(row[i], int | float) or row[i] is None for row in rows)
        for i in range(len(headers))
    ]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    pad = " " * indent
    lines = []
    for n, row in enumerate(cells):
        line = "  ".join(
            c.rjust(w) if numeric[i] else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        lines.append(pad + line.rstrip())
        if n == 0:
            lines.append(pad + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


# how many unscored event types a warning names
TOP_UNSCORED_TYPES = 5


def scoring_warnings(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What scores zero silently: events no engagement rule scores, and fit
    rules that cannot lift any lead to the MQL minimum."""
    warnings: list[str] = []
    # an aggregate mart, not the event-level one: `leadflow run` warns on
    # every run, and a run costs what arrived
    if _exists(con, "marts", "rpt_engagement_event_types"):
        rows = con.execute(
            "select event_type, events - scored_events as n "
            "from marts.rpt_engagement_event_types where events > scored_events "
            "order by n desc, event_type"
        ).fetchall()
        if rows:
            total = sum(n for _, n in rows)
            top = ", ".join(f"{t} ({n:,})" for t, n in rows[:TOP_UNSCORED_TYPES])
            extra = len(rows) - TOP_UNSCORED_TYPES
            more = f" and {extra} more types" if extra > 0 else ""
            warnings.append(
                f"{total:,} engagement events match no engagement rule and score zero: "
                f"{top}{more}. Add rules (seeds/scoring/engagement_rules.csv) or let "
                "`leadflow calibrate` propose them"
            )
    if _exists(con, "marts", "dim_score_thresholds"):
        best, minimum = con.execute(
            "select max_fit_score, mql_min_fit_score from marts.dim_score_thresholds"
        ).fetchone()
        if best < minimum:
            warnings.append(
                f"no lead can reach MQL: the fit rules allow a fit score of at most {best}, "
                f"below mql_min_fit_score ({minimum}). Lower the var or add fit rules"
            )
        elif _exists(con, "marts", "dim_leads"):
            (reaching,) = con.execute(
                "select count(*) from marts.dim_leads where lead_at is not null and fit_score >= ?",
                [minimum],
            ).fetchone()
            if reaching == 0:
                warnings.append(
                    f"no lead has a fit score of at least mql_min_fit_score ({minimum}), "
                    "so none can become an MQL by score"
                )
    return warnings


def level_funnel(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Per qualification level, in stage and rank order: (stage, level, leads
    that ever reached it, leads that entered its stage, leads at it now).
    Read by the demo summary and the report."""
    return con.execute(
        """
        select
            levels.stage,
            levels.level,
            sum(levels.level_leads),
            sum(levels.stage_leads),
            (select count(*) from marts.dim_leads where current_level = levels.level)
        from marts.rpt_funnel_levels as levels
        inner join marts.dim_lifecycle_stages as stages on levels.stage = stages.stage
        where levels.lead_source = 'all'
        group by stages.stage_order, levels.stage, levels.level, levels.level_rank
        order by stages.stage_order, levels.level_rank
        """
    ).fetchall()


def render(con: duckdb.DuckDBPyConnection) -> str:
    """Summarise whatever the warehouse holds so far."""
    parts: list[str] = []
    warnings = scoring_warnings(con)
    if warnings:
        parts.append("Warnings\n" + "\n".join(f"  ! {w}" for w in warnings))
    if _exists(con, "marts", "rpt_raw_rows_accounted"):
        rows = con.execute(
            "select source_table, raw_rows, kept_rows, duplicate_rows, rejected_rows "
            "from marts.rpt_raw_rows_accounted order by source_table"
        ).fetchall()
        parts.append(
            "Raw rows: every row kept, deduplicated or rejected\n"
            + render_table(["table", "raw", "kept", "duplicates", "rejected"], rows)
        )
    if _exists(con, "marts", "fct_rejected_rows"):
        rows = con.execute(
            "select source_table, reject_reason, count(*) as n "
            "from marts.fct_rejected_rows group by all order by n desc, 1, 2"
        ).fetchall()
        parts.append(
            "Rejected rows by reason (each named in marts.fct_rejected_rows)\n"
            + render_table(["table", "reason", "rows"], rows)
        )
    if _exists(con, "marts", "dim_leads"):
        rows = con.execute(
            "select count(*), count(*) filter (where is_email_valid), "
            "count(*) filter (where not is_email_valid) from marts.dim_leads"
        ).fetchall()
        parts.append(
            "Contacts (one per person: merged contacts count once)\n"
            + render_table(["contacts", "valid email", "malformed email"], rows)
        )
    if _exists(con, "marts", "rpt_engagement_event_types"):
        rows = con.execute(
            "select event_type, events, is_known_event_type, is_scored_by_a_rule "
            "from marts.rpt_engagement_event_types order by events desc, event_type"
        ).fetchall()
        rows = [
            (t, n, "yes" if known else "no", "yes" if ruled else "no (scores zero)")
            for t, n, known, ruled in rows
        ]
        parts.append(
            "Engagement events of leads by type\n"
            + render_table(["event type", "events", "known type", "scored by a rule"], rows)
        )
    if _exists(con, "marts", "fct_lead_stage_history"):
        rows = con.execute(
            """
            select
                stages.stage,
                count(distinct history.lead_id) as ever_entered,
                count(distinct case when not history.is_inferred then history.lead_id end),
                count(distinct case when history.is_current then history.lead_id end)
            from marts.dim_lifecycle_stages as stages
            left join marts.fct_lead_stage_history as history
                on stages.stage = history.stage
            group by stages.stage, stages.stage_order
            order by stages.stage_order
            """
        ).fetchall()
        parts.append(
            "Leads per stage\n"
            + render_table(["stage", "ever entered", "entered, not inferred", "in it now"], rows)
        )
    if _exists(con, "marts", "rpt_funnel_levels"):
        rows = [(st, lv, reached, now) for st, lv, reached, _, now in level_funnel(con)]
        parts.append(
            "Leads per qualification level (qualification_levels seed)\n"
            + render_table(["stage", "level", "ever reached", "at it now"], rows)
        )
    if _exists(con, "marts", "fct_mql_follow_up"):
        rows = con.execute(
            """
            select
                sla_clock,
                count(*),
                count(first_touch_at),
                count(*) filter (where is_sla_met),
                round(median(hours_to_first_touch), 1),
                round(median(business_hours_to_first_touch), 1)
            from marts.fct_mql_follow_up
            group by sla_clock
            order by sla_clock
            """
        ).fetchall()
        parts.append(
            "MQL follow-up: the SLA is judged in working hours where "
            "seeds/lifecycle/business_hours.csv lists the lead's country, else in calendar hours\n"
            + render_table(
                [
                    "clock",
                    "MQL entries",
                    "touched",
                    "SLA met",
                    "median hours",
                    "median working hours",
                ],
                rows,
            )
        )
    if _exists(con, "marts", "dim_leads"):
        rows = con.execute(
            "select fit_grade, count(*), round(avg(fit_score), 1), "
            "round(avg(engagement_score), 1), round(avg(score), 1), max(score) "
            "from marts.dim_leads group by 1 order by 1"
        ).fetchall()
        parts.append(
            "Leads by fit grade\n"
            + render_table(
                ["grade", "leads", "avg fit", "avg engagement", "avg score", "max score"], rows
            )
        )
        rows = con.execute(
            "select lead_id, coalesce(email, ''), coalesce(job_title, ''), current_stage, "
            "fit_grade, fit_score, engagement_score, score from marts.dim_leads "
            "order by score desc, lead_id limit 5"
        ).fetchall()
        parts.append(
            "Five highest-scoring leads (`leadflow explain LEAD` tells why)\n"
            + render_table(
                ["lead", "email", "title", "stage", "grade", "fit", "engagement", "score"], rows
            )
        )
    if not parts:
        return "The warehouse holds no leadflow models yet: run `leadflow build`."
    return "\n\n".join(parts)
