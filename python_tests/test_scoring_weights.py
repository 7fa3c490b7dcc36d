"""Marketing ops change one weight in a seed and rebuild: exactly the leads
the rule touches get a new score history; every other lead's is unchanged."""

from __future__ import annotations

from .conftest import PINNED, copy_project, copy_warehouse, query, run_cli_in

HISTORY = (
    "select lead_id, valid_from, valid_to, fit_score, engagement_score, score "
    "from marts.fct_lead_score_history"
)


def _histories(warehouse) -> dict[str, set[tuple]]:
    by_lead: dict[str, set[tuple]] = {}
    for row in query(warehouse, HISTORY):
        by_lead.setdefault(row[0], set()).add(row[1:])
    return by_lead


def test_changing_one_weight_changes_exactly_the_affected_leads(generated_warehouse, tmp_path):
    # the shared warehouse, built with the shipped seeds at PINNED
    before_wh = generated_warehouse
    after_wh = copy_warehouse(generated_warehouse, tmp_path / "after")

    project = copy_project(tmp_path / "project")
    rules = project / "seeds/scoring/engagement_rules.csv"
    text = rules.read_text()
    old = "web_pricing_page,page_view,%/pricing%,10,"
    assert old in text
    rules.write_text(text.replace(old, "web_pricing_page,page_view,%/pricing%,25,"))
    changed = run_cli_in(project, "build", *PINNED, warehouse=after_wh)
    assert changed.returncode == 0, changed.stdout[-3000:]

    before, after = _histories(before_wh), _histories(after_wh)
    assert before.keys() == after.keys()
    differing = {lead for lead in before if before[lead] != after[lead]}
    pricing_leads = {
        lead
        for (lead,) in query(
            before_wh,
            "select distinct lead_id from intermediate.int_engagement_events_scored "
            "where rule_id = 'web_pricing_page' and awarded_points != 0",
        )
    }
    assert differing, "raising the pricing-page weight changed nobody's history"
    assert differing <= pricing_leads
    # leads whose pricing points were never cut by the web category cap all move
    uncapped = {
        lead
        for (lead,) in query(
            after_wh,
            "select distinct lead_id from marts.fct_lead_score_changes "
            "where rule_id = 'web_pricing_page' and reason = 'award' "
            "and lead_id not in (select lead_id from marts.fct_lead_score_changes "
            "where category = 'web' and reason = 'cap')",
        )
    }
    assert uncapped and uncapped <= differing
