"""The valid_rows generic test (macros/tests/valid_rows.sql) folds unique,
not_null, accepted_values and expression checks into one scan: each check
still catches what the test it replaced caught, and a good row passes."""

from __future__ import annotations

import duckdb
import pytest

from .conftest import run_dbt

ROWS = """
    select * from (values
        (1, 'b', 'x', 0),     -- good
        (2, 'b', null, 5),    -- good: accepted_values lets null through
        (3, 'b', 'y', null),  -- good: an expression that is null passes
        (4, 'b', 'x', 1),     -- duplicate key ...
        (4, 'b', 'x', 1),     -- ... with this row
        (5, null, 'x', 1),    -- null in a not_null column
        (6, 'b', 'z', 1),     -- value outside the accepted ones
        (7, 'b', 'x', -1),    -- breaks the expression
        (null, 'b', 'x', 1)   -- null key
    ) as t(id, b, c, a)
"""
SPLIT = "-- next call --"
CALL = (
    "test_valid_rows(model='checked', {key}not_null=['id', 'b'], "
    "accepted_values={{'c': ['x', 'y']}}, expressions=['a >= 0'])"
)


@pytest.fixture(scope="session")
def compiled(parse_target):
    """The SQL the test compiles to, with and without a key (one dbt call)."""
    warehouse, target = parse_target
    calls = {"keyed": "unique=['id'], ", "unkeyed": ""}
    inline = SPLIT.join("{{ " + CALL.format(key=key) + " }}" for key in calls.values())
    result = run_dbt(
        "compile",
        "--quiet",
        "--inline",
        inline,
        warehouse=warehouse,
        target=target,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return dict(zip(calls, result.stdout.split(SPLIT), strict=True))


def _failures(sql: str) -> list[dict]:
    con = duckdb.connect()
    try:
        con.execute(f"create table checked as {ROWS}")
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def test_each_check_fails_on_its_own_bad_row_and_good_rows_pass(compiled):
    failures = {row["id"]: row for row in _failures(compiled["keyed"])}
    assert set(failures) == {4, 5, 6, 7, None}
    assert failures[4]["rows_with_this_key"] == 2
    assert failures[5]["b_is_null"] == 1
    assert failures[6]["c_not_accepted"] == 1
    assert failures[7]["expression_1_false"] == 1
    assert failures[None]["id_is_null"] == 1


def test_without_a_key_every_offending_row_is_returned(compiled):
    failures = _failures(compiled["unkeyed"])
    assert sorted((row["id"] is None, row["id"] or 0) for row in failures) == [
        (False, 5),
        (False, 6),
        (False, 7),
        (True, 0),
    ]
