"""The contiguous_intervals generic test (macros/tests/contiguous_intervals.sql)
checks a history of intervals in one window pass: each kind of broken
history is named, a good one passes, and two intervals of a key starting
at the same moment fail it (why it stands for the key's unique test)."""

from __future__ import annotations

import duckdb
import pytest

from .conftest import run_dbt

ROWS = """
    select * from (values
        ('a', 1, 2, 'x'), ('a', 2, 3, 'x'), ('a', 3, null, 'x'),  -- good
        ('b', 1, 2, 'x'), ('b', 1, 3, 'x'), ('b', 3, null, 'x'),  -- same start twice
        ('c', 1, 3, 'x'), ('c', 2, null, 'x'),                    -- overlap
        ('d', 1, 2, 'x'), ('d', 3, null, 'x'),                    -- gap
        ('e', 1, null, 'x'), ('e', 2, null, 'x'),                 -- open before the last
        ('f', 1, 2, 'x'),                                         -- last one closed
        ('h', null, null, 'x'),                                   -- no start
        ('i', 1, null, null)                                      -- no grade
    ) as t(k, valid_from, valid_to, g)
"""


@pytest.fixture(scope="session")
def compiled(parse_target):
    warehouse, target = parse_target
    result = run_dbt(
        "compile",
        "--quiet",
        "--inline",
        "{{ test_contiguous_intervals(model='history', partition_by=['k'], not_null=['g']) }}",
        warehouse=warehouse,
        target=target,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return result.stdout


def test_each_broken_history_is_named_and_a_good_one_passes(compiled):
    con = duckdb.connect()
    try:
        con.execute(f"create table history as {ROWS}")
        failures = con.execute(f"select k, problem from ({compiled})").fetchall()
    finally:
        con.close()
    problems: dict[str, set[str]] = {}
    for key, problem in failures:
        problems.setdefault(key, set()).add(problem)
    assert set(problems) == {"b", "c", "d", "e", "f", "h", "i"}
    assert problems["b"] <= {"does not end where the next starts", "ends before it starts"}
    assert problems["c"] == {"does not end where the next starts"}
    assert problems["d"] == {"does not end where the next starts"}
    assert problems["e"] == {"an interval before the last is open"}
    assert problems["f"] == {"the last interval is not open"}
    assert problems["h"] == {"valid_from is null"}
    assert problems["i"] == {"g is null"}
