"""What the probe service does once started, on any system: the reporting loop, stopped cleanly.

systemd runs plain `helpdesk-probe run` (it stops the process with SIGTERM, and logs stderr to the
journal); the Windows service calls `serve` from the SCM's thread, with a stop event the SCM sets,
and logs to a rotating file beside the probe's state and to the Event Log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "probe.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("agent_probe.service")


class Stopped(Exception):
    """Raised from the loop's sleep when the service is told to stop: it ends run_loop between two
    reports, never in the middle of one."""


def stoppable_sleep(stop: threading.Event) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        if stop.wait(seconds):
            raise Stopped

    return sleep


def file_handler(home: Path) -> logging.Handler:
    """A rotating log of the service (1 MB, 3 old files); only the service writes it."""
    home.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(home / LOG_FILE, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


def serve(stop: threading.Event, home: Path, interval: float, handlers: Iterable[logging.Handler]) -> int:
    """Report every `interval` seconds until `stop` is set; 0 when stopped, 1 when it cannot run
    (not enrolled, unreadable state): the reason is in the logs."""
    from agent_probe.main import UserError, reporting, run_loop

    logger = logging.getLogger("agent_probe")
    attached = list(handlers)
    for handler in attached:
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        try:
            client, spool = reporting()
        except UserError as exc:
            log.error("%s", exc)
            return 1
        log.info("probe service started in %s, reporting every %g s", home, interval)
        try:
            run_loop(client, spool, interval, sleep=stoppable_sleep(stop), home=home)
        except Stopped:
            log.info("probe service stopped")
        return 0
    finally:
        for handler in attached:
            logger.removeHandler(handler)
            handler.close()
