"""Shared fixtures. Python tests live in python_tests/ so that pytest and
dbt (whose singular data tests live in tests/) never read each other's files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from .warm_process import WarmProcess

PROJECT_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """A fresh, empty warehouse file that leadflow and dbt both point at."""
    path = tmp_path / "warehouse" / "leadflow.duckdb"
    monkeypatch.setenv("LEADFLOW_WAREHOUSE", str(path))
    return path


def dbt_target_for(args, warehouse: Path, project: Path = PROJECT_DIR) -> dict[str, str]:
    """dbt's target folder for a command, one per project copy, warehouse and
    --vars value within this worker's folder (dbt_artifacts_per_worker). dbt
    parses the whole project again (about 4 s more CPU per command than a
    partial parse, in the warm processes of warm_process.py) when the vars
    or the profile (the warehouse path is in it) differ from its last parse
    in that folder: a test that goes back to a warehouse it ran before, at
    the same reference time, reuses that parse."""
    base = os.environ.get("DBT_TARGET_PATH")
    if not base:
        return {}
    pinned = args[list(args).index("--vars") + 1] if "--vars" in args else ""
    key = hashlib.sha1(f"{project}|{warehouse}|{pinned}".encode()).hexdigest()[:10]
    # no test reads the manifest or run results of a leadflow command (run
    # summaries are leadflow's own), and writing them costs about a second
    # per invocation; the partial-parse cache is written either way
    return {"DBT_TARGET_PATH": f"{base}-{key}", "DBT_WRITE_JSON": "false"}


_warm: WarmProcess | None = None


def in_own_process(
    program: str, args, *, env: dict[str, str], cwd: Path, timeout: float
) -> subprocess.CompletedProcess:
    """Run `leadflow <args>` (program "leadflow") or `dbt <args>` ("dbt") in
    its own process, forked from this worker's warm one (warm_process.py):
    the command's own environment, folder, output and exit code, without
    paying for Python's imports and dbt's macro compiling each time."""
    global _warm
    if _warm is None:
        _warm = WarmProcess()
    return _warm.run(program, list(args), env=env, cwd=cwd, timeout=timeout)


@pytest.fixture(scope="session", autouse=True)
def _close_warm_process():
    yield
    if _warm is not None:
        _warm.close()


def run_cli(*args: str, warehouse: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the leadflow command as a user would, in its own process
    (in_own_process)."""
    env = {
        **os.environ,
        "LEADFLOW_WAREHOUSE": str(warehouse),
        **dbt_target_for(args, warehouse),
    }
    return in_own_process("leadflow", args, env=env, cwd=PROJECT_DIR, timeout=timeout)


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


PROJECT_FILES = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests",
    "analyses",
    "docs",
)


def copy_project(target: Path) -> Path:
    """A copy of the dbt project whose seeds or vars a test may edit; point
    leadflow at it with LEADFLOW_PROJECT_DIR."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def run_cli_in(project: Path, *args: str, warehouse: Path, timeout: int = 600):
    """Run leadflow against another copy of the project."""
    env = {
        **os.environ,
        "LEADFLOW_WAREHOUSE": str(warehouse),
        "LEADFLOW_PROJECT_DIR": str(project),
        **dbt_target_for(args, warehouse, project),
    }
    return in_own_process("leadflow", args, env=env, cwd=project, timeout=timeout)


@pytest.fixture(scope="session", autouse=True)
def dbt_artifacts_per_worker(tmp_path_factory):
    """Each pytest worker (pytest-xdist runs two) gives dbt its own target
    and log folders: two dbt processes writing one partial-parse cache or
    run_results.json would read each other's."""
    folder = tmp_path_factory.mktemp("dbt")
    settings = {
        "DBT_TARGET_PATH": str(folder / "target"),
        "DBT_LOG_PATH": str(folder / "logs"),
        # no usage event per node (each fails on an offline machine), and no
        # debug log file, which no test reads and a failing test's output
        # does not need (its stdout holds dbt's messages): about 1 s of CPU
        # per leadflow run here
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_LOG_LEVEL_FILE": "none",
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


GENERATED_CONTACTS = 1_500
# the reference time of the shared warehouse's run: the day after the
# generated history ends
GENERATED_AS_OF = "2026-07-01 00:00:00"
PINNED = ["--vars", f"{{scoring_reference_time: '{GENERATED_AS_OF}'}}"]


def built_once(tmp_path_factory, name: str, build) -> Path:
    """A warehouse `build(path)` makes once per test session, whichever
    pytest-xdist worker asks first (the others wait on a file lock), copied
    into the asking worker's own folder: each worker owns its copy, and the
    session pays for one build instead of one per worker."""
    import fcntl

    # the workers' base folders share a parent unique to this session;
    # without xdist the session's own base folder is that place
    base = tmp_path_factory.getbasetemp()
    shared_root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    shared = shared_root / f"shared-{name}" / "leadflow.duckdb"
    with open(shared_root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared.parent / "built"
        if not done.exists():
            shared.parent.mkdir(parents=True, exist_ok=True)
            build(shared)
            done.touch()
    return copy_warehouse(shared, tmp_path_factory.mktemp(name) / "copy")


@pytest.fixture(scope="session")
def generated_warehouse(tmp_path_factory) -> Path:
    """One warehouse generated and run (`leadflow run`, published to its
    serving database) at GENERATED_AS_OF, shared by every test that needs
    realistic data: tests read it, and copy it (copy_warehouse) to change it."""
    return built_once(tmp_path_factory, "generated", _generate_and_run)


def _generate_and_run(warehouse: Path) -> None:
    generated = run_cli(
        "generate",
        "--contacts",
        str(GENERATED_CONTACTS),
        "--seed",
        "7",
        "--end-date",
        "2026-06-30",
        warehouse=warehouse,
    )
    assert generated.returncode == 0, generated.stderr
    ran = run_cli("run", *PINNED, warehouse=warehouse)
    assert ran.returncode == 0, ran.stdout[-4000:] + ran.stderr[-2000:]


def copy_warehouse(source: Path, folder: Path) -> Path:
    """A copy of a warehouse's folder (the warehouse, its serving database
    and run summaries) in `folder`; returns the copied warehouse. DuckDB
    files copy in milliseconds at test sizes: cheaper than any rebuild."""
    import shutil

    shutil.copytree(source.parent, folder)
    return folder / source.name


@pytest.fixture(scope="session")
def messy_warehouse(tmp_path_factory) -> Path:
    """The hand-made messy export (fixtures/messy_export) loaded and built
    with `leadflow build` (unit tests included) once per test session:
    tests read it, and copy it to change it."""
    return built_once(tmp_path_factory, "messy", _load_and_build_messy)


def _load_and_build_messy(warehouse: Path) -> None:
    loaded = run_cli("load", str(FIXTURES / "messy_export"), warehouse=warehouse)
    assert loaded.returncode == 0, loaded.stderr
    built = run_cli("build", warehouse=warehouse)
    assert built.returncode == 0, built.stdout[-3000:]


def mart_differences(left: Path, right: Path) -> dict[str, tuple[int, int]]:
    """Rows of each mart found in one database and not the other (`except
    all` both ways); every pair is (0, 0) when the marts are identical.
    Every mart: the tables both hold in the marts schema, which must match."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{left}' as a (read_only)")
        con.execute(f"attach '{right}' as b (read_only)")
        listed = (
            "select table_name from information_schema.tables "
            "where table_catalog = ? and table_schema = 'marts' order by 1"
        )
        marts = [name for (name,) in con.execute(listed, ["a"]).fetchall()]
        assert marts == [name for (name,) in con.execute(listed, ["b"]).fetchall()]
        assert "dim_leads" in marts and "fct_lead_score_events" in marts, marts
        return {
            mart: (
                con.execute(
                    f"select count(*) from (select * from a.marts.{mart} "
                    f"except all select * from b.marts.{mart})"
                ).fetchone()[0],
                con.execute(
                    f"select count(*) from (select * from b.marts.{mart} "
                    f"except all select * from a.marts.{mart})"
                ).fetchone()[0],
            )
            for mart in marts
        }
    finally:
        con.close()


def run_dbt(*args: str, warehouse: Path, target: Path) -> subprocess.CompletedProcess:
    """dbt itself (not leadflow) against the project and `warehouse`, its
    artifacts in `target`: for what leadflow does not expose (parse, compile,
    docs, one model's tests)."""
    return in_own_process(
        "dbt",
        [
            *args,
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(target),
        ],
        env={**os.environ, "LEADFLOW_WAREHOUSE": str(warehouse)},
        cwd=PROJECT_DIR,
        timeout=300,
    )


@pytest.fixture(scope="session")
def parse_target(tmp_path_factory) -> tuple[Path, Path]:
    """A scratch warehouse and dbt target folder that the tests which only
    parse or compile (nothing built) share within a worker. dbt parses the
    whole project (a few seconds) when the profile's warehouse path or the target
    folder is new, and only what changed when both are the same."""
    folder = tmp_path_factory.mktemp("parse")
    return folder / "scratch.duckdb", folder / "target"


@pytest.fixture(scope="session")
def manifest(parse_target) -> dict:
    """dbt's manifest of the project, parsed once per test session."""
    warehouse, target = parse_target
    result = run_dbt("parse", warehouse=warehouse, target=target)
    assert result.returncode == 0, result.stdout[-3000:]
    return json.loads((target / "manifest.json").read_text())
