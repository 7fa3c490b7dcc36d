"""`leadflow.generate` as a package: its SQL lives in sql/*.sql and is all
run, its behaviour parameters live in params.py and are all used, and the
lists it keeps beside the seeds agree with them."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import duckdb

import leadflow.generate.landing as landing
import leadflow.generate.model as model
from leadflow.contract import RAW_TABLES
from leadflow.generate import COMPETITOR_DOMAINS, generate, params
from leadflow.generate.sql import TEMP_PREFIX, sql_names, sql_text

PACKAGE = Path(params.__file__).parent
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _seed(path: str) -> list[dict[str, str]]:
    with (SEEDS / path).open(newline="") as handle:
        return list(csv.DictReader(handle))


def _sql_without_comments(name: str) -> str:
    return re.sub(r"--[^\n]*", "", sql_text(name))


def test_every_sql_file_is_run_by_generate(monkeypatch):
    ran: list[str] = []
    for module in (model, landing):
        real = module.run_sql

        def spy(con, name, values, real=real):
            ran.append(name)
            return real(con, name, values)

        monkeypatch.setattr(module, "run_sql", spy)
    con = duckdb.connect()
    generate(con, 50, seed=1, days=30, end_date=dt.date(2026, 6, 30))
    assert set(ran) == set(sql_names())
    # and nothing of the hidden model is left on the connection
    assert not con.execute(
        "select table_name from duckdb_tables() where starts_with(table_name, ?)"
        " union all select function_name from duckdb_functions()"
        " where starts_with(function_name, ?)"
        " union all select name from duckdb_variables() where starts_with(name, ?)",
        [TEMP_PREFIX] * 3,
    ).fetchall()


def test_every_behaviour_parameter_is_used():
    """A constant in params.py reaches the SQL as $name or is read by
    values.py; one that does neither shapes nothing and misleads."""
    sql = " ".join(sql_text(name) for name in sql_names())
    python = (PACKAGE / "values.py").read_text() + (PACKAGE / "__init__.py").read_text()
    unused = [
        name
        for name in vars(params)
        if name.isupper()
        and f"${name.lower()}" not in sql
        and not re.search(rf"\bP\.{name}\b|\b{name}\b", python)
    ]
    assert unused == []


def test_the_sql_holds_no_inline_probabilities_or_weights():
    """Fractions shape the data, so they belong in params.py; the only
    decimals left are 2**21 (the uniform's scale) and 1.0 (a bound)."""
    decimals = {
        name: set(re.findall(r"(?<![\w.$'])\d+\.\d+(?![\w.])", _sql_without_comments(name)))
        for name in sql_names()
    }
    assert {name: found - {"2097152.0", "1.0"} for name, found in decimals.items()} == {
        name: set() for name in sql_names()
    }


def test_raw_row_counts_cover_the_contract():
    assert re.findall(r"'(\w+)' as table_name", sql_text("raw_row_counts")) == list(RAW_TABLES)


def test_competitors_are_the_seeds():
    assert [d for d, _ in COMPETITOR_DOMAINS] == [
        row["domain"] for row in _seed("lifecycle/competitor_domains.csv")
    ]


def test_the_lists_kept_beside_the_seeds_agree_with_them():
    personal = {row["domain"] for row in _seed("lifecycle/personal_email_domains.csv")}
    assert {d for d, _ in params.PERSONAL_DOMAINS} <= personal
    suffixes = [row["suffix"] for row in _seed("lifecycle/academic_domain_suffixes.csv")]
    assert all(
        any(domain.endswith("." + suffix) for suffix in suffixes)
        for domain, _, _ in params.ACADEMIC_DOMAINS
    )
    aliases = {(row["alias"], row["country_code"]) for row in _seed("country_aliases.csv")}
    assert {(text.upper(), code) for code, text in params.COUNTRY_SPELLINGS} <= aliases
