"""`HttpClient`: the tray's `TrayClient` for a team deployment, over the server's `/api/v1/tray` routes.

The session token lives in this object only. When the user ticks "remember me" it also goes into
the OS keyring (service ``helpdesk-tray``, one entry per server), never into a file.

Every HTTP refusal becomes the core's `HelpdeskError` its `code` names, so the desktop's one
`show_error` presents it unchanged; a server that cannot be reached is a `ServerUnavailable`
(an `Unreachable`: nothing was saved, or for a timeout perhaps). Tickets come back as the same
`RequesterTicket` / `RequesterTicketRow` the local client returns: the API's schemas carry exactly
their fields. Files travel base64-encoded inside the JSON body.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication

from shared.auth.permissions import Actor
from shared.errors import (
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    HelpdeskError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SecondFactorRequired,
    Unreachable,
    ValidationFailed,
    error_classes,
)
from shared.http.schemas import TicketOut, TicketSummaryOut
from shared.models.enums import ArticleStatus, EntryKind, Level, Priority, Role, Status
from shared.net import is_loopback
from shared.services import kb
from shared.services.catalog import CategoryView
from shared.services.dto import AttachmentView
from shared.services.kb import ArticleView
from shared.services.requester import RequesterEntry, RequesterTicket, RequesterTicketRow
from shared.services.tickets import NewAttachment
from shared.services.tray_feed import Feed, TicketNews
from shared.services.twofactor import Enrolment
from shared.triage.similar import Reason, SimilarTicket

__all__ = ["KEYRING_SERVICE", "HttpClient", "ServerUnavailable", "TooManyRequests", "forget_session",
           "load_session", "remember_session"]

log = logging.getLogger(__name__)
T = TypeVar("T")

KEYRING_SERVICE = "helpdesk-tray"
API = "/api/v1/tray"
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
PAGE = 100  # the server's largest page of tickets
QUERY_MAX = 200  # the server's longest KB query
REFRESH_MARGIN = 30 * 60  # seconds before its expiry a token is swapped for a fresh one


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


class ServerUnavailable(Unreachable):
    """The helpdesk server could not be reached or failed; the request was not (or may not be) saved."""


class TooManyRequests(HelpdeskError):
    exit_code = 11
    http_status = 429

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def normalise_server(url: str) -> str:
    """`url` without a trailing slash; refuses plain http except on this machine (the password
    would cross the network in clear text)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailed(_tr("'{url}' is not a helpdesk server address such as "
                                   "https://helpdesk.example.org.").format(url=url), field="server")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValidationFailed(_tr("The helpdesk server address must start with https:// so that your password "
                                   "is not sent in clear text."), field="server")
    return url.strip().rstrip("/")


_contexts: dict[tuple[str | None, int, int], ssl.SSLContext] = {}
_contexts_lock = threading.Lock()


def _verify(ca_bundle: str | None) -> ssl.SSLContext:
    """One context per CA file (as the file is now) for the whole process. Building one reads the
    system's certificate store, ~20 ms of CPU, and every client and every sign-in built its own.
    Sharing it is as safe as httpx's own sharing of a client's context across its pooled
    connections and threads: nothing here changes a context once built (httpcore sets the same
    ALPN list, HTTP/1.1, on each connection; no client certificate is ever loaded into it)."""
    # Verification is always on; a private CA is added, never a way to turn checking off.
    if not ca_bundle:
        stamp: tuple[str | None, int, int] = (None, 0, 0)
    else:
        try:
            info = os.stat(ca_bundle)
        except OSError:
            return ssl.create_default_context(cafile=ca_bundle)  # raises as it always did: the path is wrong
        stamp = (os.path.abspath(ca_bundle), info.st_mtime_ns, info.st_size)  # a renewed file is read again
    with _contexts_lock:
        context = _contexts.get(stamp)
        if context is None:
            context = _contexts[stamp] = ssl.create_default_context(cafile=ca_bundle or None)
        return context


def _detail(response: httpx.Response) -> tuple[str, dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        return "", {}
    if not isinstance(body, dict):
        return "", {}
    return str(body.get("detail") or ""), body


def _error(response: httpx.Response) -> HelpdeskError:
    """The core error for an HTTP refusal: the class the body's `code` names, with the server's
    message; by status only for an answer without a known code (a proxy, an older server)."""
    status = response.status_code
    detail, body = _detail(response)
    code = body.get("code")
    if status == 401 and body.get("second_factor") in ("code", "enrol"):
        return SecondFactorRequired(detail, enrol=body["second_factor"] == "enrol")
    if status == 423:
        return AccountLocked(detail)
    if status == 429:
        try:
            wait = float(response.headers.get("retry-after", "5"))
        except ValueError:
            wait = 5.0
        return TooManyRequests(detail or _tr("Too many requests; try again in {s} seconds.").format(s=round(wait)),
                               retry_after=wait)
    if status == 502 and detail:  # the helpdesk answered: something it depends on (the directory) is down
        return ServerUnavailable(detail)
    if status >= 500:
        return ServerUnavailable(_tr("The helpdesk server had a problem (HTTP {code}), so nothing was saved. "
                                     "Please try again later.").format(code=status))
    cls = _CODES.get(str(code)) if code else None
    if cls is None:
        cls = _BY_STATUS.get(status, HelpdeskError)
    if cls is Conflict:
        version = body.get("current_version")
        return Conflict(detail or _default_message(cls, status),
                        current_version=version if isinstance(version, int) else None)
    if cls is ValidationFailed:
        field = body.get("field")
        return ValidationFailed(detail or _default_message(cls, status),
                                field=str(field) if field else None)
    return cls(detail or _default_message(cls, status))


_CODES = error_classes()
_BY_STATUS: dict[int, type[HelpdeskError]] = {
    401: AuthenticationFailed, 403: PermissionDenied, 404: NotFound, 409: InvalidTransition, 413: ValidationFailed,
    422: ValidationFailed}


def _default_message(cls: type[HelpdeskError], status: int) -> str:
    if cls is AuthenticationFailed:
        return _tr("Your session is invalid or has expired; please sign in again.")
    if cls is PermissionDenied:
        return _tr("You may not do this.")
    if cls is NotFound:
        return _tr("Not found on the helpdesk server.")
    if cls is InvalidTransition:
        return _tr("This is not possible in the ticket's current state.")
    if status == 413:
        return _tr("That is too large for the helpdesk server.")
    if cls is ValidationFailed:
        return _tr("The helpdesk server refused the input.")
    return _tr("The helpdesk server refused the request (HTTP {code}).").format(code=status)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class HttpClient:
    """The tray routes, called over HTTP. Thread-safe: httpx's client pools its connections."""

    supports_attachments = True
    push_wait = 25.0  # seconds the server holds a `changes` request (shared.http.push)

    def __init__(self, server: str, actor: Actor, token: str, *, expires_at: int = 0, ca_bundle: str | None = None,
                 timeout: httpx.Timeout = TIMEOUT, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time, deadline: float | None = None) -> None:
        self.server = normalise_server(server)
        self._actor, self._token, self.expires_at = actor, token, expires_at
        # When the token runs out by this machine's clock (the server says "in N seconds", so a
        # wrong clock here does not matter); expires_at is the server's own figure.
        self.deadline = deadline if deadline is not None else float(expires_at)
        self._http = _session(self.server, ca_bundle, timeout, transport)
        self._http.headers["Authorization"] = f"Bearer {token}"
        self._clock = clock
        self._refresh_lock = threading.Lock()
        # Called with the client after each refresh (the tray re-stores a remembered session).
        self.on_refresh: Callable[[HttpClient], object] | None = None

    @classmethod
    def sign_in(cls, server: str, username: str, password: str, *, code: str | None = None,
                ca_bundle: str | None = None, timeout: httpx.Timeout = TIMEOUT,
                transport: httpx.BaseTransport | None = None, clock: Callable[[], float] = time.time) -> HttpClient:
        """Exchange user name, password (and a one-time code where the account needs one) for a
        session; raises AuthenticationFailed when wrong, SecondFactorRequired when a code is needed."""
        server = normalise_server(server)
        body = {"username": username, "password": password} | ({"code": code} if code else {})
        with _session(server, ca_bundle, timeout, transport) as http:
            data = _call(http, server, "POST", "/session", json=body)
        return cls(server, _actor(data["user"]), data["token"], expires_at=int(data["expires_at"]),
                   ca_bundle=ca_bundle, timeout=timeout, transport=transport, clock=clock,
                   deadline=_deadline(data, clock))

    @staticmethod
    def begin_enrolment(server: str, username: str, password: str, *, ca_bundle: str | None = None,
                        timeout: httpx.Timeout = TIMEOUT, transport: httpx.BaseTransport | None = None) -> Enrolment:
        """Start setting up an authenticator for an account that must have one (password checked)."""
        server = normalise_server(server)
        with _session(server, ca_bundle, timeout, transport) as http:
            data = _call(http, server, "POST", "/session/enrolment", json={"username": username, "password": password})
        return Enrolment(username, str(data["secret"]), str(data["uri"]), tuple(data["recovery_codes"]))

    def refresh(self) -> None:
        """Swap the token for a fresh one (no password needed while the session lives)."""
        data = _call(self._http, self.server, "POST", "/session/refresh")
        self._token, self.expires_at = str(data["token"]), int(data["expires_at"])
        self.deadline = _deadline(data, self._clock)
        self._http.headers["Authorization"] = f"Bearer {self._token}"
        self._actor = _actor(data["user"])
        if self.on_refresh is not None:
            self.on_refresh(self)

    def sign_out(self) -> None:
        """End the session on the server (every server), then forget it here."""
        try:
            _call(self._http, self.server, "DELETE", "/session")
        except AuthenticationFailed:
            pass  # ended already
        finally:
            forget_session(self.server)

    def _refresh_if_due(self) -> None:
        # One thread refreshes; the others wait and then use the new token.
        if not self.deadline or self.deadline - self._clock() > REFRESH_MARGIN:
            return
        with self._refresh_lock:
            if self.deadline - self._clock() <= REFRESH_MARGIN:
                self.refresh()

    def session(self) -> dict[str, Any]:
        """What `remember_session` stores: the token, its expiry and who it belongs to."""
        a = self._actor
        return {"token": self._token, "expires_at": self.expires_at, "deadline": self.deadline,
                "user": {"id": a.id, "username": a.username, "full_name": a.full_name, "role": str(a.role),
                         "timezone": a.timezone, "language": a.language}}

    def check(self) -> None:
        """One cheap call that fails with AuthenticationFailed when a remembered token is no good.
        It also refreshes who the user is (time zone, language), which may have changed since."""
        self._actor = _actor(self._get("/me"))

    def close(self) -> None:
        self._http.close()

    # --- transport --------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kw: Any) -> Any:
        self._refresh_if_due()
        return _call(self._http, self.server, method, path, **kw)

    def _http_call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        self._refresh_if_due()
        return _send(self._http, self.server, method, path, **kw)

    def _parsed(self, parse: Callable[[Any], T], data: Any) -> T:
        """An answer read by the API's schema; one that does not fit is not a helpdesk server's."""
        try:
            return parse(data)
        except (ValidationError, ValueError):
            raise _not_helpdesk(self.server) from None

    def _get(self, path: str, **kw: Any) -> Any:
        return self._request("GET", path, **kw)

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        return self._request("POST", path, json=body)

    # --- TrayClient -------------------------------------------------------------------------------

    @property
    def actor(self) -> Actor:
        return self._actor

    def categories(self) -> list[CategoryView]:
        return [CategoryView(id=c["id"], name=c["name"], parent_id=c["parent_id"], path=c["path"], team_id=None)
                for c in self._get("/categories")]

    def search_articles(self, text: str, limit: int = 5) -> list[ArticleView]:
        if not kb.terms(text):
            return []
        query = " ".join(text.split())
        if len(query) > QUERY_MAX:
            query = query[:QUERY_MAX].rsplit(" ", 1)[0]
        rows = self._get("/kb", params={"q": query, "limit": max(1, min(limit, 50))})
        return [_article(a) for a in rows]

    def article(self, article_id: int) -> ArticleView:
        return _article(self._get(f"/kb/{article_id}"))

    def record_deflection(self, article_id: int) -> None:
        self._post(f"/kb/{article_id}/deflection", {})

    def vote(self, article_id: int, helpful: bool) -> None:
        self._post(f"/kb/{article_id}/vote", {"helpful": helpful})

    def report_problem(self, *, subject: str, description: str, category_id: int | None, urgency: Level,
                       impact: Level, attachments: Sequence[NewAttachment] = (), key: str | None = None,
                       snapshot: Mapping[str, Any] | None = None,
                       machine_id: int | None = None) -> RequesterTicket:
        # One request: the ticket and its files are saved together or not at all.
        body: dict[str, Any] = {"subject": subject, "description": description, "category_id": category_id,
                                "urgency": str(urgency), "impact": str(impact), "attachments": _files(attachments)}
        extra = {"key": key, "snapshot": dict(snapshot) if snapshot else None, "machine_id": machine_id}
        data = self._post("/tickets", body | {k: v for k, v in extra.items() if v is not None})
        return self._parsed(_ticket, data)

    def my_tickets(self, *, offset: int = 0, limit: int = 100) -> list[RequesterTicketRow]:
        rows: list[dict[str, Any]] = []
        while len(rows) < limit:
            size = min(PAGE, limit - len(rows))
            page = self._get("/tickets", params={"offset": offset + len(rows), "limit": size})
            rows.extend(page)
            if len(page) < size:
                break
        return [self._parsed(_row, r) for r in rows]

    def count_my_tickets(self) -> int:
        response = self._http_call("GET", "/tickets", params={"limit": 1})
        try:
            return int(response.headers["x-total-count"])
        except (KeyError, ValueError):
            raise _not_helpdesk(self.server) from None

    def ticket(self, ticket_id: int) -> RequesterTicket:
        return self._parsed(_ticket, self._get(f"/tickets/{ticket_id}"))

    def reply(self, ticket_id: int, body: str, *, expected_version: int | None = None,
              attachments: Sequence[NewAttachment] = (), key: str | None = None) -> RequesterTicket:
        data = self._post(f"/tickets/{ticket_id}/replies", {"body": body, "expected_version": expected_version,
                                                            "attachments": _files(attachments)}
                          | ({"key": key} if key else {}))
        return self._parsed(_ticket, data)

    def same_problems(self, subject: str, description: str = "") -> list[SimilarTicket]:
        if not subject.strip():
            return []
        rows = self._get("/similar", params={"subject": subject[:200], "description": description[:500]})
        return [SimilarTicket(id=r["id"], number=r["number"], subject=r["subject"], status=Status(r["status"]),
                              requester=self._actor.full_name, created_at=datetime.fromisoformat(r["created_at"]),
                              reasons=tuple(Reason(x) for x in r["reasons"]),
                              shared_words=tuple(r["shared_words"])) for r in rows]

    def rate(self, ticket_id: int, rating: int, comment: str = "") -> None:
        self._post(f"/tickets/{ticket_id}/csat", {"rating": rating, "comment": comment})

    def changes(self, since: int, wait: float = 0.0) -> Feed:
        """Wait up to `wait` seconds on the server for news on the user's tickets (a long-poll);
        the read timeout allows the wait plus the usual margin."""
        wait = max(0.0, min(wait, 60.0))
        data = self._get("/changes", params={"since": since, "wait": wait},
                         timeout=httpx.Timeout(TIMEOUT.read + wait if TIMEOUT.read else None, connect=5.0))
        return self._parsed(_feed, data)

    # --- helpers ----------------------------------------------------------------------------------

    def attach(self, ticket_id: int, attachments: Sequence[NewAttachment]) -> RequesterTicket:
        """Add files to one of the user's tickets (not part of TrayClient: the dialogs send files
        with the ticket or the reply)."""
        return self._parsed(_ticket, self._post(f"/tickets/{ticket_id}/attachments", {"files": _files(attachments)}))


def _ticket(data: Any) -> RequesterTicket:
    """A RequesterTicket from the API's TicketOut (checked by that schema)."""
    t = TicketOut.model_validate(data)
    return RequesterTicket(
        id=t.id, number=t.number, version=t.version, subject=t.subject, description=t.description,
        status=Status(t.status), priority=Priority(t.priority), impact=Level(t.impact), urgency=Level(t.urgency),
        category_id=t.category_id, category=t.category, team=t.team, assignee=t.assignee,
        requester_id=t.requester_id, created_at=t.created_at, updated_at=t.updated_at,
        first_responded_at=t.first_responded_at, response_due_at=t.response_due_at,
        resolution_due_at=t.resolution_due_at, resolved_at=t.resolved_at, solution=t.solution,
        csat_rating=t.csat_rating,
        entries=tuple(RequesterEntry(id=e.id, kind=EntryKind(e.kind), author=e.author, author_id=e.author_id,
                                     body=e.body, created_at=e.created_at, field=e.field, old_value=e.old_value,
                                     new_value=e.new_value, via_email=e.via_email, data=e.data) for e in t.entries),
        attachments=tuple(AttachmentView(a.id, a.filename, a.content_type, a.size, a.sha256, a.created_at)
                          for a in t.attachments))


def _feed(data: Any) -> Feed:
    if not isinstance(data, dict) or not isinstance(data.get("stamp"), int) or not isinstance(data.get("news"), list):
        raise ValueError("not a feed")
    return Feed(stamp=data["stamp"], news=tuple(
        TicketNews(ticket_id=int(n["ticket_id"]), number=str(n["number"]), subject=str(n["subject"]),
                   status=Status(n["status"]), status_changed=bool(n["status_changed"]), replies=int(n["replies"]),
                   replied_by=n.get("replied_by")) for n in data["news"]))


def _row(data: Any) -> RequesterTicketRow:
    r = TicketSummaryOut.model_validate(data)
    return RequesterTicketRow(id=r.id, number=r.number, subject=r.subject, status=Status(r.status),
                              priority=Priority(r.priority), assignee=r.assignee, response_due_at=r.response_due_at,
                              resolution_due_at=r.resolution_due_at, updated_at=r.updated_at,
                              created_at=r.created_at)


def _session(server: str, ca_bundle: str | None, timeout: httpx.Timeout,
             transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(base_url=server + API, timeout=timeout, verify=_verify(ca_bundle), transport=transport,
                        headers={"Accept": "application/json"}, follow_redirects=False)


def _call(http: httpx.Client, server: str, method: str, path: str, **kw: Any) -> Any:
    """One request: the decoded JSON (None for 204), or a HelpdeskError."""
    response = _send(http, server, method, path, **kw)
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise _not_helpdesk(server) from None


def _send(http: httpx.Client, server: str, method: str, path: str, **kw: Any) -> httpx.Response:
    """One request: the response when it succeeded, or a HelpdeskError."""
    try:
        response = http.request(method, path, **kw)
    except httpx.TimeoutException as exc:
        if isinstance(exc, httpx.ConnectTimeout):
            raise _unreachable(server) from None
        # The request may have arrived: say so, so nobody submits the same problem twice.
        raise ServerUnavailable(_tr("The helpdesk server at {server} did not answer in time. Your request may "
                                    "or may not have been saved: look in My tickets before sending it again.")
                                .format(server=server)) from None
    except httpx.TransportError:
        raise _unreachable(server) from None
    if response.status_code >= 400:
        raise _error(response)
    return response


def _not_helpdesk(server: str) -> ServerUnavailable:
    return ServerUnavailable(_tr("The address {server} did not answer like a helpdesk server. "
                                 "Check the server address.").format(server=server))


def _unreachable(server: str) -> ServerUnavailable:
    return ServerUnavailable(_tr("Cannot reach the helpdesk server at {server}, so nothing was sent. Check your "
                                 "network connection and try again.").format(server=server))


def _deadline(session: dict[str, Any], clock: Callable[[], float]) -> float:
    """When a token from `session` runs out by our clock: now + expires_in (servers before
    expires_in: their expires_at)."""
    expires_in = session.get("expires_in")
    return clock() + float(expires_in) if expires_in else float(session["expires_at"])


def _actor(user: dict[str, Any]) -> Actor:
    # A session remembered by an older version has no time zone: UTC until check() asks /me.
    return Actor(id=int(user["id"]), username=str(user["username"]), full_name=str(user["full_name"]),
                 role=Role(user["role"]), timezone=str(user.get("timezone") or "UTC"),
                 language=user.get("language") or None)


def _files(attachments: Sequence[NewAttachment]) -> list[dict[str, str]]:
    return [{"filename": a.filename, "content_type": a.content_type or "application/octet-stream",
             "data": base64.b64encode(a.data).decode("ascii")} for a in attachments]


def _article(a: dict[str, Any]) -> ArticleView:
    """An ArticleView from an ArticleOut; the tray only sees published articles and no counters."""
    return ArticleView(id=a["id"], title=a["title"], body=a["body"], status=ArticleStatus.PUBLISHED,
                       category_id=a.get("category_id"), tags=tuple(a["tags"]), language="", views=0,
                       helpful_yes=0, helpful_no=0, updated_at=datetime.fromisoformat(a["updated_at"]), version=0)


# --- remember me: the OS keyring, never a file ------------------------------------------------------

def remember_session(client: HttpClient) -> bool:
    """Keep the client's session in the OS keyring; False when there is no usable keyring."""
    import keyring
    from keyring.errors import NoKeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, client.server, json.dumps(client.session()))
    except NoKeyringError:  # a bare Linux session: said once at start-up (keyring_check); sign in next time
        return False
    except Exception:
        log.warning("could not store the tray session in the OS keyring", exc_info=True)
        return False
    return True


def load_session(server: str, *, ca_bundle: str | None = None,
                 transport: httpx.BaseTransport | None = None) -> HttpClient | None:
    """A client from the keyring's remembered, unexpired session for `server`, or None.
    The token is not checked here (that takes a request): call `check()` off the GUI thread."""
    import keyring
    from keyring.errors import NoKeyringError

    try:
        stored = keyring.get_password(KEYRING_SERVICE, normalise_server(server))
        if not stored:
            return None
        data = json.loads(stored)
        deadline = float(data.get("deadline") or data["expires_at"])  # older versions stored no deadline
        if deadline <= time.time() + 60:
            forget_session(server)
            return None
        return HttpClient(server, _actor(data["user"]), str(data["token"]), expires_at=int(data["expires_at"]),
                          ca_bundle=ca_bundle, transport=transport, deadline=deadline)
    except HelpdeskError:
        raise
    except NoKeyringError:  # nothing can have been remembered; said once at start-up (keyring_check)
        return None
    except Exception:
        log.warning("could not read the tray session from the OS keyring", exc_info=True)
        return None


def forget_session(server: str) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, normalise_server(server))
    except Exception:  # nothing stored, or no keyring: nothing to forget
        log.debug("no tray session to forget for %s", server)
