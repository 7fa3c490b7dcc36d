"""A bad seed or threshold stops `leadflow build` before any mart is
rebuilt, with a message naming the seed file, line and problem."""

from __future__ import annotations

import pytest

from .conftest import copy_project, copy_warehouse, query, run_cli_in


@pytest.fixture
def project_and_warehouse(tmp_path, messy_warehouse):
    """A project copy whose seeds the test may break, and a copy of the built warehouse."""
    project = copy_project(tmp_path / "project")
    warehouse = copy_warehouse(messy_warehouse, tmp_path / "wh")
    return project, warehouse


def _edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.slow  # a build of a project copy (parsed whole) that stops in its seed checks
def test_bad_seeds_stop_the_build_before_the_marts_and_name_their_rows(project_and_warehouse):
    """One build with a mistake in each rule seed: every mistake is named
    (file, line, key, problem) in the same output, and no mart is rebuilt."""
    project, warehouse = project_and_warehouse
    before = query(warehouse, "select lead_id, score from marts.dim_leads order by 1")
    rules = project / "seeds/scoring/engagement_rules.csv"
    _edit(
        rules,
        "web_contact_page,page_view,%/contact%,8,",
        "web_contact_page,page_view,%/contact%,eight,",
    )
    _edit(
        rules, "email_click,email_click,,3,10,60,email,", "email_open,email_click,,3,10,-60,emails,"
    )
    # a weight change that would move scores if the marts were rebuilt
    _edit(rules, "demo_request,demo_request,,50,", "demo_request,demo_request,,500,")
    _edit(
        project / "seeds/scoring/fit_rules.csv",
        "size_mid,company_size,company_size,,51,200,15,",
        "size_mid,company_size,company_size,,500,200,15,",
    )
    _edit(project / "seeds/scoring/fit_grades.csv", "C,20,", "C,,")
    _edit(project / "seeds/scoring/score_categories.csv", "web,40,", "web,lots,")
    _edit(
        project / "seeds/lifecycle/qualification_levels.csv",
        "mql_2,mql,2,110,B,content,",
        "mql_2,mql,1,110,E,webinars,",
    )
    hours = project / "seeds/lifecycle/business_hours.csv"
    _edit(hours, "DE,Europe/Berlin,mon tue wed thu fri,", "DE,Europe/Berlln,mon-fri,")
    _edit(
        hours,
        "FR,Europe/Paris,mon tue wed thu fri,09:00,18:00,",
        "FR,Europe/Paris,mon,18:00,09:00,",
    )
    _edit(project / "seeds/lifecycle/business_holidays.csv", "US,2025-07-04,", "XX,2025-07-32,")
    velocity = project / "seeds/scoring/velocity_rules.csv"
    _edit(
        velocity,
        "velocity_content_burst,content_download,,3,7,",
        "content_download,content_download,,1,7,",
    )
    _edit(velocity, "velocity_webinar_streak,webinar_attendance,,2,30,", "Webinar-Streak,,,2,0,")

    result = run_cli_in(project, "build", warehouse=warehouse)

    assert result.returncode == 1
    out = result.stdout
    path = "seeds/scoring/engagement_rules.csv"
    for named in (
        f"{path} line 3 (rule_id 'web_contact_page'): points 'eight' is not a whole number",
        f"{path} line 10 (rule_id 'email_open'): rule_id 'email_open' appears more than once",
        f"{path} line 10 (rule_id 'email_open'): expires_after_days '-60' is not a whole "
        "number of zero or more days",
        f"{path} line 10 (rule_id 'email_open'): category 'emails' is not a category of "
        "seeds/scoring/score_categories.csv",
        "seeds/scoring/fit_rules.csv line 21 (rule_id 'size_mid'): min_value '500' is above "
        "max_value",
        "seeds/scoring/fit_grades.csv line 4 (grade 'C'): more than one grade has no",
        "seeds/scoring/score_categories.csv line 2 (category 'web'): max_active_points 'lots' "
        "is not a whole number of zero or more",
        "seeds/lifecycle/qualification_levels.csv line 3 (level 'mql_2'): level_rank '1' is "
        "used by another level of the same stage",
        "seeds/lifecycle/qualification_levels.csv line 3 (level 'mql_2'): min_fit_grade 'E' "
        "is not a grade of fit_grades",
        "seeds/lifecycle/qualification_levels.csv line 3 (level 'mql_2'): required_category "
        "'webinars' is not a category of score_categories",
        "seeds/lifecycle/business_hours.csv line 6 (country_code 'DE'): time_zone 'Europe/Berlln' "
        "is not a known IANA time zone",
        "seeds/lifecycle/business_hours.csv line 6 (country_code 'DE'): working_days 'mon-fri' "
        "is not a list of day names",
        "seeds/lifecycle/business_hours.csv line 7 (country_code 'FR'): end_time '09:00' is not "
        "after start_time",
        "seeds/lifecycle/business_holidays.csv line 4 (country_code 'XX'): country_code 'XX' has "
        "no row in business_hours.csv",
        "seeds/lifecycle/business_holidays.csv line 4 (country_code 'XX'): holiday_date "
        "'2025-07-32' is not a date YYYY-MM-DD",
        "seeds/scoring/velocity_rules.csv line 2 (rule_id 'content_download'): rule_id "
        "'content_download' is also a rule of seeds/scoring/engagement_rules.csv",
        "seeds/scoring/velocity_rules.csv line 2 (rule_id 'content_download'): min_actions '1' "
        "is not a whole number of two or more",
        "seeds/scoring/velocity_rules.csv line 3 (rule_id 'Webinar-Streak'): rule_id "
        "'Webinar-Streak' is not lower-case letters, digits and underscores",
        "seeds/scoring/velocity_rules.csv line 3 (rule_id 'Webinar-Streak'): event_type is empty",
        "seeds/scoring/velocity_rules.csv line 3 (rule_id 'Webinar-Streak'): within_days '0' "
        "is not a whole number of one or more days",
    ):
        assert named in out, named
    assert "SKIP relation marts.dim_leads" in out
    assert query(warehouse, "select lead_id, score from marts.dim_leads order by 1") == before


def test_sql_threshold_below_mql_threshold_stops_the_build(project_and_warehouse):
    project, warehouse = project_and_warehouse
    before = query(warehouse, "select lead_id, score from marts.dim_leads order by 1")
    result = run_cli_in(
        project,
        "build",
        "--vars",
        "{mql_score_threshold: 80, sql_score_threshold: 50}",
        warehouse=warehouse,
    )
    # an invalid invocation: dbt refuses to start, so nothing at all is built
    assert result.returncode == 2
    assert "var sql_score_threshold (50) is below mql_score_threshold (80)" in result.stdout
    assert query(warehouse, "select lead_id, score from marts.dim_leads order by 1") == before


def test_non_numeric_threshold_names_the_var(project_and_warehouse):
    project, warehouse = project_and_warehouse
    result = run_cli_in(
        project, "build", "--vars", "{mql_min_fit_score: high}", warehouse=warehouse
    )
    assert result.returncode == 2
    assert "var mql_min_fit_score must be a number, got 'high'" in result.stdout


def test_thresholds_can_be_overridden_per_run(project_and_warehouse):
    project, warehouse = project_and_warehouse
    result = run_cli_in(
        project,
        "build",
        "--select",
        "stg_rules__score_thresholds",
        "--vars",
        "{mql_score_threshold: 70, sql_score_threshold: 120}",
        warehouse=warehouse,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert query(
        warehouse,
        "select mql_score_threshold, sql_score_threshold, mql_min_fit_score "
        "from staging.stg_rules__score_thresholds",
    ) == [(70, 120, 20)]
