"""The `leadflow` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb

from leadflow import __version__
from leadflow.runner import DATA_ONLY, EXIT_ERROR, EXIT_FAILURE, EXIT_OK, run_dbt, targets_spark

DEMO_CONTACTS = 5_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadflow",
        description="Lead lifecycle and lead scoring warehouse (dbt on DuckDB).",
    )
    parser.add_argument("--version", action="version", version=f"leadflow {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = commands.add_parser("generate", help="write synthetic raw data into schema raw")
    gen.add_argument("--contacts", type=int, required=True, help="number of contacts")
    gen.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    gen.add_argument("--days", type=int, default=365, help="days of history (default 365)")
    gen.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="last day of history, YYYY-MM-DD (default today, UTC)",
    )
    gen.add_argument(
        "--append", action="store_true", help="add to the raw tables instead of replacing them"
    )

    load = commands.add_parser(
        "load", help="load CSV/Parquet exports (one file per raw table) into schema raw"
    )
    load.add_argument("directory", type=Path, help="folder holding contacts.csv, ...")
    load.add_argument(
        "--replace", action="store_true", help="empty each loaded table first (default: append)"
    )

    commands.add_parser(
        "land-spark",
        help="copy the warehouse's raw tables into Spark's raw database (for tests and "
        "demos of the spark target; needs the spark extra and Java)",
    )

    build = commands.add_parser("build", help="run `dbt build` against the warehouse")
    build.add_argument("dbt_args", nargs=argparse.REMAINDER, help="extra dbt arguments")

    run = commands.add_parser(
        "run",
        help="scheduled run: freshness, build, test, then publish to the serving database",
    )
    run.add_argument("--full-refresh", action="store_true", help="rebuild everything from raw")
    run.add_argument("dbt_args", nargs=argparse.REMAINDER, help="extra dbt arguments")

    explain = commands.add_parser(
        "explain", help="why a lead is where it is: identity, stage timeline, score breakdown"
    )
    explain.add_argument("lead", help="a contact id (merged-away ids work) or an email")

    report = commands.add_parser(
        "report", help="write a self-contained HTML funnel report from the marts"
    )
    report.add_argument(
        "--out", type=Path, default=Path("report.html"), help="output file (default report.html)"
    )

    cal = commands.add_parser(
        "calibrate",
        help="learn point weights and thresholds from the warehouse's outcomes; "
        "propose seeds (nothing changes without --apply)",
        description="Learn point weights and MQL/SQL thresholds from the warehouse's own "
        "outcomes. Each lead is judged at a decision point with features from its history "
        "strictly before it; the earlier leads train a logistic regression, the later ones "
        "judge it. Writes proposed seeds, a diff and a report to --out; --apply also writes "
        "them into the project. Defaults come from the score_quality_* vars.",
    )
    cal.add_argument(
        "--decision",
        choices=("lead", "mql"),
        default="lead",
        help="decision point: --decision-days after becoming a lead (default), or the MQL moment",
    )
    cal.add_argument(
        "--decision-days",
        type=int,
        default=None,
        help="days after becoming a lead (default: var score_quality_decision_days)",
    )
    cal.add_argument(
        "--horizon-days",
        type=int,
        default=None,
        help="days after the decision point an outcome counts "
        "(default: var score_quality_horizon_days)",
    )
    cal.add_argument(
        "--outcome",
        choices=("sql", "opportunity", "customer"),
        default=None,
        help="stage that counts as converting (default: var score_quality_outcome_stage)",
    )
    cal.add_argument(
        "--split-date",
        type=date.fromisoformat,
        default=None,
        help="leads that became leads before this date train, the rest judge "
        "(default: the oldest 70%% train)",
    )
    cal.add_argument(
        "--mql-share",
        type=float,
        default=None,
        help="share of leads the proposed MQL threshold should pass (default: today's)",
    )
    cal.add_argument(
        "--min-outcomes",
        type=int,
        default=None,
        help="fewest converted training leads to learn from (default 30)",
    )
    cal.add_argument(
        "--out",
        type=Path,
        default=Path("calibration"),
        help="folder for the proposal (default calibration/)",
    )
    cal.add_argument(
        "--apply",
        action="store_true",
        help="write the proposed seeds and threshold vars into the project",
    )
    cal.add_argument(
        "--force",
        action="store_true",
        help="with --apply: apply even a proposal that ranks the held-out leads no better "
        "than the current weights",
    )

    demo = commands.add_parser("demo", help="generate demo data, build, print a summary")
    demo.add_argument("--contacts", type=int, default=DEMO_CONTACTS)
    demo.add_argument("--seed", type=int, default=42)

    bench = commands.add_parser(
        "bench",
        help="time generate, full build, an incremental day, explain and an SQL floor "
        "on generated data, in a scratch warehouse",
    )
    bench.add_argument("--contacts", type=int, required=True, help="number of contacts")
    bench.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    bench.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of explain and the floor query; the median is reported (default 3)",
    )
    bench.add_argument(
        "--repeat-builds",
        type=int,
        default=1,
        help="runs of generate, full build and incremental day (default 1)",
    )
    bench.add_argument(
        "--out", type=Path, default=None, help="results JSON (default bench/results.json)"
    )
    bench.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="scratch folder for the benchmark's own warehouse (default bench/out/)",
    )
    return parser


def _generate(contacts: int, seed: int, days: int, end_date: date | None, replace: bool) -> int:
    from leadflow.generate import generate
    from leadflow.project import connect

    if contacts < 1:
        print("leadflow generate: --contacts must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    con = connect()
    try:
        counts = generate(
            con, contacts=contacts, seed=seed, days=days, end_date=end_date, replace=replace
        )
    finally:
        con.close()
    for table, rows in counts.items():
        print(f"raw.{table}: {rows:,} rows")
    return EXIT_OK


def _load(directory: Path, replace: bool) -> int:
    from leadflow.load import LoadError, load_directory
    from leadflow.project import connect

    con = connect()
    try:
        counts = load_directory(con, directory, replace=replace)
    except LoadError as exc:
        print(f"leadflow load: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        con.close()
    for table, rows in counts.items():
        print(f"raw.{table}: {rows:,} rows {'loaded' if replace else 'appended'}")
    return EXIT_OK


def _no_warehouse(command: str) -> bool:
    """True (after saying so) when the warehouse file does not exist yet."""
    from leadflow.project import warehouse_path

    if warehouse_path().exists():
        return False
    print(
        f"leadflow {command}: no warehouse at {warehouse_path()}: run `leadflow build`",
        file=sys.stderr,
    )
    return True


def _land_spark() -> int:
    from leadflow.project import warehouse_path

    warehouse = warehouse_path()
    if _no_warehouse("land-spark"):
        return EXIT_FAILURE
    try:
        from leadflow.spark import land_raw
    except ImportError as exc:
        print(
            f"leadflow land-spark: {exc.name} is missing: pip install -e '.[spark]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    for table, rows in land_raw(warehouse).items():
        print(f"spark raw.{table}: {rows:,} rows")
    return EXIT_OK


def _build(dbt_args: Sequence[str]) -> int:
    from leadflow.load import ensure_raw_tables
    from leadflow.project import connect

    problems = []
    if not targets_spark(dbt_args):
        con = connect()
        try:
            problems = ensure_raw_tables(con)
        finally:
            con.close()
    if problems:
        print("leadflow build: nothing was built:\n" + "\n".join(problems), file=sys.stderr)
        return EXIT_FAILURE
    args = list(dbt_args)
    if args[:1] == ["--"]:
        args = args[1:]
    return run_dbt(["build", *args])


def _explain(needle: str) -> int:
    from leadflow import explain
    from leadflow.project import connect

    if _no_warehouse("explain"):
        return EXIT_FAILURE
    con = connect(read_only=True)
    try:
        print(explain.render(con, needle))
    except explain.UnknownLead as exc:
        print(f"leadflow explain: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except duckdb.CatalogException:
        print(
            "leadflow explain: the warehouse has no marts yet: run `leadflow build`",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        con.close()
    return EXIT_OK


def _report(out: Path) -> int:
    from leadflow.project import warehouse_path
    from leadflow.report import write_report

    warehouse = warehouse_path()
    if _no_warehouse("report"):
        return EXIT_FAILURE
    try:
        charts = write_report(warehouse, out)
    except duckdb.CatalogException as exc:
        print(
            f"leadflow report: the marts are not built yet ({exc}): run `leadflow build`",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    print(f"wrote {out} ({charts} charts)")
    return EXIT_OK


def _demo(contacts: int, seed: int) -> int:
    from leadflow import summary
    from leadflow.project import connect

    code = _generate(contacts, seed, 365, None, replace=True)
    if code != EXIT_OK:
        return code
    # models and data tests, as a scheduled run builds them: the unit tests
    # check the code, not the data, and `make test` runs them
    code = _build(list(DATA_ONLY))
    if code != EXIT_OK:
        print("leadflow demo: dbt build failed", file=sys.stderr)
        return code
    # dbt's DuckDB adapter keeps its database open in this process; a second
    # connection must use the same configuration, so not read-only here
    con = connect()
    try:
        print()
        print(summary.render(con))
    finally:
        con.close()
    return EXIT_OK


def _calibrate(args: argparse.Namespace) -> int:
    from leadflow import calibrate
    from leadflow.project import connect, project_dir

    if _no_warehouse("calibrate"):
        return EXIT_FAILURE
    project = project_dir()
    config = calibrate.project_vars(project)
    settings = calibrate.Settings(
        decision=args.decision,
        decision_days=(
            args.decision_days
            if args.decision_days is not None
            else int(config["score_quality_decision_days"])
        ),
        horizon_days=(
            args.horizon_days
            if args.horizon_days is not None
            else int(config["score_quality_horizon_days"])
        ),
        outcome=args.outcome or config["score_quality_outcome_stage"],
        split_date=args.split_date,
        min_outcomes=(
            args.min_outcomes if args.min_outcomes is not None else calibrate.MIN_OUTCOMES
        ),
        mql_share=args.mql_share,
    )
    con = connect(read_only=True)
    try:
        report = calibrate.calibrate(con, project, settings, args.out)
    except calibrate.CalibrationError as exc:
        print(f"leadflow calibrate: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except duckdb.CatalogException:
        print(
            "leadflow calibrate: the warehouse has no marts yet: run `leadflow build`",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        con.close()
    print(calibrate.render_text(report, args.out))
    if args.apply and not calibrate.ranks_better(report) and not args.force:
        print(
            "leadflow calibrate: not applied: the proposal ranks the held-out leads no better "
            "than the current weights; keep them, or rerun with --apply --force",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    if args.apply:
        calibrate.apply(project, report["_proposal"], report["thresholds"]["proposed"])
        print(
            f"applied to {project}: seeds and threshold vars written; the next "
            "`leadflow build` or `leadflow run` rescores every lead"
        )
    else:
        print("nothing in the project changed: review changes.diff, then rerun with --apply")
    return EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    from leadflow import bench
    from leadflow.project import project_dir

    project = project_dir()
    return bench.run(
        args.contacts,
        seed=args.seed,
        repeat=args.repeat,
        repeat_builds=args.repeat_builds,
        out=args.out or project / bench.DEFAULT_RESULTS,
        workdir=args.workdir or project / bench.DEFAULT_WORKDIR,
        project=project,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    # dbt's own options pass through `leadflow build` untouched
    args, passthrough = parser.parse_known_args(argv)
    if passthrough and args.command not in ("build", "run"):
        parser.error(f"unrecognized arguments: {' '.join(passthrough)}")
    try:
        if args.command == "generate":
            return _generate(args.contacts, args.seed, args.days, args.end_date, not args.append)
        if args.command == "load":
            return _load(args.directory, args.replace)
        if args.command == "land-spark":
            return _land_spark()
        if args.command == "build":
            return _build([*passthrough, *args.dbt_args])
        if args.command == "run":
            from leadflow.scheduled import run

            extra = [*passthrough, *args.dbt_args]
            code = run(
                full_refresh=args.full_refresh, dbt_args=extra[1:] if extra[:1] == ["--"] else extra
            )
            if code == 3:
                print(
                    "leadflow run: another run is in progress; this one did nothing",
                    file=sys.stderr,
                )
            return code
        if args.command == "explain":
            return _explain(args.lead)
        if args.command == "report":
            return _report(args.out)
        if args.command == "demo":
            return _demo(args.contacts, args.seed)
        if args.command == "bench":
            return _bench(args)
        if args.command == "calibrate":
            return _calibrate(args)
    except KeyboardInterrupt:
        return EXIT_ERROR
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
