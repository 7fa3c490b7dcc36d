"""The tests' way of running commands (warm_process.py) keeps subprocess.run's
contract: a command past its timeout is killed and raises TimeoutExpired, and
the next command runs in a process of its own."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import query, run_cli


def test_a_command_past_its_timeout_is_killed_and_the_next_one_runs(warehouse):
    # generating this many contacts takes far longer than the one second given
    with pytest.raises(subprocess.TimeoutExpired):
        run_cli(
            "generate",
            "--contacts",
            "300000",
            "--end-date",
            "2026-01-31",
            warehouse=warehouse,
            timeout=1,
        )
    # the next command opens the same warehouse: a child still running would
    # hold DuckDB's lock on the file and fail it
    made = run_cli(
        "generate",
        "--contacts",
        "20",
        "--seed",
        "3",
        "--end-date",
        "2026-01-31",
        warehouse=warehouse,
    )
    assert made.returncode == 0, made.stderr
    # its contacts (with the duplicate deliveries the generator adds), not
    # the killed command's
    assert 20 <= query(warehouse, "select count(*) from raw.contacts")[0][0] < 100
