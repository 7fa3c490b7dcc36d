"""The leadflow command's arguments and exit codes (0 ok, 1 failed, 2 could not run)."""

from __future__ import annotations

from .conftest import query, run_cli


def test_help_and_version_exit_0(warehouse):
    result = run_cli("--help", warehouse=warehouse)
    assert result.returncode == 0
    for command in ("generate", "load", "build", "explain", "demo"):
        assert command in result.stdout
    assert run_cli("--version", warehouse=warehouse).stdout.startswith("leadflow ")


def test_usage_errors_exit_2(warehouse):
    assert run_cli(warehouse=warehouse).returncode == 2
    assert run_cli("frobnicate", warehouse=warehouse).returncode == 2
    assert run_cli("generate", warehouse=warehouse).returncode == 2  # --contacts is required
    result = run_cli("generate", "--contacts", "0", warehouse=warehouse)
    assert result.returncode == 2
    assert "--contacts must be at least 1" in result.stderr
    assert run_cli("load", warehouse=warehouse).returncode == 2
    assert run_cli("explain", "x", "--bogus", warehouse=warehouse).returncode == 2


def test_generate_writes_every_raw_table(warehouse):
    result = run_cli(
        "generate",
        "--contacts",
        "50",
        "--seed",
        "3",
        "--end-date",
        "2026-01-31",
        warehouse=warehouse,
    )
    assert result.returncode == 0, result.stderr
    tables = {
        t
        for (t,) in query(
            warehouse,
            "select table_name from information_schema.tables where table_schema = 'raw'",
        )
    }
    assert tables == {
        "contacts",
        "engagement_events",
        "sales_activities",
        "lead_dispositions",
        "opportunities",
        "contact_merges",
    }
    assert "raw.contacts:" in result.stdout
