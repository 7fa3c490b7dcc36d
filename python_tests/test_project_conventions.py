"""The checks dbt-project-evaluator would make, over dbt's manifest: every
node documented, every model's columns documented, primary keys tested,
sources only in staging, sources with freshness."""

from __future__ import annotations

import json

from .conftest import copy_warehouse, query, run_dbt


def _project_nodes(manifest, resource_type):
    return [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == resource_type and n["package_name"] == "leadflow"
    ]


def test_every_model_and_seed_is_described(manifest):
    for node in _project_nodes(manifest, "model") + _project_nodes(manifest, "seed"):
        assert node["description"].strip(), node["unique_id"]


def test_every_project_macro_is_described(manifest):
    macros = [m for m in manifest["macros"].values() if m["package_name"] == "leadflow"]
    assert macros
    for macro in macros:
        # dispatch implementations (duckdb__x, default__x) are covered by x's docs
        if "__" in macro["name"] and not macro["name"].startswith("test_"):
            continue
        assert macro["description"].strip(), macro["unique_id"]


def test_every_model_column_is_documented(manifest, generated_warehouse):
    for node in _project_nodes(manifest, "model"):
        actual = [
            c
            for (c,) in query(
                generated_warehouse,
                "select column_name from information_schema.columns "
                f"where table_schema = '{node['schema']}' and table_name = '{node['name']}'",
            )
        ]
        assert actual, node["unique_id"]
        documented = {name for name, col in node["columns"].items() if col["description"].strip()}
        missing = [c for c in actual if c not in documented]
        assert not missing, f"{node['name']}: undocumented columns {missing}"


def test_every_model_has_a_tested_key(manifest):
    tests = _project_nodes(manifest, "test")
    keyed = set()
    for test in tests:
        meta = test.get("test_metadata") or {}
        if meta.get("name") == "unique" or (
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


def test_sources_are_read_only_in_staging_and_declare_freshness(manifest):
    for node in _project_nodes(manifest, "model"):
        if node["depends_on"]["nodes"] and any(
            d.startswith("source.") for d in node["depends_on"]["nodes"]
        ):
            assert "/staging/" in "/" + node["original_file_path"], node["unique_id"]
    for source in manifest["sources"].values():
        freshness = source.get("freshness") or {}
        assert freshness.get("error_after", {}).get("count"), source["unique_id"]
        assert source.get("loaded_at_field"), source["unique_id"]


def test_dbt_docs_generate_builds_a_site_with_the_marts(generated_warehouse, tmp_path):
    # same file name: the views in a DuckDB file name the catalog (its stem)
    warehouse = copy_warehouse(generated_warehouse, tmp_path / "wh")
    target = tmp_path / "target"
    result = run_dbt("docs", "generate", warehouse=warehouse, target=target)
    assert result.returncode == 0, result.stdout[-3000:]
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
