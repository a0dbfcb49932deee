"""An on-disk queue of reports: every report is written here before its first send attempt and
deleted only once the server answered, so a kill or power cut during an outage loses nothing.

One JSON file per report, written to a temp file, fsynced, then ``os.replace``d (and the folder
fsynced), so a crash or power cut leaves either the whole report or nothing. File names start
with a sequence number (one more than the newest pending report's), so a name sort is oldest-first
whatever the clock's resolution. Reports the server refuses (4xx) go
to ``rejected/`` and unreadable files to ``corrupt/``: kept for a human to look at, never retried
forever, never silently lost.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from agent_probe import plog
from agent_probe.collect.common import JSON_OBJECT, RawJson, json_shape

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import Any

log = plog.getLogger(__name__)

SUFFIX = ".json"


class RejectedError(Exception):
    """Raised by a replay ``send`` callback when the server refused this report for good."""


class UnavailableError(Exception):
    """Raised by a replay ``send`` callback when the server cannot be reached: stop replaying."""


class ReplayResult:
    __slots__ = ("corrupt", "delivered", "rejected", "remaining")

    def __init__(self) -> None:
        self.delivered = self.rejected = self.corrupt = self.remaining = 0

    def __repr__(self) -> str:
        return (
            f"ReplayResult(delivered={self.delivered}, rejected={self.rejected}, "
            f"corrupt={self.corrupt}, remaining={self.remaining})"
        )


class Spool:
    """Bounded: past ``max_files`` the OLDEST report is dropped (and logged): a recent state beats an old one.

    2,000 files at one report every 15 minutes is three weeks offline, far beyond a typical laptop
    trip; the bound only protects the disk from a probe stuck offline for months.
    """

    def __init__(self, directory: Path, *, max_files: int = 2000, max_rejected: int = 200) -> None:
        self.directory = directory
        self.max_files = max_files
        # A revoked machine token makes every report a 401: keep enough to diagnose, not a full disk.
        self.max_rejected = max_rejected

    @property
    def rejected_dir(self) -> Path:
        return self.directory / "rejected"

    @property
    def corrupt_dir(self) -> Path:
        return self.directory / "corrupt"

    def put(self, payload: Mapping[str, Any]) -> Path:
        """Store one report durably and return its path."""
        path = self._write(self.directory, payload)
        self._enforce_bound(self.directory, self.max_files)
        return path

    def reject(self, payload: Mapping[str, Any], reason: str) -> Path:
        """Keep a report the server refused, with the reason, for a human to inspect."""
        path = self._write(self.rejected_dir, {"reason": reason, "report": RawJson(encode(payload).decode("utf-8"))})
        self._enforce_bound(self.rejected_dir, self.max_rejected)
        return path

    def pending(self) -> list[Path]:
        return _reports(self.directory)

    def replay(self, send: Callable[[bytes], None]) -> ReplayResult:
        """Send spooled reports oldest first; stop at the first ``UnavailableError`` to keep the order.
        ``send`` gets the file's JSON as it is: checked here to be a JSON object (else the file is
        moved to ``corrupt/``), and not serialized a second time."""
        result = ReplayResult()
        queue = self.pending()
        for index, path in enumerate(queue):
            try:
                data = path.read_bytes()
                if not is_json_object(data):
                    raise ValueError("not a JSON object")
            except (ValueError, UnicodeDecodeError) as exc:
                log.warning("spooled report %s is unreadable (%s): moved aside", path.name, exc)
                self._move(path, self.corrupt_dir)
                result.corrupt += 1
                continue
            except FileNotFoundError:
                continue  # another probe process replayed it meanwhile
            try:
                send(data)
            except RejectedError as exc:
                self._move(path, self.rejected_dir, reason=str(exc))
                self._enforce_bound(self.rejected_dir, self.max_rejected)
                result.rejected += 1
                continue
            except UnavailableError:
                result.remaining = len(queue) - index
                return result
            path.unlink(missing_ok=True)
            result.delivered += 1
        return result

    def _write(self, directory: Path, payload: Mapping[str, Any]) -> Path:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        # A sequence number first: Windows' clock ticks every ~16 ms and any clock can step back, so
        # a timestamp alone put two quick reports in random order. The time and random part only
        # keep two processes writing at once from picking the same name.
        name = f"{_next_sequence(directory):012d}-{time.time_ns():020d}-{os.urandom(4).hex()}"
        final = directory / f"{name}{SUFFIX}"
        temp = directory / f".{name}.tmp"  # not *.json: a half-written file is never replayed
        with temp.open("wb") as handle:
            handle.write(encode(payload))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
        _sync_directory(directory)  # the rename itself survives a power cut only once its directory is synced
        return final

    def _move(self, path: Path, directory: Path, *, reason: str | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.replace(path, directory / path.name)
        except FileNotFoundError:
            return
        if reason:
            (directory / f"{path.stem}.reason.txt").write_text(reason, encoding="utf-8")

    def _enforce_bound(self, directory: Path, limit: int) -> None:
        reports = _reports(directory)
        for path in reports[: max(0, len(reports) - limit)]:
            log.warning("%s full (%d reports): dropping the oldest, %s", directory, limit, path.name)
            path.unlink(missing_ok=True)
            path.with_name(f"{path.stem}.reason.txt").unlink(missing_ok=True)


def is_json_object(data: bytes) -> bool:
    """Whether ``data`` (UTF-8, as the spool writes it) is one JSON object, checked without holding it
    as objects (common.json_shape). Raises ValueError (UnicodeDecodeError included) when it is not
    JSON at all."""
    return json_shape(data.decode("utf-8")) is JSON_OBJECT


def encode(payload: Mapping[str, Any]) -> bytes:
    """``payload`` as compact UTF-8 JSON; its RawJson values are written as they are (after the others)."""
    rest = {key: value for key, value in payload.items() if not isinstance(value, RawJson)}
    text = json.dumps(rest, separators=(",", ":"))
    if len(rest) < len(payload):
        raw = [f"{json.dumps(key)}:{value}" for key, value in payload.items() if isinstance(value, RawJson)]
        text = text[:-1] + ("," if rest else "") + ",".join(raw) + "}"
    return text.encode("utf-8")


def _sync_directory(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename itself
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _next_sequence(directory: Path) -> int:
    """One more than the highest sequence number in ``directory`` (1 when none is there)."""
    highest = 0
    for path in _reports(directory):
        head = path.name.split("-", 1)[0]
        if not _is_legacy(path.name) and head.isdigit():
            highest = max(highest, int(head))
    return highest + 1


def _reports(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    reports = (path for path in directory.iterdir() if path.suffix == SUFFIX and path.is_file())
    # Reports spooled by an older probe (a bare 20-digit timestamp) are older than any numbered one.
    return sorted(reports, key=lambda path: (not _is_legacy(path.name), path.name))


def _is_legacy(name: str) -> bool:
    return len(name.split("-", 1)[0]) == 20
