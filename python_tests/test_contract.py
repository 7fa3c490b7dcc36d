"""The raw contract in code and in the sources yml must not drift apart."""

from __future__ import annotations

import yaml

from leadflow.contract import METADATA_COLUMNS, RAW_TABLES

from .conftest import PROJECT_DIR


def _sources() -> dict[str, list[str]]:
    doc = yaml.safe_load((PROJECT_DIR / "models/staging/crm/_crm__sources.yml").read_text())
    (crm,) = [s for s in doc["sources"] if s["name"] == "crm"]
    return {t["name"]: [c["name"] for c in t["columns"]] for t in crm["tables"]}


def test_every_raw_table_is_documented_as_a_source():
    assert set(_sources()) == set(RAW_TABLES)


def test_source_columns_match_the_contract():
    for name, documented in _sources().items():
        expected = [c for c in RAW_TABLES[name].all_columns if not c.startswith("_")]
        assert documented == expected, name


def test_required_columns_are_contract_columns():
    for table in RAW_TABLES.values():
        assert set(table.required) <= set(table.columns), table.name
        assert not set(table.required) & set(METADATA_COLUMNS), table.name
