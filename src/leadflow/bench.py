"""`leadflow bench`: how long leadflow takes, and how much memory, at a given scale.

What is measured, in order, each step in its own child process so that its
wall time and its peak resident memory (the child's ``ru_maxrss`` from
``os.wait4``) belong to that step alone:

1. generate: ``leadflow generate`` of N contacts and a year of history ending
   on a fixed date, so the same arguments give the same data on every machine.
2. full build: ``leadflow build --full-refresh`` (every model, unit test and
   data test) with the scoring reference time pinned.
3. incremental: one more day of raw events lands (new events, late events for
   old dates, re-delivered events and two malformed rows, appended with plain
   SQL and not timed), then ``leadflow build`` without ``--full-refresh``, as
   the next day's scheduled run would. Repeats restore the warehouse as it was
   after the full build and land the same day again.
4. clock moved: the next day's run with no new raw data (``leadflow build``
   with the reference time a day later). It recomputes no lead history; it
   only moves the marts' as-of cut (docs/as_of.md).
5. explain: ``leadflow explain`` of the lead with the most score changes.
6. floor: one hand-written DuckDB query over the same raw events that computes
   every contact's engagement score: dedupe by event_id, drop unparseable
   timestamps, pick each event's winning rule from the engagement_rules seed,
   sum points per contact. It leaves out everything else leadflow does
   (identity and merges, expiries, caps, cycles, history, lifecycle, tests),
   so no build that scores the same events can be faster: it is the floor,
   and full build / floor says what the rest of the pipeline costs.

Every dbt build is preceded by an untimed ``dbt parse`` with the same vars, so
each timed build starts from dbt's partial-parse cache like a recurring
scheduled run does (a change of vars forces dbt to reparse everything, and
the full build and incremental run pin different reference times).

Everything happens in a scratch folder (default ``bench/out/``): the
children get LEADFLOW_WAREHOUSE, LEADFLOW_SERVING, DBT_TARGET_PATH and
DBT_LOG_PATH pointing inside it, so the user's warehouse and dbt target are
never touched. Results go to a JSON file (default ``bench/results.json``).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from leadflow.runner import DATA_ONLY, EXIT_ERROR, EXIT_FAILURE, EXIT_OK
from leadflow.summary import render_table

DEFAULT_WORKDIR = Path("bench") / "out"
DEFAULT_RESULTS = Path("bench") / "results.json"

# A fixed history, and the day after it as the incremental run's new day.
END_DATE = "2026-06-30"
FULL_BUILD_VARS = "{scoring_reference_time: '2026-07-01 00:00:00'}"
NEW_DAY = "2026-07-01"
NEW_DAY_LOADED_AT = "2026-07-01 23:00:00"
NEW_DAY_SOURCE_FILE = "bench-day.csv"
INCREMENTAL_VARS = "{scoring_reference_time: '2026-07-02 00:00:00'}"
CLOCK_MOVED_VARS = "{scoring_reference_time: '2026-07-03 00:00:00'}"

# The targets, which only mean something at a million contacts.
TARGET_CONTACTS = 1_000_000
TARGETS = {
    "generate_seconds": ("generation under 120 s", 120.0),
    "full_build_seconds": ("full build under 120 s", 120.0),
    "full_build_over_floor": ("full build at most 4x the engine floor", 4.0),
    "incremental_over_full": ("incremental day at most 10% of the full build", 0.10),
    "clock_moved_over_full": ("no new data, clock a day on: at most 5% of the full build", 0.05),
    "explain_seconds": ("explain under 2 s", 2.0),
    # leadflow's own steps; the floor is a reference query, not leadflow
    "peak_memory_gib": ("peak memory of leadflow's steps under 6 GiB", 6.0),
}

# (key in the results, label in the table)
STEPS = (
    ("generate", "generate"),
    ("full_build", "full build"),
    ("incremental", "incremental day"),
    ("clock_moved", "no new data, clock +1 day"),
    ("explain", "explain"),
    ("floor", "engine floor"),
)

TAIL_LINES = 40


class StepFailed(RuntimeError):
    """A measured (or preparatory) child process did not exit 0."""


@dataclass
class Run:
    wall_seconds: float
    peak_rss_mib: float


@dataclass
class Step:
    runs: list[Run] = field(default_factory=list)
    events: int | None = None  # raw events the step works over, for events/s

    @property
    def wall_seconds(self) -> float:
        return statistics.median(r.wall_seconds for r in self.runs)

    @property
    def peak_rss_mib(self) -> float:
        return max(r.peak_rss_mib for r in self.runs)

    def as_json(self) -> dict:
        wall = self.wall_seconds
        return {
            "wall_seconds": round(wall, 3),
            "runs": [round(r.wall_seconds, 3) for r in self.runs],
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "events_per_second": round(self.events / wall) if self.events else None,
        }


@dataclass
class Scratch:
    """The scratch folder and the environment every child runs in."""

    project: Path
    workdir: Path

    @property
    def warehouse(self) -> Path:
        return self.workdir / "leadflow.duckdb"

    @property
    def snapshot(self) -> Path:
        return self.workdir / "after-full-build.duckdb"

    @property
    def logs(self) -> Path:
        return self.workdir / "logs"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "LEADFLOW_WAREHOUSE": str(self.warehouse),
            "LEADFLOW_SERVING": str(self.workdir / "serving.duckdb"),
            "LEADFLOW_PROJECT_DIR": str(self.project),
            # dbt's manifest, partial-parse cache and logs stay in the scratch
            # folder too: the user's target/ is theirs (and may be in use)
            "DBT_TARGET_PATH": str(self.workdir / "target"),
            "DBT_LOG_PATH": str(self.workdir / "dbt-logs"),
            # no usage-stats request over the network inside a timed step
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            # plain text in the logs whose tail a failure shows
            "DBT_USE_COLORS": "false",
        }


# ---------------------------------------------------------------------------
# Running children
# ---------------------------------------------------------------------------


def _rss_mib(maxrss: int) -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def _tail(log: Path, lines: int = TAIL_LINES) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _child(scratch: Scratch, name: str, args: list[str]) -> tuple[Run, Path]:
    """Run `python <args>` to completion; its wall time and peak RSS. Output
    goes to a log file (a pipe nobody reads could block the child)."""
    scratch.logs.mkdir(parents=True, exist_ok=True)
    log = scratch.logs / f"{name}.log"
    with open(log, "w") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=scratch.project,
            env=scratch.env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        # wait4, not proc.wait(): it also returns this child's own rusage
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise StepFailed(
            f"step {name!r} failed (exit {proc.returncode}): "
            f"{' '.join(args)}\n--- last lines of {log} ---\n{_tail(log)}"
        )
    return Run(wall, _rss_mib(usage.ru_maxrss)), log


def _leadflow(scratch: Scratch, name: str, *args: str) -> tuple[Run, Path]:
    return _child(scratch, name, ["-m", "leadflow", *args])


def _dbt_parse(scratch: Scratch, dbt_vars: str) -> float:
    """Untimed as a step: warm dbt's partial-parse cache for these vars."""
    code = (
        "import sys; from leadflow.runner import run_dbt; "
        f"sys.exit(run_dbt(['parse', '--vars', {dbt_vars!r}]))"
    )
    run, _ = _child(scratch, "dbt-parse", ["-c", code])
    return run.wall_seconds


# ---------------------------------------------------------------------------
# The warehouse: counting, snapshotting, landing a new day
# ---------------------------------------------------------------------------


def _scalar(path: Path, sql: str, read_only: bool = True):
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()  # before the next child opens the file for writing


def _raw_events(path: Path) -> int:
    return _scalar(path, "select count(*) from raw.engagement_events")


def _remove_database(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def _copy_database(source: Path, target: Path) -> None:
    """Copy a closed DuckDB file, with its write-ahead log when it has one."""
    _remove_database(target)
    shutil.copy2(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))


_EVENT_COLUMNS = "event_id, contact_id, anonymous_id, event_type, occurred_at, url, campaign"
_TIMESTAMP = "'%Y-%m-%d %H:%M:%S'"


def land_new_day(warehouse: Path) -> dict[str, int]:
    """Append one day of raw engagement events, the way a daily sync lands
    them; returns the rows added by kind. Rows are picked by a hash of their
    event_id, so the same warehouse always gets the same day."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("set TimeZone = 'UTC'")
        usable = f"""
            select {_EVENT_COLUMNS}, try_cast(occurred_at as timestamp) as occurred,
                hash(event_id) as h
            from raw.engagement_events
            where event_id is not null and try_cast(occurred_at as timestamp) is not null
        """
        # about a year's 1/365th, with the year's mix of contacts and event types
        day = con.execute(f"select count(*) from ({usable}) where h % 365 = 0").fetchone()[0]
        late = max(1, day // 10)
        duplicates = max(3, day // 100)
        con.execute(f"""
            insert into raw.engagement_events
                ({_EVENT_COLUMNS}, loaded_at, _source_file, _source_row)
            with usable as ({usable}),
            new_events as (
                -- the new day: same time of day, on the day after the history
                select event_id || '-d1' as event_id, contact_id, anonymous_id, event_type,
                    strftime(date '{NEW_DAY}' + cast(occurred as time), {_TIMESTAMP})
                        as occurred_at,
                    url, campaign, 1 as part
                from usable where h % 365 = 0
            ),
            late_events as (
                -- late arrivals: happened two to seven weeks ago, landed today
                select event_id || '-late1', contact_id, anonymous_id, event_type,
                    strftime(
                        date '{NEW_DAY}' + cast(occurred as time)
                            - to_days(cast(14 + h % 35 as integer)),
                        {_TIMESTAMP}
                    ),
                    url, campaign, 2
                from usable where h % 365 <> 0
                order by hash(event_id || 'late') limit {late}
            ),
            duplicates as (
                -- the sync delivers some old events a second time
                select {_EVENT_COLUMNS}, 3
                from usable
                order by hash(event_id || 'again') limit {duplicates}
            ),
            malformed as (
                select * from (values
                    (null, 'x', null, 'page_view', '{NEW_DAY} 10:00:00', null, null, 4),
                    ('bench-bad-ts', 'x', null, 'page_view', 'yesterday', null, null, 4)
                ) as bad ({_EVENT_COLUMNS}, part)
            ),
            landed as (
                select * from new_events
                union all select * from late_events
                union all select * from duplicates
                union all select * from malformed
            )
            select {_EVENT_COLUMNS}, '{NEW_DAY_LOADED_AT}', '{NEW_DAY_SOURCE_FILE}',
                cast(row_number() over (order by part, event_id nulls first) as varchar)
            from landed
        """)
    finally:
        con.close()
    return {"new_events": day, "late_events": late, "duplicates": duplicates, "malformed": 2}


def _leads_recomputed(warehouse: Path) -> int:
    """How many leads the last build recomputed in the lead history."""
    return int(_scalar(warehouse, "select count(*) from intermediate.int_leads_affected"))


def _lead_with_most_changes(warehouse: Path) -> str:
    lead = _scalar(
        warehouse,
        "select lead_id from marts.fct_lead_score_changes "
        "group by lead_id order by count(*) desc, lead_id limit 1",
    )
    if lead is None:
        raise StepFailed("step 'explain' has no lead: marts.fct_lead_score_changes is empty")
    return lead


# ---------------------------------------------------------------------------
# The floor
# ---------------------------------------------------------------------------

FLOOR_SQL = """
with rules as (
    -- the seed as marketing ops wrote it, read as text and typed here
    select
        rule_id,
        lower(trim(event_type)) as event_type,
        lower(nullif(trim(url_pattern), '')) as url_pattern,
        cast(points as integer) as points,
        cast(priority as integer) as priority
    from read_csv($rules, header = true, all_varchar = true)
),
events as (
    -- usable events, first delivery of each event_id
    select event_id, contact_id, lower(trim(event_type)) as event_type, url
    from raw.engagement_events
    where event_id is not null
        and contact_id is not null
        and try_cast(occurred_at as timestamp) is not null
    qualify row_number() over (
        partition by event_id order by try_cast(loaded_at as timestamp)
    ) = 1
),
event_points as (
    -- the winning rule: a URL rule beats a generic one, then lowest priority,
    -- then first rule_id
    select
        events.event_id,
        arg_min(
            rules.points, (rules.url_pattern is null, rules.priority, rules.rule_id)
        ) as points
    from events
    inner join rules
        on events.event_type = rules.event_type
        and (rules.url_pattern is null or lower(events.url) like rules.url_pattern)
    group by events.event_id
)
select events.contact_id, coalesce(sum(event_points.points), 0) as score
from events
left join event_points using (event_id)
group by events.contact_id
"""


def floor(warehouse: Path, rules_csv: Path) -> tuple[int, int]:
    """Every contact's engagement score in one query; (contacts, total score)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute("set TimeZone = 'UTC'")
        # materialised and then counted, so no part of the work can be skipped
        con.execute(
            f"create or replace temp table floor_scores as {FLOOR_SQL}",
            {"rules": str(rules_csv)},
        )
        contacts, total = con.execute(
            "select count(*), coalesce(sum(score), 0) from floor_scores"
        ).fetchone()
    finally:
        con.close()
    return int(contacts), int(total)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


def _machine() -> dict:
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu_count": os.cpu_count(),
        "memory_gib": memory_gib,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt": metadata.version("dbt-core"),
        "dbt_duckdb": metadata.version("dbt-duckdb"),
    }


def _targets(contacts: int, steps: dict[str, Step], ratios: dict) -> dict:
    values = {
        "generate_seconds": steps["generate"].wall_seconds,
        "full_build_seconds": steps["full_build"].wall_seconds,
        "full_build_over_floor": ratios["full_build_over_floor"],
        "incremental_over_full": ratios["incremental_over_full"],
        "clock_moved_over_full": ratios["clock_moved_over_full"],
        "explain_seconds": steps["explain"].wall_seconds,
        "peak_memory_gib": max(step.peak_rss_mib for key, step in steps.items() if key != "floor")
        / 1024,
    }
    at_scale = contacts >= TARGET_CONTACTS
    return {
        key: {
            "target": text,
            "limit": limit,
            "value": round(values[key], 3),
            "passed": (values[key] <= limit) if at_scale else None,
        }
        for key, (text, limit) in TARGETS.items()
    }


def steps_table(steps: dict[str, Step]) -> str:
    rows = [
        (
            label,
            round(steps[key].wall_seconds, 2),
            round(steps[key].peak_rss_mib),
            round(steps[key].events / steps[key].wall_seconds) if steps[key].events else None,
        )
        for key, label in STEPS
    ]
    return render_table(["step", "median wall s", "peak RSS MiB", "events/s"], rows)


# ---------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _measure(scratch: Scratch, contacts: int, seed: int, repeat: int, repeat_builds: int) -> dict:
    steps = {key: Step() for key, _ in STEPS}
    parse_seconds: list[float] = []
    raw_events = 0

    # generate and full build: each repeat starts from an empty warehouse
    for i in range(repeat_builds):
        _remove_database(scratch.warehouse)
        _say(f"generate {contacts:,} contacts ({i + 1}/{repeat_builds})")
        run, _ = _leadflow(
            scratch,
            "generate",
            "generate",
            *("--contacts", str(contacts), "--seed", str(seed), "--end-date", END_DATE),
        )
        steps["generate"].runs.append(run)
        raw_events = _raw_events(scratch.warehouse)
        if i == 0:
            parse_seconds.append(_dbt_parse(scratch, FULL_BUILD_VARS))
        _say(f"full build ({i + 1}/{repeat_builds})")
        # timed as a scheduled run builds: models and data tests (DATA_ONLY)
        run, _ = _leadflow(
            scratch, "full_build", "build", *DATA_ONLY, "--full-refresh", "--vars", FULL_BUILD_VARS
        )
        steps["full_build"].runs.append(run)
    steps["generate"].events = steps["full_build"].events = raw_events

    # the next day: always from the warehouse as the full build left it
    _copy_database(scratch.warehouse, scratch.snapshot)
    parse_seconds.append(_dbt_parse(scratch, INCREMENTAL_VARS))
    landed: dict[str, int] = {}
    for i in range(repeat_builds):
        if i > 0:
            _copy_database(scratch.snapshot, scratch.warehouse)
        landed = land_new_day(scratch.warehouse)
        _say(f"incremental day ({i + 1}/{repeat_builds})")
        run, _ = _leadflow(scratch, "incremental", "build", *DATA_ONLY, "--vars", INCREMENTAL_VARS)
        steps["incremental"].runs.append(run)
    events_after_day = _raw_events(scratch.warehouse)
    steps["incremental"].events = steps["floor"].events = events_after_day
    recomputed = {"full_build": None, "incremental": _leads_recomputed(scratch.warehouse)}

    # the day after: no new raw data, only the clock moved
    _copy_database(scratch.warehouse, scratch.snapshot)
    parse_seconds.append(_dbt_parse(scratch, CLOCK_MOVED_VARS))
    for i in range(repeat_builds):
        if i > 0:
            _copy_database(scratch.snapshot, scratch.warehouse)
        _say(f"no new data, clock +1 day ({i + 1}/{repeat_builds})")
        run, _ = _leadflow(scratch, "clock_moved", "build", *DATA_ONLY, "--vars", CLOCK_MOVED_VARS)
        steps["clock_moved"].runs.append(run)
    steps["clock_moved"].events = events_after_day
    recomputed["clock_moved"] = _leads_recomputed(scratch.warehouse)

    lead = _lead_with_most_changes(scratch.warehouse)
    for i in range(repeat):
        _say(f"explain {lead} ({i + 1}/{repeat})")
        run, _ = _leadflow(scratch, "explain", "explain", lead)
        steps["explain"].runs.append(run)

    rules_csv = scratch.project / "seeds" / "scoring" / "engagement_rules.csv"
    floor_result: dict = {}
    for i in range(repeat):
        _say(f"engine floor ({i + 1}/{repeat})")
        run, log = _child(
            scratch,
            "floor",
            ["-m", "leadflow.bench", "floor", str(scratch.warehouse), str(rules_csv)],
        )
        steps["floor"].runs.append(run)
        floor_result = json.loads(log.read_text().strip().splitlines()[-1])
    if floor_result["contacts"] < 1:
        raise StepFailed("step 'floor' scored no contacts: the raw events hold none")

    full, incremental = steps["full_build"].wall_seconds, steps["incremental"].wall_seconds
    ratios = {
        "full_build_over_floor": round(full / steps["floor"].wall_seconds, 3),
        "incremental_over_full": round(incremental / full, 4),
        "clock_moved_over_full": round(steps["clock_moved"].wall_seconds / full, 4),
    }
    return {
        "scale": {
            "contacts": contacts,
            "raw_events": raw_events,
            "seed": seed,
            "end_date": END_DATE,
            "day_events": events_after_day - raw_events,
        },
        "machine": _machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "steps": {key: step.as_json() for key, step in steps.items()},
        "ratios": ratios,
        "targets": _targets(contacts, steps, ratios),
        "details": {
            "new_day": landed,
            "leads": _scalar(scratch.warehouse, "select count(*) from intermediate.int_leads"),
            "leads_recomputed": recomputed,
            "explained_lead": lead,
            "floor": floor_result,
            "untimed_dbt_parse_seconds": [round(s, 3) for s in parse_seconds],
            "repeat": repeat,
            "repeat_builds": repeat_builds,
        },
        "_steps": steps,
    }


def run(
    contacts: int,
    *,
    seed: int = 42,
    repeat: int = 3,
    repeat_builds: int = 1,
    out: Path,
    workdir: Path,
    project: Path,
) -> int:
    """The whole benchmark; prints the table, writes the JSON, returns an exit code."""
    if contacts < 1 or repeat < 1 or repeat_builds < 1:
        print(
            "leadflow bench: --contacts, --repeat and --repeat-builds must be at least 1",
            file=sys.stderr,
        )
        return EXIT_ERROR
    scratch = Scratch(project=project.resolve(), workdir=workdir.resolve())
    scratch.workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = _measure(scratch, contacts, seed, repeat, repeat_builds)
    except StepFailed as exc:
        print(f"leadflow bench: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    steps = results.pop("_steps")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    scale = results["scale"]
    print(
        f"leadflow bench: {scale['contacts']:,} contacts, {scale['raw_events']:,} raw events "
        f"(+{scale['day_events']:,} on the incremental day), "
        f"{results['machine']['cpu_count']} CPUs"
    )
    print(steps_table(steps))
    ratios = results["ratios"]
    print(
        f"full build / floor: {ratios['full_build_over_floor']:.1f}x   "
        f"incremental / full build: {ratios['incremental_over_full']:.1%}   "
        f"no new data / full build: {ratios['clock_moved_over_full']:.1%}"
    )
    recomputed = results["details"]["leads_recomputed"]
    print(
        f"leads recomputed: incremental day {recomputed['incremental']:,}, "
        f"no new data {recomputed['clock_moved']:,} (of {results['details']['leads']:,})"
    )
    if contacts >= TARGET_CONTACTS:
        for target in results["targets"].values():
            print(f"{'PASS' if target['passed'] else 'FAIL'}  {target['target']}")
    else:
        print(f"targets are judged at {TARGET_CONTACTS:,} contacts or more")
    print(f"wrote {out}")
    return EXIT_OK


if __name__ == "__main__":
    # `python -m leadflow.bench floor WAREHOUSE RULES_CSV`: the floor query in
    # a process of its own, so its memory is measured apart from the bench's
    if len(sys.argv) != 4 or sys.argv[1] != "floor":
        print("usage: python -m leadflow.bench floor WAREHOUSE RULES_CSV", file=sys.stderr)
        sys.exit(EXIT_ERROR)
    scored, total = floor(Path(sys.argv[2]), Path(sys.argv[3]))
    print(json.dumps({"contacts": scored, "total_score": total}))
