"""The probe's log calls: to the logging package by default, to stderr on the lean resident path."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from agent_probe import plog


@pytest.fixture(autouse=True)
def _back_to_logging() -> Iterator[None]:
    yield
    plog.to_logging()


def test_records_go_to_the_logging_package_by_default(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="agent_probe"):
        plog.getLogger("agent_probe.report.spool").warning("spool %s full (%d reports)", "/x", 3)
        plog.getLogger("agent_probe").info("report %s", "delivered")
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("agent_probe.report.spool", logging.WARNING, "spool /x full (3 reports)"),
        ("agent_probe", logging.INFO, "report delivered"),
    ]
    assert caplog.records[0].funcName == "test_records_go_to_the_logging_package_by_default"


def test_exception_reaches_logging_with_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise OSError("disk full")
    except OSError:
        plog.getLogger("agent_probe").exception("report cycle failed")
    (record,) = caplog.records
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert record.exc_info[1] is not None and str(record.exc_info[1]) == "disk full"


def test_stderr_mode_writes_the_cli_format_from_warning_up(capsys: pytest.CaptureFixture[str]) -> None:
    plog.to_stderr(plog.WARNING)
    log = plog.getLogger("agent_probe.report.cycle")
    log.info("report %s (%d alerts)", "delivered", 0)
    log.debug("hidden")
    log.warning("cannot spool the report (%s)", "read-only")
    log.error("plain %d%%", 5)
    assert capsys.readouterr().err == (
        "helpdesk-probe: WARNING: cannot spool the report (read-only)\nhelpdesk-probe: ERROR: plain 5%\n"
    )


def test_stderr_mode_lists_the_traceback_frames(capsys: pytest.CaptureFixture[str]) -> None:
    plog.to_stderr()

    def collector() -> None:
        raise PermissionError("access denied")

    try:
        collector()
    except PermissionError:
        plog.getLogger("agent_probe").exception("report cycle failed")
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "helpdesk-probe: ERROR: report cycle failed"
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[2].startswith(f'  File "{__file__}", line ')
    assert lines[2].endswith(", in test_stderr_mode_lists_the_traceback_frames")
    assert lines[3].endswith(", in collector")
    assert lines[4] == "PermissionError: access denied"


def test_stderr_mode_names_a_non_builtin_exception_by_module() -> None:
    class Broken(Exception):
        pass

    try:
        raise Broken
    except Broken:
        text = plog.format_current_exception()
    assert text.splitlines()[-1] == f"{__name__}.{Broken.__qualname__}"


def test_stderr_mode_survives_a_missing_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    plog.to_stderr()
    monkeypatch.setattr(sys, "stderr", None)  # pythonw, or a service without a console
    plog.getLogger("agent_probe").warning("nobody reads this")
