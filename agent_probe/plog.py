"""The probe's log calls, without the ``logging`` package on the resident path.

``import logging`` costs the resident probe about 1.1 MB of RSS for its whole life (it brings
traceback, linecache, tokenize, string, weakref, ...), for the handful of warnings a healthy probe
never writes. So the modules the reporting cycle imports log through this one:

- by default a record goes to ``logging.getLogger(name)``, imported at the first record: the
  one-shot commands (``logging.basicConfig`` in agent_probe/cli.py), the Windows service's file and
  Event Log handlers (service/body.py) and pytest's caplog see exactly what they saw before;
- the lean ``helpdesk-probe run`` (agent_probe/main.py) calls ``to_stderr()`` instead: records at
  WARNING and above go to stderr in the format the CLI configures for ``logging``, which systemd
  puts in the journal, and ``logging`` is never imported.
"""

from __future__ import annotations

import sys

DEBUG = 10
INFO = 20
WARNING = 30
ERROR = 40
_LEVEL_NAMES = {DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARNING", ERROR: "ERROR"}

# None: hand every record to the logging package. A level: write records at or above it to stderr.
_stderr_level: int | None = None


def to_stderr(level: int = WARNING) -> None:
    """Write records at ``level`` and above to stderr, without importing ``logging``."""
    global _stderr_level
    _stderr_level = level


def to_logging() -> None:
    """Hand records to the logging package again (the default)."""
    global _stderr_level
    _stderr_level = None


class Logger:
    """The subset of ``logging.Logger`` the probe uses; same call signatures."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def debug(self, msg: str, *args: object, exc_info: bool = False) -> None:
        self._log(DEBUG, msg, args, exc_info)

    def info(self, msg: str, *args: object, exc_info: bool = False) -> None:
        self._log(INFO, msg, args, exc_info)

    def warning(self, msg: str, *args: object, exc_info: bool = False) -> None:
        self._log(WARNING, msg, args, exc_info)

    def error(self, msg: str, *args: object, exc_info: bool = False) -> None:
        self._log(ERROR, msg, args, exc_info)

    def exception(self, msg: str, *args: object) -> None:
        self._log(ERROR, msg, args, True)

    def _log(self, level: int, msg: str, args: tuple[object, ...], exc_info: bool) -> None:
        threshold = _stderr_level
        if threshold is None:
            import logging

            # stacklevel 3: the record names the probe's function, not this wrapper.
            logging.getLogger(self.name).log(level, msg, *args, exc_info=exc_info, stacklevel=3)
            return
        if level < threshold:
            return
        text = msg % args if args else msg
        if exc_info:
            text += "\n" + format_current_exception()
        try:
            sys.stderr.write(f"helpdesk-probe: {_LEVEL_NAMES.get(level, str(level))}: {text}\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):  # no stderr (pythonw), or closed: as logging does, go on
            pass


def getLogger(name: str) -> Logger:
    return Logger(name)


def format_current_exception() -> str:
    """The exception being handled, as a traceback without source lines.

    The ``traceback`` module would read the source through linecache and tokenize (0.3 MB for the
    rest of the process's life); file, line and function are what a bug report needs."""
    exc = sys.exc_info()[1]
    if exc is None:
        return "NoneType: None"
    lines = ["Traceback (most recent call last):"]
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        lines.append(f'  File "{code.co_filename}", line {tb.tb_lineno}, in {code.co_name}')
        tb = tb.tb_next
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    detail = str(exc)
    lines.append(f"{name}: {detail}" if detail else name)
    return "\n".join(lines)
