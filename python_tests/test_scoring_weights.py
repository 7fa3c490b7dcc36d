"""Marketing ops change one weight in a seed and rebuild: exactly the leads
the rule touches get a new score history; every other lead's is unchanged."""

from __future__ import annotations

import duckdb
import pytest

from leadflow.runner import DATA_ONLY

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


@pytest.mark.slow  # a whole build of a project copy (which dbt parses whole) with the new weight
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
    # models and data tests only: the unit tests run once per session, in
    # the messy warehouse's build (conftest)
    changed = run_cli_in(project, "build", *DATA_ONLY, *PINNED, warehouse=after_wh)
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


@pytest.mark.slow  # two builds of a project copy: one refused, one with the column declared
def test_a_fit_rule_reads_an_extra_contacts_column_once_it_is_declared(
    generated_warehouse, tmp_path
):
    warehouse = copy_warehouse(generated_warehouse, tmp_path / "w")
    project = copy_project(tmp_path / "project")
    config = project / "dbt_project.yml"
    config.write_text(
        config.read_text().replace(
            "fit_contact_properties: [lead_source]",
            "fit_contact_properties: [lead_source, occupation]",
        )
    )
    rules = project / "seeds/scoring/fit_rules.csv"
    rules.write_text(
        rules.read_text()
        + "occupation_professional,occupation,occupation,working professional,,,12,10,"
        "Working professionals buy\n"
        + "source_referral,lead_source,lead_source,referral,,,7,10,Referrals convert\n"
    )

    # declared, but the export does not carry it: the build names the column
    missing = run_cli_in(project, "build", *PINNED, warehouse=warehouse)
    assert missing.returncode != 0
    assert "names 'occupation', but" in missing.stdout + missing.stderr

    # the export now carries it (as `leadflow load` keeps extra columns)
    con = duckdb.connect(str(warehouse))
    con.execute("alter table raw.contacts add column occupation varchar")
    con.execute(
        "update raw.contacts set occupation = ' Working Professional ' "
        "where hash(contact_id) % 2 = 0"
    )
    con.close()
    built = run_cli_in(project, "build", *DATA_ONLY, *PINNED, warehouse=warehouse)
    assert built.returncode == 0, built.stdout[-3000:]

    points = dict(
        query(
            warehouse,
            "select rule_id, count(distinct lead_id) from intermediate.int_lead_fit_points "
            "where is_current_version and rule_id in ('occupation_professional', "
            "'source_referral') group by rule_id",
        )
    )
    assert points["occupation_professional"] > 0 and points["source_referral"] > 0
    # scored like a built-in attribute: in the fit score and the change log
    (mismatches,) = query(
        warehouse,
        "select count(*) from marts.dim_leads as leads "
        "join intermediate.int_lead_fit_points as fit on leads.lead_id = fit.lead_id "
        "and fit.is_current_version and fit.rule_id = 'occupation_professional' "
        "where leads.lead_at is not null and leads.fit_score != ("
        "select sum(points) from intermediate.int_lead_fit_points as f "
        "where f.lead_id = leads.lead_id and f.is_current_version)",
    )[0]
    assert mismatches == 0
    assert (
        query(
            warehouse,
            "select count(*) from marts.fct_lead_score_changes "
            "where rule_id = 'occupation_professional' and reason = 'fit'",
        )[0][0]
        > 0
    )
