"""Shared fixtures. Python tests live in python_tests/ so that pytest and
dbt (whose singular data tests live in tests/) never read each other's files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """A fresh, empty warehouse file that leadflow and dbt both point at."""
    path = tmp_path / "warehouse" / "leadflow.duckdb"
    monkeypatch.setenv("LEADFLOW_WAREHOUSE", str(path))
    return path


def run_cli(*args: str, warehouse: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the leadflow command as a user would, in its own process."""
    env = {**os.environ, "LEADFLOW_WAREHOUSE": str(warehouse)}
    return subprocess.run(
        [sys.executable, "-m", "leadflow", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
