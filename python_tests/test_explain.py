"""`leadflow explain`: a lead's identity, stage timeline and score breakdown."""

from __future__ import annotations

from .conftest import query, run_cli


def _explain(warehouse, lead):
    return run_cli("explain", lead, warehouse=warehouse)


def test_explain_a_lead_with_history(generated_warehouse):
    (lead_id, score, fit, engagement, stage) = query(
        generated_warehouse,
        "select lead_id, score, fit_score, engagement_score, current_stage from marts.dim_leads "
        "where mql_at is not null order by score desc, lead_id limit 1",
    )[0]
    result = _explain(generated_warehouse, lead_id)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Lead {lead_id}:" in out
    assert f"score {score} = fit {fit}" in out
    assert f"+ engagement {engagement}" in out
    assert f"Now: {stage} since" in out
    assert "Stage timeline" in out and " mql " in out
    assert "Fit " in out and "by attribute" in out
    # every event the lead has is listed with the rule that scored it
    events = query(
        generated_warehouse,
        "select count(*) from intermediate.int_engagement_events_scored "
        f"where lead_id = '{lead_id}'",
    )[0][0]
    assert f"Engagement {engagement} from {events} events" in out
    # each MQL entry's sales follow-up, on its SLA clock
    clocks = query(
        generated_warehouse,
        f"select sla_clock from marts.fct_mql_follow_up where lead_id = '{lead_id}'",
    )
    assert "Sales follow-up of each MQL" in out
    assert all(clock.replace("_", " ") in out for (clock,) in clocks)


def test_explain_by_email(generated_warehouse):
    (lead_id, email) = query(
        generated_warehouse,
        "select lead_id, email from marts.dim_leads where email in ("
        "  select email from marts.dim_leads where is_email_valid group by email "
        "  having count(*) = 1) order by lead_id limit 1",
    )[0]
    result = _explain(generated_warehouse, email.upper())
    assert result.returncode == 0, result.stderr
    assert f"Lead {lead_id}:" in result.stdout


def test_explain_a_merged_away_contact_shows_its_survivor(generated_warehouse):
    (merged_id, lead_id) = query(
        generated_warehouse,
        "select contact_id, lead_id from intermediate.int_contacts_resolved "
        "where is_merged_away order by contact_id limit 1",
    )[0]
    result = _explain(generated_warehouse, merged_id)
    assert result.returncode == 0, result.stderr
    assert f"({merged_id} was merged into {lead_id} on " in result.stdout
    assert f"Lead {lead_id}:" in result.stdout
    assert f"merged contact {merged_id}" in result.stdout


def test_explain_a_lead_with_visitor_history(generated_warehouse):
    (lead_id, visitor) = query(
        generated_warehouse,
        "select lead_id, anonymous_id from intermediate.int_visitors_identified "
        "order by lead_id limit 1",
    )[0]
    result = _explain(generated_warehouse, lead_id)
    assert result.returncode == 0, result.stderr
    assert f"web visitor {visitor}" in result.stdout
    anonymous_events = query(
        generated_warehouse,
        "select count(*) from intermediate.int_engagement_events_attributed "
        f"where lead_id = '{lead_id}' and attributed_via = 'visitor'",
    )[0][0]
    assert anonymous_events > 0
    assert "via visitor" in result.stdout


def test_explain_an_unknown_lead_exits_1(generated_warehouse):
    result = _explain(generated_warehouse, "no-such-contact")
    assert result.returncode == 1
    assert "no lead or contact has the id 'no-such-contact'" in result.stderr
    result = _explain(generated_warehouse, "nobody@nowhere.example")
    assert result.returncode == 1
    assert "no lead has the email 'nobody@nowhere.example'" in result.stderr


def test_explain_without_a_warehouse_exits_1(tmp_path):
    result = run_cli("explain", "c1", warehouse=tmp_path / "missing.duckdb")
    assert result.returncode == 1
    assert "run `leadflow build`" in result.stderr


def test_explain_shows_a_lead_on_a_nurture_track(generated_warehouse):
    (lead_id, track, rule) = query(
        generated_warehouse,
        "select lead_id, nurture_track, nurture_track_rule_id from marts.dim_leads "
        "where nurture_track is not null and exclusion_reason is null order by lead_id limit 1",
    )[0]
    result = _explain(generated_warehouse, lead_id)
    assert result.returncode == 0, result.stderr
    assert f"Nurture track: {track} (rule {rule})" in result.stdout
    (none,) = query(
        generated_warehouse,
        "select lead_id from marts.dim_leads where nurture_track is null order by lead_id limit 1",
    )[0]
    assert "Nurture track" not in _explain(generated_warehouse, none).stdout


def test_explain_shows_velocity_bonuses(generated_warehouse):
    # the lead with the most bursts (the demo has leads past a rule's cap)
    (lead_id, bonuses) = query(
        generated_warehouse,
        "select lead_id, count(*) from intermediate.int_engagement_velocity_bonuses "
        "group by lead_id order by count(*) desc, lead_id limit 1",
    )[0]
    result = _explain(generated_warehouse, lead_id)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Velocity bonuses ({bonuses})" in out
    section = out.split("Velocity bonuses", 1)[1].split("Engagement by category", 1)[0]
    for (event_id,) in query(
        generated_warehouse,
        "select event_id from intermediate.int_engagement_velocity_bonuses "
        f"where lead_id = '{lead_id}'",
    ):
        assert event_id in section
    # the bonus's own change-log rows are not read as its action's: the
    # action shows its own points, the bonus its own status
    assert "within 7 days" in section or "within 30 days" in section
    velocity = query(
        generated_warehouse,
        "select coalesce(sum(delta), 0) from marts.fct_lead_score_changes "
        f"where lead_id = '{lead_id}' and reason = 'velocity'",
    )[0][0]
    by_category = {
        line.split()[0]: line.split()[1:]
        for line in out.split("Engagement by category", 1)[1].splitlines()[3:]
        if line.strip()
    }
    # category, awarded, velocity, expired, capped, reset, now
    assert int(by_category["velocity"][1]) == velocity, by_category


def test_explain_and_the_summary_read_only_marts(generated_warehouse):
    """The serving database holds the published marts and nothing else:
    explain and the demo summary say the same from it as from the
    warehouse, so neither reads a staging or intermediate model."""
    import duckdb

    from leadflow import explain, summary

    serving = generated_warehouse.with_name("serving.duckdb")
    (lead_id,) = query(
        generated_warehouse,
        "select lead_id from marts.dim_leads where mql_at is not null "
        "order by score desc, lead_id limit 1",
    )[0]
    (merged_id,) = query(
        generated_warehouse,
        "select identity_id from marts.dim_lead_identities where is_merged_away "
        "order by identity_id limit 1",
    )[0]
    said = {}
    for path in (generated_warehouse, serving):
        con = duckdb.connect(str(path), read_only=True)
        try:
            schemas = {
                s
                for (s,) in con.execute(
                    "select distinct table_schema from information_schema.tables"
                ).fetchall()
            }
            said[path] = (
                schemas,
                explain.render(con, lead_id),
                explain.render(con, merged_id),
                summary.render(con),
            )
        finally:
            con.close()
    assert said[serving][0] == {"marts"}
    assert {"staging", "intermediate"} <= said[generated_warehouse][0]
    assert said[serving][1:] == said[generated_warehouse][1:]
    # and they say something: the lead's events, the survivor, the sections
    assert "Engagement " in said[serving][1] and " from " in said[serving][1]
    assert "was merged into" in said[serving][2]
    for section in ("Raw rows", "Rejected rows", "Leads per stage", "Engagement events"):
        assert section in said[serving][3]
