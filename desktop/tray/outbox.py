"""The tray's offline outbox: reports and replies written while the server cannot be reached are
kept on disk and sent later, each exactly once.

Every submission gets its idempotency key before the first try, and the key goes with every
resend: when an answer was lost after the server had saved the ticket, the server recognises
the key and saves nothing new. Items are JSON files (written whole, then renamed) under the
user's data directory (platformdirs), one directory per server and user. The user sees each
item's state: queued (with why it is waiting), sent (with the ticket's number) or failed (with
the server's reason; nothing will be retried).
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.tray.client import NewAttachment, TrayClient
from shared.errors import HelpdeskError, Unreachable
from shared.models.enums import Level


class State(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class Item:
    key: str
    kind: str  # "report" or "reply"
    title: str  # the subject, or the ticket number replied to
    created_at: str  # UTC ISO-8601
    state: State
    reason: str = ""  # queued: why it waits; failed: the server's refusal
    number: str = ""  # the ticket, once sent
    ticket_id: int | None = None
    payload: dict[str, Any] | None = None  # what to send; dropped once sent


def new_key() -> str:
    return "tray-" + uuid.uuid4().hex


def default_directory(server: str | None, user_id: int) -> Path:
    import platformdirs

    place = re.sub(r"[^A-Za-z0-9.-]+", "_", server or "local").strip("_")[:80] or "local"
    return platformdirs.user_data_path("helpdesk-tray", appauthor=False) / "outbox" / f"{place}-{user_id}"


def _files(files: list[NewAttachment] | tuple[NewAttachment, ...]) -> list[dict[str, str]]:
    return [{"filename": f.filename, "content_type": f.content_type or "application/octet-stream",
             "data": base64.b64encode(f.data).decode("ascii")} for f in files]


def _unfiles(files: list[dict[str, str]]) -> list[NewAttachment]:
    return [NewAttachment(f["filename"], f["content_type"], base64.b64decode(f["data"])) for f in files]


class Outbox:
    def __init__(self, directory: Path, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.directory, self._clock = directory, clock
        self._lock = threading.Lock()  # one flush at a time: an item is never sent by two threads

    # --- storing ------------------------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def _write(self, item: Item) -> Item:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = self.directory / f".{item.key}.tmp"
        data = asdict(item) | {"state": str(item.state)}
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self._path(item.key))
        return item

    def items(self) -> list[Item]:
        """Every item, oldest first."""
        found = []
        if self.directory.is_dir():
            for path in self.directory.glob("*.json"):
                try:
                    raw = json.loads(path.read_text(encoding="utf-8"))
                    found.append(Item(**(raw | {"state": State(raw["state"])})))
                except (OSError, ValueError, TypeError, KeyError):
                    continue  # half-written by a crash: the .tmp never becomes a .json
        return sorted(found, key=lambda i: (i.created_at, i.key))

    def pending(self) -> int:
        return sum(1 for i in self.items() if i.state == State.QUEUED)

    def add_report(self, key: str, reason: str, *, subject: str, description: str, category_id: int | None,
                   urgency: Level, impact: Level, attachments: list[NewAttachment],
                   snapshot: dict[str, Any] | None, machine_id: int | None) -> Item:
        payload = {"subject": subject, "description": description, "category_id": category_id,
                   "urgency": str(urgency), "impact": str(impact), "attachments": _files(attachments),
                   "snapshot": snapshot, "machine_id": machine_id}
        return self._write(Item(key, "report", subject, self._clock().isoformat(timespec="seconds"), State.QUEUED,
                                reason=reason, payload=payload))

    def add_reply(self, key: str, reason: str, *, ticket_id: int, number: str, body: str) -> Item:
        return self._write(Item(key, "reply", number, self._clock().isoformat(timespec="seconds"), State.QUEUED,
                                reason=reason, ticket_id=ticket_id, payload={"body": body}))

    def forget_done(self) -> None:
        """Remove sent and failed items (the user has read them)."""
        for item in self.items():
            if item.state != State.QUEUED:
                self._path(item.key).unlink(missing_ok=True)

    # --- sending ------------------------------------------------------------------------------------

    def flush(self, client: TrayClient) -> list[Item]:
        """Send the queued items, oldest first, each with its key; stop at the first that cannot
        reach the server (order kept). Returns the items whose state changed. Blocks: run it off
        the GUI thread."""
        changed: list[Item] = []
        with self._lock:
            for item in self.items():
                if item.state != State.QUEUED or item.payload is None:
                    continue
                try:
                    ticket = self._send(client, item)
                except Unreachable as exc:
                    if exc.message != item.reason:
                        self._write(replace(item, reason=exc.message))
                    break
                except HelpdeskError as exc:
                    changed.append(self._write(replace(item, state=State.FAILED, reason=exc.message)))
                    continue
                changed.append(self._write(replace(item, state=State.SENT, reason="", number=ticket.number,
                                                   ticket_id=ticket.id, payload=None)))
        return changed

    @staticmethod
    def _send(client: TrayClient, item: Item) -> Any:
        p = item.payload or {}
        if item.kind == "reply":
            assert item.ticket_id is not None
            return client.reply(item.ticket_id, p["body"], key=item.key)
        return client.report_problem(subject=p["subject"], description=p["description"],
                                     category_id=p["category_id"], urgency=Level(p["urgency"]),
                                     impact=Level(p["impact"]), attachments=_unfiles(p["attachments"]),
                                     key=item.key, snapshot=p["snapshot"], machine_id=p["machine_id"])
