"""run.py test runs the SQLite and PostgreSQL suites side by side: the PostgreSQL run's output comes
whole after the SQLite run's, and either one failing fails the build. Each suite runs on every CPU
(pytest-xdist) unless told otherwise."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("run_py_suites", ROOT / "run.py")
assert spec is not None and spec.loader is not None
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)


def _say(*lines: str, rc: int = 0) -> list[str]:
    body = "; ".join(f"print({line!r}, flush=True)" for line in lines)
    return [sys.executable, "-c", f"import time, sys; {body}; time.sleep(0.2); sys.exit({rc})"]


@pytest.mark.parametrize(("sqlite_rc", "postgres_rc", "expected"), [(0, 0, 0), (1, 0, 1), (0, 3, 3)])
def test_both_suites_run_and_either_failure_fails(capfd: pytest.CaptureFixture[str], sqlite_rc: int,
                                                  postgres_rc: int, expected: int) -> None:
    rc = run.run_suites_side_by_side(_say("sqlite line", rc=sqlite_rc), _say("pg one", "pg two", rc=postgres_rc),
                                     dict(os.environ))
    out = capfd.readouterr().out
    assert rc == expected
    # never interleaved: PostgreSQL's lines follow its heading, after every line of the SQLite run
    assert out.index("sqlite line") < out.index("== Test suite on PostgreSQL ==") < out.index("pg one") \
        < out.index("pg two")
    assert ("PostgreSQL: passed" in out) == (postgres_rc == 0)
    assert ("SQLite: passed" in out) == (sqlite_rc == 0)


@pytest.mark.parametrize(("args", "workers", "expected"), [
    ([], None, ["-n", "logical", "--dist", "loadfile"]),  # a worker per CPU, a file's tests on one worker
    (["-x", "tests/unit"], "3", ["-n", "3", "--dist", "loadfile"]),
    (["-q"], "0", []),  # HELPDESK_TEST_WORKERS=0: one process, as before
    (["-n", "4"], None, []),  # the caller's own choice is left alone
    (["-n4"], None, []),
    (["--numprocesses=2"], None, []),
    (["--dist", "load"], None, []),
    (["-p", "no:xdist"], None, []),
])
def test_each_suite_runs_on_every_cpu_unless_told_otherwise(args: list[str], workers: str | None,
                                                            expected: list[str]) -> None:
    env = {} if workers is None else {"HELPDESK_TEST_WORKERS": workers}
    assert run.parallel_args(args, env, idle=lambda: 1.9) == expected


@pytest.mark.parametrize(("idle", "workers", "expected"), [
    (1.9, None, ["-n", "logical", "--dist", "loadfile"]),  # two CPUs to spare: workers
    (None, None, ["-n", "logical", "--dist", "loadfile"]),  # unknown (no /proc/stat): workers
    (6.5, None, ["-n", "logical", "--dist", "loadfile"]),
    (1.2, None, []),  # less than two CPUs idle: workers would gain nothing, and cost CPU
    (0.1, None, []),
    (0.1, "2", ["-n", "2", "--dist", "loadfile"]),  # HELPDESK_TEST_WORKERS wins over the load
    (0.1, "logical", ["-n", "logical", "--dist", "loadfile"]),
])
def test_workers_only_when_two_cpus_are_idle(idle: float | None, workers: str | None, expected: list[str]) -> None:
    env = {} if workers is None else {"HELPDESK_TEST_WORKERS": workers}
    assert run.parallel_args([], env, idle=lambda: idle) == expected


def test_idle_cpus_are_measured_where_the_system_says() -> None:
    idle = run.idle_cpus(0.2)
    if sys.platform.startswith("linux"):
        assert idle is not None and 0 <= idle <= (os.cpu_count() or 1) + 0.01
    else:
        assert idle is None


def test_the_suites_cache_bytecode_in_the_venv_when_none_may_be_written_beside_the_sources(tmp_path: Path) -> None:
    cache = tmp_path / "pycache"
    env = run.cached_bytecode({"PATH": "/bin", "PYTHONDONTWRITEBYTECODE": "1"}, cache)
    assert env == {"PATH": "/bin", "PYTHONPYCACHEPREFIX": str(cache)}
    # Python's own default (caches beside the sources) and a prefix of the caller's are left alone.
    assert run.cached_bytecode({"PATH": "/bin"}, cache) == {"PATH": "/bin"}
    own = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "/elsewhere"}
    assert run.cached_bytecode(own, cache) == own
    assert run.cached_bytecode({"PYTHONDONTWRITEBYTECODE": ""}, cache) == {"PYTHONDONTWRITEBYTECODE": ""}


def test_a_process_of_the_suites_writes_its_bytecode_to_the_cache(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "probe_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    base = {name: value for name, value in os.environ.items() if name != "PYTHONPYCACHEPREFIX"}  # run.py's own
    env = run.cached_bytecode({**base, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path / "src")},
                              tmp_path / "cache")
    subprocess.run([sys.executable, "-c", "import probe_module"], env=env, check=True)
    assert list((tmp_path / "cache").rglob("probe_module.*.pyc"))
    assert not (tmp_path / "src" / "__pycache__").exists()


def test_a_plain_pytest_caches_bytecode_as_run_py_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import bytecode

    monkeypatch.setattr(sys, "pycache_prefix", sys.pycache_prefix)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    environ = {"PATH": "/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    assert bytecode.keep_bytecode(environ, tmp_path / "cache")
    assert environ == {"PATH": "/bin", "PYTHONPYCACHEPREFIX": str(tmp_path / "cache")}  # for its children
    assert sys.pycache_prefix == str(tmp_path / "cache") and not sys.dont_write_bytecode  # and itself
    own = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "/elsewhere"}
    assert not bytecode.keep_bytecode(own, tmp_path / "cache")
    assert own == {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "/elsewhere"}
    assert not bytecode.keep_bytecode({"PATH": "/bin"}, tmp_path / "cache")


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="outside a venv the suite keeps Python's default")
def test_this_suite_never_runs_without_a_bytecode_cache() -> None:
    # tests/conftest.py did it before the project was imported; the workers inherit it.
    assert not (os.environ.get("PYTHONDONTWRITEBYTECODE") and not os.environ.get("PYTHONPYCACHEPREFIX"))
    assert not sys.dont_write_bytecode or sys.pycache_prefix
