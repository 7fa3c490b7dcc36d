"""Run leadflow and dbt commands for the tests in processes forked from a warm
one, instead of starting Python afresh for each.

Why: the suite runs leadflow and dbt about 80 times, and a fresh process pays
for its imports and for compiling dbt's Jinja macros (materializations, tests)
before it does any work. A `leadflow run` of a test warehouse with nothing
new took 20.7-21.4 s of CPU in a fresh process and 14.9-17.7 s forked from a
warm one (four runs each, alternating); dbt keeps compiled macro templates in
a process-wide cache. Each command still runs in its own process, with its
own environment, working folder, stdin (empty), stdout, stderr and exit
code, as a user's would; only the interpreter's imports and caches are
inherited. One test still starts `python -m leadflow` itself, as a scheduler
would, to kill it mid-build (test_run.py). Nothing in the standard library or pytest
does this (multiprocessing's forkserver preloads imports only, and cannot
hand back a child's output and exit code as `subprocess.run` does), hence
this module.

The server (`python warm_process.py LOG`) warms up (_warm_up), then reads
one JSON request per line on stdin, forks a child per request and answers
with the child's exit code on its original stdout. Children never touch the
server's pipes.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def _warm_up(folder: Path) -> None:
    """Import what a leadflow command imports, and compile every dbt macro of
    the project (materializations, tests, leadflow's own) into dbt's template
    cache, before any fork. Parsing the project needs no database: the
    warm-up opens none, so no child inherits a DuckDB instance or threads."""
    os.environ["LEADFLOW_WAREHOUSE"] = str(folder / "leadflow.duckdb")
    os.environ["DBT_TARGET_PATH"] = str(folder / "target")
    os.environ["DBT_LOG_PATH"] = str(folder / "logs")
    os.environ["DBT_LOG_LEVEL_FILE"] = "none"
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    # dbt's static parser is native code (dbt-extractor) whose state does not
    # survive a fork: a child that parsed after the warm-up had used it hung
    os.environ["DBT_STATIC_PARSER"] = "false"
    import importlib
    import pkgutil

    import dbt.adapters.duckdb
    import dbt.task
    from dbt.cli.main import dbtRunner
    from dbt_common.clients.jinja import template_cache

    import leadflow

    for package in (dbt.task, dbt.adapters.duckdb, leadflow):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name.endswith("__main__"):  # would run the command
                continue
            with contextlib.suppress(Exception):
                importlib.import_module(module.name)
    from leadflow.project import project_dir

    project = str(project_dir())
    parsed = dbtRunner().invoke(
        ["parse", "--no-write-json", "--project-dir", project, "--profiles-dir", project]
    )
    if parsed.exception is not None or not parsed.success:
        raise SystemExit(f"warm-up `dbt parse` failed: {parsed.exception}")
    for macro in parsed.result.macros.values():
        template_cache.get_node_template(macro)


def _child(request: dict, reply_fd: int) -> None:
    """In the forked child: become the requested command, then exit."""
    os.close(reply_fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    out = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.setpgid(0, 0)
    code = 1
    try:
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        sys.argv = [request["program"], *request["args"]]
        if request["program"] == "leadflow":
            from leadflow.cli import main

            code = main(request["args"])
        else:
            from dbt.cli.main import cli

            cli.main(args=request["args"], prog_name="dbt", standalone_mode=True)
            code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # the child must exit here whatever happens
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def serve() -> None:
    reply_fd = os.dup(1)
    # the warm-up's output goes to the log the client names (it shows it if
    # the warm-up fails), never to the reply pipe
    log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 1)
    os.dup2(log, 2)
    with tempfile.TemporaryDirectory(prefix="leadflow-warm-") as folder:
        saved = dict(os.environ)
        _warm_up(Path(folder))
        os.environ.clear()
        os.environ.update(saved)
    # the children are short dbt commands that allocate millions of small
    # objects: the warm-up's objects are frozen out of the collector's scans,
    # and it runs less often. Measured on a test warehouse's `leadflow run`
    # (four runs each): 16.3 s of CPU with the defaults, 15.4 s frozen, 14.6
    # to 15.1 s frozen with this threshold (443 MiB peak with no collection)
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    os.write(reply_fd, b'{"ready": true}\n')
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, reply_fd)
        deadline = time.monotonic() + request["timeout"]
        timed_out = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                timed_out = True
                try:  # the command and whatever it started
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:  # killed before it made its group
                    os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                break
            time.sleep(0.02)
        reply = {
            "returncode": os.waitstatus_to_exitcode(status),
            "timed_out": timed_out,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
        }
        os.write(reply_fd, (json.dumps(reply) + "\n").encode())


class WarmProcess:
    """The client: one server per test process (pytest-xdist worker),
    started on first use. `run` has subprocess.run's result and timeout."""

    def __init__(self) -> None:
        self._server: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._folder = Path(tempfile.mkdtemp(prefix="leadflow-warm-out-"))
        self._count = 0

    def _start(self) -> subprocess.Popen:
        if self._server is None or self._server.poll() is not None:
            log = self._folder / "server.log"
            server = subprocess.Popen(
                [sys.executable, __file__, str(log)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
            ready = server.stdout.readline()
            if not ready:
                raise RuntimeError(
                    "the warm leadflow process failed to start:\n" + log.read_text()[-4000:]
                )
            self._server = server
        return self._server

    def run(
        self,
        program: str,
        args: list[str],
        *,
        env: dict[str, str],
        cwd: Path,
        timeout: float,
    ) -> subprocess.CompletedProcess:
        with self._lock:
            server = self._start()
            self._count += 1
            stdout = self._folder / f"{self._count}.out"
            stderr = self._folder / f"{self._count}.err"
            argv = [sys.executable, "-m", "leadflow" if program == "leadflow" else "dbt.cli.main"]
            request = {
                "program": program,
                "args": list(args),
                "env": dict(env),
                "cwd": str(cwd),
                "stdout": str(stdout),
                "stderr": str(stderr),
                "timeout": timeout,
            }
            server.stdin.write(json.dumps(request) + "\n")
            server.stdin.flush()
            reply = server.stdout.readline()
            if not reply:
                raise RuntimeError("the warm leadflow process died")
            answer = json.loads(reply)
            out, err = stdout.read_text(), stderr.read_text()
            stdout.unlink()
            stderr.unlink()
        command = [*argv, *args]
        if os.environ.get("LEADFLOW_TEST_COMMAND_LOG"):
            self._log_command(program, args, answer, out)
        if answer["timed_out"]:
            raise subprocess.TimeoutExpired(command, timeout, output=out, stderr=err)
        return subprocess.CompletedProcess(command, answer["returncode"], out, err)

    @staticmethod
    def _log_command(program: str, args: list[str], answer: dict, out: str) -> None:
        """One JSON line per command in $LEADFLOW_TEST_COMMAND_LOG: which
        test ran it, its CPU time, and whether dbt parsed the whole project
        (how the README's figures for the suite were measured)."""
        line = {
            "test": os.environ.get("PYTEST_CURRENT_TEST", ""),
            "command": [program, *args[:1]],
            "cpu_seconds": round(answer["cpu_seconds"], 2),
            "whole_parse": "Unable to do partial parsing" in out,
        }
        with open(os.environ["LEADFLOW_TEST_COMMAND_LOG"], "a") as log:
            log.write(json.dumps(line) + "\n")

    def close(self) -> None:
        if self._server is not None and self._server.poll() is None:
            self._server.stdin.close()
            self._server.wait(timeout=30)
        import shutil

        shutil.rmtree(self._folder, ignore_errors=True)


if __name__ == "__main__":
    serve()
