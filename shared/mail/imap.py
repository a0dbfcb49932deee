"""Fetching mail over IMAP (imaplib) into tickets.

Each message is fetched with BODY.PEEK (it stays unseen), processed and committed by intake, and
only then moved to the processed folder (or flagged \\Seen when there is none). A crash between the
commit and the move leaves the message in place; the next run finds its `mail_messages` row,
skips the work and moves it. `watch()` waits with IDLE where the server offers it (imaplib in
Python 3.11 has no idle(), so a minimal one is here) and polls otherwise.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import select
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.db.database import Database
from shared.errors import Conflict, HelpdeskError, StorageUnavailable, Unreachable
from shared.i18n import _
from shared.mail import intake
from shared.mail.config import MailConfigError, MailSettings, password, tls_context, untrusted

log = logging.getLogger(__name__)


class MailConnectionError(Unreachable):
    pass


class MailLoginError(HelpdeskError):
    exit_code = 11


@dataclass
class FetchSummary:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        (*intake.OUTCOMES, "deferred"), 0))
    ticket_ids: list[int] = field(default_factory=list)

    def add(self, result: intake.IntakeResult) -> None:
        self.counts[result.outcome] = self.counts.get(result.outcome, 0) + 1
        if result.ticket_id is not None and result.outcome in ("created", "appended", "event"):
            self.ticket_ids.append(result.ticket_id)

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)


def quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect(mail: MailSettings, *, secret: str | None = None) -> imaplib.IMAP4:
    """A logged-in IMAP connection. `secret`: a password to try instead of the stored one (the
    console's "test connection" before saving). Raises MailConfigError, MailConnectionError or
    MailLoginError."""
    if not mail.imap_host:
        raise MailConfigError(_("No IMAP server is set (mail.imap_host or HELPDESK_MAIL_IMAP_HOST)."))
    if not mail.imap_user:
        raise MailConfigError(_("No IMAP user is set (mail.imap_user or HELPDESK_MAIL_IMAP_USER)."))
    secret = secret or password("imap", mail.imap_user)
    if secret is None:
        raise MailConfigError(_("No IMAP password: set HELPDESK_MAIL_IMAP_PASSWORD or store it with "
                                "`keyring set helpdesk-mail imap:{user}`.").format(user=mail.imap_user))
    host, port = mail.imap_host, mail.imap_port or 143
    context = tls_context(mail) if mail.imap_security != "none" else None
    try:
        if mail.imap_security == "ssl":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=mail.imap_timeout)
        else:
            conn = imaplib.IMAP4(host, port, timeout=mail.imap_timeout)
            if mail.imap_security == "starttls":
                try:
                    conn.starttls(ssl_context=context)
                except BaseException:
                    with contextlib.suppress(OSError):
                        conn.shutdown()
                    raise
    except ssl.SSLCertVerificationError as exc:
        raise MailConnectionError(untrusted("IMAP", host, port, exc)) from exc
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailConnectionError(_("Cannot connect to the IMAP server {host}:{port}: {error}").format(
            host=host, port=port, error=exc or type(exc).__name__)) from exc
    try:
        conn.login(mail.imap_user, secret)
        typ, data = conn.capability()  # they may change after login (RFC 3501)
        if typ == "OK" and data and isinstance(data[-1], bytes):
            conn.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())
    except imaplib.IMAP4.error as exc:
        _logout(conn)
        raise MailLoginError(_("The IMAP server refused the login for {user}: {error}").format(
            user=mail.imap_user, error=_text(exc))) from exc
    except OSError as exc:
        raise MailConnectionError(_("The IMAP connection to {host} failed: {error}").format(
            host=host, error=exc)) from exc
    return conn


def _text(exc: BaseException) -> str:
    arg = exc.args[0] if exc.args else exc
    return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)


def _logout(conn: imaplib.IMAP4) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        conn.logout()


def _ensure_folder(conn: imaplib.IMAP4, name: str) -> str | None:
    """The processed folder, created when missing; None (flag \\Seen instead) if that fails."""
    if not name:
        return None
    typ, data = conn.list('""', quote(name))
    if typ == "OK" and data and data[0] is not None:
        return name
    typ, data = conn.create(quote(name))
    if typ == "OK":
        return name
    log.warning("cannot create IMAP folder %r (%s); processed mail will only be flagged \\Seen", name, data)
    return None


def _done(conn: imaplib.IMAP4, uid: str, folder: str | None) -> None:
    if folder is not None:
        if "MOVE" in conn.capabilities:
            typ, _data = conn.uid("MOVE", uid, quote(folder))
            if typ == "OK":
                return
        typ, _data = conn.uid("COPY", uid, quote(folder))
        if typ == "OK":
            conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted \Seen)")
            if "UIDPLUS" in conn.capabilities:
                conn.uid("EXPUNGE", uid)
            else:
                conn.expunge()
            return
    conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)")


def fetch_once(db: Database, mail: MailSettings, *, conn: imaplib.IMAP4 | None = None,
               after_commit: Callable[[str, intake.IntakeResult], None] | None = None) -> FetchSummary:
    """Process the unseen (or, with imap_all_messages, all) messages of the folder in UID order.

    `after_commit` runs between a message's commit and its move (tests inject crashes there).
    Raises MailConnectionError / MailLoginError / MailConfigError, and StorageUnavailable when
    the database is down (the current message stays in the mailbox for the next run).
    """
    own = conn is None
    if conn is None:
        conn = connect(mail)
    summary = FetchSummary()
    try:
        typ, data = conn.select(quote(mail.imap_folder))
        if typ != "OK":
            raise MailConnectionError(_("Cannot open the IMAP folder {folder}: {error}").format(
                folder=mail.imap_folder, error=_text(Exception(*(data or [b"?"])))))
        processed = _ensure_folder(conn, mail.imap_processed_folder)
        typ, data = conn.uid("SEARCH", "ALL" if mail.imap_all_messages else "UNSEEN")
        found = (data[0] or b"").split() if typ == "OK" and data else []
        uids = sorted((u.decode("ascii") for u in found), key=int)
        for uid in uids:
            typ, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts or [] if isinstance(p, tuple) and isinstance(p[1], bytes)), None)
            if typ != "OK" or raw is None:
                continue  # expunged by someone else meanwhile
            try:
                result = intake.process(db, raw, mail)
            except Conflict:
                summary.counts["deferred"] += 1  # someone edited the ticket at that instant: next run
                continue
            summary.add(result)
            log.info("mail %s: %s%s", result.message_id, result.outcome,
                     f" (ticket {result.ticket_id})" if result.ticket_id else "")
            if after_commit is not None:
                after_commit(uid, result)
            _done(conn, uid, processed)
        if processed is not None and "UIDPLUS" not in conn.capabilities:
            conn.expunge()
    except (imaplib.IMAP4.abort, OSError) as exc:
        raise MailConnectionError(_("The IMAP connection was lost: {error}").format(error=_text(exc))) from exc
    except imaplib.IMAP4.error as exc:
        raise MailConnectionError(_("The IMAP server reported an error: {error}").format(error=_text(exc))) from exc
    finally:
        if own:
            _logout(conn)
    return summary


def idle(conn: imaplib.IMAP4, timeout: float, stop: threading.Event | None = None) -> bool:
    """Wait (RFC 2177 IDLE) until new mail arrives, `timeout` passes or `stop` is set.

    Returns True when the server announced new mail.
    """
    tag: bytes = conn._new_tag()
    conn.tagged_commands.pop(tag, None)
    conn.send(tag + b" IDLE\r\n")
    first = conn.readline()
    if not first.startswith(b"+"):
        return False  # refused: the caller polls
    sock = conn.socket()
    deadline = time.monotonic() + timeout
    news = False
    while not (stop is not None and stop.is_set()):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        pending = sock.pending() if isinstance(sock, ssl.SSLSocket) else 0
        readable = pending or select.select([sock], [], [], min(remaining, 0.5))[0]
        if not readable:
            continue
        line = conn.readline()
        if not line:
            raise imaplib.IMAP4.abort("connection closed during IDLE")
        if line.startswith(b"*") and (b"EXISTS" in line or b"RECENT" in line):
            news = True
            break
    conn.send(b"DONE\r\n")
    while True:
        line = conn.readline()
        if not line:
            raise imaplib.IMAP4.abort("connection closed after IDLE")
        if line.startswith(tag + b" "):
            return news


def watch(db: Database, mail: MailSettings, *, stop: threading.Event | None = None,
          on_summary: Callable[[FetchSummary], None] | None = None, retry_seconds: float = 30.0) -> None:
    """Fetch, then wait for more (IDLE or polling), until `stop` is set.

    Connection problems and an unreachable database are logged and retried; a refused login or
    a configuration error ends the loop (raised), since retrying cannot fix them.
    """
    stop = stop or threading.Event()
    while not stop.is_set():
        conn: imaplib.IMAP4 | None = None
        try:
            conn = connect(mail)
            while not stop.is_set():
                summary = fetch_once(db, mail, conn=conn)
                if on_summary is not None:
                    on_summary(summary)
                if "IDLE" in conn.capabilities:
                    idle(conn, min(mail.poll_interval, 25 * 60), stop)
                else:
                    conn.noop()
                    stop.wait(mail.poll_interval)
        except (MailConnectionError, StorageUnavailable, imaplib.IMAP4.abort, OSError) as exc:
            log.warning("mail watch: %s; retrying in %.0f s", exc, retry_seconds)
            stop.wait(retry_seconds)
        finally:
            if conn is not None:
                _logout(conn)
