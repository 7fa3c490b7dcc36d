"""Project conventions. dbt-bouncer (dbt-bouncer.yml) checks what a
convention checker can express, over the manifest and catalog of a docs
build: models, seeds and sources described, every column documented,
sources only in staging with freshness, strict layers, names by layer,
contracts on marts, models at most 250 lines. By hand, only what it cannot:
macro descriptions (a dispatch implementation is covered by its
interface's), keys checked in a parent model (meta.rows_checked_in), and
the docs site's content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT_DIR, copy_warehouse, run_dbt


def _project_nodes(manifest, resource_type):
    return [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == resource_type and n["package_name"] == "leadflow"
    ]


def test_every_project_macro_is_described(manifest):
    macros = [m for m in manifest["macros"].values() if m["package_name"] == "leadflow"]
    assert macros
    for macro in macros:
        # dispatch implementations (duckdb__x, default__x) are covered by x's docs
        if "__" in macro["name"] and not macro["name"].startswith("test_"):
            continue
        assert macro["description"].strip(), macro["unique_id"]


def test_every_model_has_a_tested_key(manifest):
    tests = _project_nodes(manifest, "test")
    keyed = set()
    for test in tests:
        meta = test.get("test_metadata") or {}
        # contiguous_intervals implies its (key, valid_from) is unique
        if meta.get("name") in ("unique", "contiguous_intervals") or (
            meta.get("name") == "valid_rows" and meta["kwargs"].get("unique")
        ):
            keyed.update(test["depends_on"]["nodes"])
    models = {node["unique_id"]: node for node in _project_nodes(manifest, "model")}

    def has_key(uid: str) -> bool:
        """A unique test of its own, or (a row filter or union of keyed
        models) meta.rows_checked_in naming keyed models it reads."""
        if uid in keyed:
            return True
        node = models[uid]
        parents = [
            f"model.leadflow.{name}"
            for name in node["config"].get("meta", {}).get("rows_checked_in", [])
        ]
        return bool(parents) and all(
            parent in node["depends_on"]["nodes"] and has_key(parent) for parent in parents
        )

    missing = [node["name"] for uid, node in models.items() if not has_key(uid)]
    assert not missing, f"models without a unique test: {missing}"


def test_sources_say_when_rows_landed(manifest):
    # dbt-bouncer checks that freshness is declared; the check needs the column
    for source in manifest["sources"].values():
        assert source.get("loaded_at_field"), source["unique_id"]


@pytest.fixture(scope="module")
def docs_target(generated_warehouse, tmp_path_factory) -> Path:
    """`dbt docs generate` over the generated warehouse: the site, and the
    manifest and catalog dbt-bouncer reads."""
    # same file name: the views in a DuckDB file name the catalog (its stem)
    folder = tmp_path_factory.mktemp("docs")
    warehouse = copy_warehouse(generated_warehouse, folder / "wh")
    target = folder / "target"
    result = run_dbt("docs", "generate", warehouse=warehouse, target=target)
    assert result.returncode == 0, result.stdout[-3000:]
    return target


def test_dbt_bouncer_passes_every_convention(docs_target, tmp_path):
    config = yaml.safe_load((PROJECT_DIR / "dbt-bouncer.yml").read_text())
    assert len(config["manifest_checks"]) >= 10 and config["catalog_checks"]
    config["dbt_artifacts_dir"] = str(docs_target)
    path = tmp_path / "dbt-bouncer.yml"
    path.write_text(yaml.safe_dump(config))
    report = tmp_path / "bouncer.json"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt-bouncer")),
            "run",
            "--config-file",
            str(path),
            "--output-file",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed = [
        f"{r['check_run_id']}: {r.get('failure_message')}"
        for r in json.loads(report.read_text())
        if r.get("outcome") != "success"
    ]
    assert result.returncode == 0 and not failed, "\n".join(failed) or result.stdout[-3000:]
    # every model went through the checks: the layers and names cover them all
    checked = {r["check_run_id"].split(":", 2)[-1] for r in json.loads(report.read_text())}
    assert {"fct_lead_score_events", "int_leads", "stg_crm__contacts"} <= checked


def test_dbt_docs_generate_builds_a_site_with_the_marts(docs_target):
    target = docs_target
    assert (target / "index.html").stat().st_size > 100_000
    catalog = json.loads((target / "catalog.json").read_text())
    docs_manifest = json.loads((target / "manifest.json").read_text())
    for mart in ("dim_leads", "fct_lead_score_history", "rpt_funnel_cohorts"):
        node_id = f"model.leadflow.{mart}"
        assert catalog["nodes"][node_id]["columns"], mart
        assert docs_manifest["nodes"][node_id]["description"].strip(), mart
    # the product docs are in the site: the design as its overview page, the
    # as-of rule with the macro that applies it
    overview = docs_manifest["docs"]["doc.leadflow.__overview__"]["block_contents"]
    assert "## Lifecycle semantics" in overview and "## Scoring semantics" in overview
    as_of = docs_manifest["macros"]["macro.leadflow.scoring_reference_time"]["description"]
    assert "# The as-of rule" in as_of
    affected = docs_manifest["nodes"]["model.leadflow.int_leads_affected"]["description"]
    assert "# The lead history and how a run keeps it current" in affected
    assert "{{ affected_leads_filter() }}" in affected  # shown as written, not rendered
