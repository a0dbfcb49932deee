"""The tray's offline outbox: reports and replies written while the server cannot be reached are
kept on disk and sent later, each exactly once.

Every submission gets its idempotency key before the first try, and the key goes with every
resend: when an answer was lost after the server had saved the ticket, the server recognises
the key and saves nothing new. Items are JSON files (written whole, then renamed) under the
user's data directory (platformdirs), one directory per server and user. The user sees each
item's state: queued (with why it is waiting), sent (with the ticket's number) or failed (with
the server's reason; nothing is retried by itself).

A failed item is corrected and sent again as a new item with a new key (the server refused the old
one, and would answer the old key with the same refusal): the copy names the item it replaces, is
written before the first try and hides that item from then on, so a crash at any point leaves
exactly one of the two to act on. Or the user discards it.
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

from PySide6.QtCore import QCoreApplication

from desktop.tray.client import NewAttachment, TrayClient
from shared.errors import HelpdeskError, InvalidTransition, Unreachable
from shared.models.enums import Level
from shared.services.requester import RequesterTicket


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


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
    replaces: str = ""  # the failed item this corrected copy stands for: hidden while this exists

    def text(self) -> str:
        """What the user wrote, whole: for the clipboard, or to start again from."""
        p = self.payload or {}
        if self.kind == "reply":
            return str(p.get("body", ""))
        return "\n\n".join(t for t in (str(p.get("subject", "")), str(p.get("description", ""))) if t)


def new_key() -> str:
    return "tray-" + uuid.uuid4().hex


def default_directory(server: str | None, user_id: int) -> Path:
    import platformdirs

    place = re.sub(r"[^A-Za-z0-9.-]+", "_", server or "local").strip("_")[:80] or "local"
    return platformdirs.user_data_path("helpdesk-tray", appauthor=False) / "outbox" / f"{place}-{user_id}"


def _files(files: list[NewAttachment] | tuple[NewAttachment, ...]) -> list[dict[str, str]]:
    return [{"filename": f.filename, "content_type": f.content_type or "application/octet-stream",
             "data": base64.b64encode(f.data).decode("ascii")} for f in files]


def unfiles(files: list[dict[str, str]]) -> list[NewAttachment]:
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

    @staticmethod
    def _read(path: Path) -> Item | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Item(**(raw | {"state": State(raw["state"])}))
        except (OSError, ValueError, TypeError, KeyError):
            return None  # half-written by a crash: the .tmp never becomes a .json

    def get(self, key: str) -> Item | None:
        item = self._read(self._path(key))
        return None if item is None or self._replaced(item.key) else item

    def _replaced(self, key: str) -> bool:
        return any(i.replaces == key for i in self._all())

    def _all(self) -> list[Item]:
        if not self.directory.is_dir():
            return []
        return [i for i in map(self._read, self.directory.glob("*.json")) if i is not None]

    def items(self) -> list[Item]:
        """Every item, oldest first; an item a corrected copy replaces is not one any more (a crash
        between writing the copy and removing it leaves both on disk)."""
        found = self._all()
        replaced = {i.replaces for i in found if i.replaces}
        return sorted((i for i in found if i.key not in replaced), key=lambda i: (i.created_at, i.key))

    def pending(self) -> int:
        return sum(1 for i in self.items() if i.state == State.QUEUED)

    def report_item(self, key: str, reason: str, *, subject: str, description: str, category_id: int | None,
                    urgency: Level, impact: Level, attachments: list[NewAttachment],
                    snapshot: dict[str, Any] | None, machine_id: int | None, replaces: str = "") -> Item:
        """A queued report, not yet stored (`add_report` stores it; `resend` stores and sends it)."""
        payload = {"subject": subject, "description": description, "category_id": category_id,
                   "urgency": str(urgency), "impact": str(impact), "attachments": _files(attachments),
                   "snapshot": snapshot, "machine_id": machine_id}
        return Item(key, "report", subject, self._clock().isoformat(timespec="seconds"), State.QUEUED,
                    reason=reason, payload=payload, replaces=replaces)

    def reply_item(self, key: str, reason: str, *, ticket_id: int, number: str, body: str,
                   replaces: str = "") -> Item:
        return Item(key, "reply", number, self._clock().isoformat(timespec="seconds"), State.QUEUED,
                    reason=reason, ticket_id=ticket_id, payload={"body": body}, replaces=replaces)

    def add_report(self, key: str, reason: str, **fields: Any) -> Item:
        return self._write(self.report_item(key, reason, **fields))

    def add_reply(self, key: str, reason: str, **fields: Any) -> Item:
        return self._write(self.reply_item(key, reason, **fields))

    def forget_done(self) -> None:
        """Remove the sent items (the user has read them). A failed one holds words the user typed:
        it goes only by `discard`, which the window asks about first."""
        for item in self.items():
            if item.state == State.SENT:
                self._path(item.key).unlink(missing_ok=True)

    def discard(self, key: str) -> None:
        """Remove a failed item for good. Blocks while a flush runs (run it off the GUI thread)."""
        with self._lock:
            self._failed(key)
            self._remove(key)

    def _failed(self, key: str) -> Item:
        """The failed item `key`, or InvalidTransition: a second window may have sent it again or
        discarded it meanwhile, and it must not be sent twice. Only with the lock held."""
        item = self.get(key)
        if item is None or item.state != State.FAILED:
            raise InvalidTransition(_tr("This item was already sent again or discarded."))
        return item

    def _remove(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
        for item in self._all():  # the copies that replaced it have nothing left to hide
            if item.replaces == key:
                self._write(replace(item, replaces=""))

    # --- sending ------------------------------------------------------------------------------------

    def flush(self, client: TrayClient) -> list[Item]:
        """Send the queued items, oldest first, each with its key; stop at the first that cannot
        reach the server (order kept). Returns the items whose state changed. Blocks: run it off
        the GUI thread."""
        changed: list[Item] = []
        with self._lock:
            for copy in self._all():  # a replacement a crash interrupted: finish it
                if copy.replaces:
                    self._remove(copy.replaces)
            for item in self.items():
                if item.state != State.QUEUED or item.payload is None:
                    continue
                try:
                    changed.append(self._attempt(client, item)[0])
                except Unreachable:
                    break
        return changed

    def resend(self, client: TrayClient, item: Item) -> tuple[Item, RequesterTicket | None]:
        """Store `item`, a corrected copy under a new key, in place of the failed item it replaces,
        and try it at once. Returns it as it now is (sent, or still queued when the server cannot
        be reached, to go with the next flush) and the ticket once sent. Raises the server's
        refusal (the copy stays, failed, for the next correction) and InvalidTransition when the
        replaced item is no longer a failed one. Blocks: run it off the GUI thread."""
        assert item.replaces and item.state == State.QUEUED
        with self._lock:  # no flush between storing the copy and its first try: one send, not two
            self._failed(item.replaces)
            self._write(item)
            self._remove(item.replaces)
            item = replace(item, replaces="")
            try:
                return self._attempt(client, item, refusal_raises=True)
            except Unreachable:
                return self.get(item.key) or item, None

    def _attempt(self, client: TrayClient, item: Item, *,
                 refusal_raises: bool = False) -> tuple[Item, RequesterTicket | None]:
        """Send one queued item, the lock held, and store what became of it: a refusal makes it
        failed (and is raised, with `refusal_raises`). Raises Unreachable (it stays queued)."""
        try:
            ticket = self._send(client, item)
        except Unreachable as exc:
            if exc.message != item.reason:
                self._write(replace(item, reason=exc.message))
            raise
        except HelpdeskError as exc:
            failed = self._write(replace(item, state=State.FAILED, reason=exc.message))
            if refusal_raises:
                raise
            return failed, None
        return self._write(replace(item, state=State.SENT, reason="", number=ticket.number,
                                   ticket_id=ticket.id, payload=None)), ticket

    @staticmethod
    def _send(client: TrayClient, item: Item) -> Any:
        p = item.payload or {}
        if item.kind == "reply":
            assert item.ticket_id is not None
            return client.reply(item.ticket_id, p["body"], key=item.key)
        return client.report_problem(subject=p["subject"], description=p["description"],
                                     category_id=p["category_id"], urgency=Level(p["urgency"]),
                                     impact=Level(p["impact"]), attachments=unfiles(p["attachments"]),
                                     key=item.key, snapshot=p["snapshot"], machine_id=p["machine_id"])
