"""`leadflow bench` measures every step in its own scratch warehouse and
writes results a reader can trust. No timing thresholds: timed tests flake."""

from __future__ import annotations

import json

import pytest

from .conftest import copy_project, query, run_cli, run_cli_in

STEPS = ("generate", "full_build", "incremental", "clock_moved", "explain", "floor")


# the bench itself: three builds, each after its own dbt parse; in `make
# test-bench`, beside `make test`, which it would push past 5 minutes
@pytest.mark.slow
@pytest.mark.bench
def test_bench_measures_every_step_in_its_own_scratch_warehouse(warehouse, tmp_path):
    results_file = tmp_path / "results.json"
    workdir = tmp_path / "bench"
    result = run_cli(
        "bench",
        *("--contacts", "300", "--repeat", "1"),
        *("--out", str(results_file), "--workdir", str(workdir)),
        warehouse=warehouse,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    for label in (
        "generate",
        "full build",
        "incremental day",
        "no new data, clock +1 day",
        "explain",
        "engine floor",
    ):
        assert label in result.stdout

    results = json.loads(results_file.read_text())
    for step in STEPS:
        measured = results["steps"][step]
        assert measured["wall_seconds"] > 0, step
        assert measured["peak_rss_mib"] > 0, step
        assert len(measured["runs"]) == 1, step

    # the scale is what the bench's own warehouse holds: the generated events,
    # plus the day the incremental run landed
    scale = results["scale"]
    assert scale["contacts"] == 300
    bench_warehouse = workdir / "leadflow.duckdb"
    generated, landed = query(
        bench_warehouse,
        "select count(*) filter (where _source_file is distinct from 'bench-day.csv'), "
        "count(*) filter (where _source_file = 'bench-day.csv') from raw.engagement_events",
    )[0]
    assert scale["raw_events"] > 0
    assert scale["raw_events"] == generated
    assert scale["day_events"] == landed > 0

    for ratio in results["ratios"].values():
        assert isinstance(ratio, int | float) and ratio > 0
    assert results["targets"]
    assert all(target["passed"] is None for target in results["targets"].values())
    assert results["machine"]["cpu_count"] >= 1
    assert results["details"]["floor"]["contacts"] > 0
    # the new day reached some leads; the run after it, with no new data,
    # recomputed none however the clock moved
    recomputed = results["details"]["leads_recomputed"]
    assert 0 < recomputed["incremental"] < results["details"]["leads"]
    assert recomputed["clock_moved"] == 0

    # the user's warehouse was never created
    assert not warehouse.exists()
    assert not warehouse.parent.exists()


def test_bench_bad_arguments_exit_2(warehouse, tmp_path):
    result = run_cli(
        "bench", "--contacts", "0", "--workdir", str(tmp_path / "bench"), warehouse=warehouse
    )
    assert result.returncode == 2
    assert "at least 1" in result.stderr


@pytest.mark.bench  # a generate and a build before the step that fails
def test_a_failing_step_exits_1_and_names_it(warehouse, tmp_path):
    project = copy_project(tmp_path / "project")
    rules = project / "seeds" / "scoring" / "engagement_rules.csv"
    rules.write_text(
        rules.read_text().replace(
            "web_pricing_page,page_view,%/pricing%,10,",
            "web_pricing_page,page_view,%/pricing%,ten,",
        )
    )
    result = run_cli_in(
        project,
        "bench",
        *("--contacts", "50", "--repeat", "1"),
        *("--out", str(tmp_path / "results.json"), "--workdir", str(tmp_path / "bench")),
        warehouse=warehouse,
    )
    assert result.returncode == 1, result.stderr[-4000:]
    assert "step 'full_build' failed" in result.stderr
    # the tail of dbt's output says what went wrong
    assert "engagement_rules" in result.stderr
    assert not (tmp_path / "results.json").exists()
