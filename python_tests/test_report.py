"""The funnel tables as a BI tool reads them (read-only), and the HTML report
as a person sees it (headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess

import duckdb
import pytest

from .conftest import run_cli

CONTRACT = {
    "rpt_funnel_cohorts": [
        "cohort_month",
        "lead_source",
        "leads",
        "mqls",
        "sqls",
        "opportunities",
        "customers",
        "lead_to_mql_rate",
        "mql_to_sql_rate",
        "sql_to_opportunity_rate",
        "opportunity_to_customer_rate",
        "median_days_lead_to_mql",
        "median_days_mql_to_sql",
        "median_days_sql_to_opportunity",
        "median_days_opportunity_to_customer",
    ],
    "rpt_funnel_daily": ["date_day", "stage", "lead_source", "entries", "leads_in_stage"],
    "rpt_funnel_levels": [
        "cohort_month",
        "lead_source",
        "stage",
        "level",
        "stage_leads",
        "level_leads",
        "stage_to_level_rate",
    ],
    "fct_mql_follow_up": [
        "lead_id",
        "mql_at",
        "first_touch_at",
        "hours_to_first_touch",
        "business_hours_to_first_touch",
        "sla_clock",
        "is_sla_met",
    ],
}


def test_a_bi_tool_reads_every_funnel_table_read_only(generated_warehouse):
    con = duckdb.connect(str(generated_warehouse), read_only=True)
    try:
        for table, columns in CONTRACT.items():
            described = [r[0] for r in con.execute(f"describe marts.{table}").fetchall()]
            assert set(columns) <= set(described), table
            rows = con.execute(f"select * from marts.{table}").fetchall()
            assert rows, table
        with pytest.raises(duckdb.Error):
            con.execute("create table marts.scratch as select 1 as x")
        # the dense daily series has every day for every stage and source
        (days, combos, rows) = con.execute(
            "select count(distinct date_day), count(distinct (stage, lead_source)), count(*) "
            "from marts.rpt_funnel_daily"
        ).fetchone()
        assert rows == days * combos
        # a recycled lead that re-qualifies has two MQL follow-up rows
        (follow_ups, mql_entries) = con.execute(
            "select (select count(*) from marts.fct_mql_follow_up), "
            "(select count(*) from marts.fct_lead_stage_history where stage = 'mql')"
        ).fetchone()
        assert follow_ups == mql_entries
    finally:
        con.close()


@pytest.fixture(scope="module")
def report_file(generated_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = run_cli("report", "--out", str(out), warehouse=generated_warehouse)
    assert result.returncode == 0, result.stderr
    assert "6 charts" in result.stdout
    return out


def test_report_is_self_contained(report_file):
    page = report_file.read_text()
    assert page.count("<figure data-chart=") == 6
    # nothing is fetched from anywhere: no src/href to a network or file resource
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<script src" not in page
    for title in (
        "Funnel by stage",
        "Conversion by lead source",
        "Cohort conversion over months",
        "Score distribution by current stage",
        "Time to SQL",
    ):
        assert title in page


def test_report_without_marts_exits_1(tmp_path):
    result = run_cli("report", "--out", str(tmp_path / "r.html"), warehouse=tmp_path / "no.duckdb")
    assert result.returncode == 1
    assert "run `leadflow build`" in result.stderr


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no browser: install Debian's chromium package (apt-get install chromium); "
    ".ci/run does this before make test",
)
def test_report_draws_every_chart_in_a_browser(report_file, tmp_path):
    result = subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            report_file.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = result.stdout
    assert 'data-charts-total="6"' in dom, result.stderr[-2000:]
    assert 'data-charts-drawn="6"' in dom
    assert "6 of 6 charts drawn" in dom
    errors = [
        line
        for line in result.stderr.splitlines()
        if "Uncaught" in line or ("CONSOLE" in line and "error" in line.lower())
    ]
    assert not errors, errors
