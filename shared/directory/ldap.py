"""The directory over ldap3: bind as the user, read their entry and (nested) groups, list users.

Every connection is LDAPS or StartTLS with the certificate checked against `ca_file` (or the
system's CAs) and the host name; plain LDAP only when the configuration says `allow_plain`. An
empty password is refused before any bind: LDAP treats it as an anonymous bind that "succeeds".
Passwords are never logged (ldap3's own logging stays off) and never stored.
"""

from __future__ import annotations

import math
import os
import ssl
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import ldap3
from ldap3.core import exceptions as lx
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from shared.config import DirectorySettings
from shared.directory.mapping import norm_dn
from shared.errors import Unreachable
from shared.i18n import _

BIND_PASSWORD_ENV = "HELPDESK_DIRECTORY_BIND_PASSWORD"
KEYRING_SERVICE = "helpdesk-directory"
IN_CHAIN = "1.2.840.113556.1.4.1941"  # AD's LDAP_MATCHING_RULE_IN_CHAIN: transitive membership
MAX_NESTING = 20  # group levels followed client-side; a cycle ends earlier anyway
PAGE = 500  # under AD's default MaxPageSize of 1000


class DirectoryUnavailable(Unreachable):
    """The directory could not be reached or its certificate was refused; nothing was changed."""


@dataclass(frozen=True)
class DirectoryUser:
    dn: str
    username: str
    full_name: str
    email: str | None
    groups: frozenset[str]  # normalised DNs (see norm_dn), nested memberships included
    disabled: bool


def bind_password(cfg: DirectorySettings) -> str | None:
    """The service account's password: HELPDESK_DIRECTORY_BIND_PASSWORD, else the OS keyring."""
    value = os.environ.get(BIND_PASSWORD_ENV)
    if value or not cfg.bind_dn:
        return value or None
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, cfg.bind_dn)
    except Exception:  # no keyring backend: the caller reports the missing password
        return None


def _unavailable(cfg: DirectorySettings, exc: BaseException) -> DirectoryUnavailable:
    text = str(exc).lower()
    if "certificate" in text or isinstance(exc, lx.LDAPCertificateError | ssl.SSLError):
        return DirectoryUnavailable(_("The company directory at {url} presented a certificate that could not be "
                                      "verified, so no password was sent. Directory accounts cannot sign in until "
                                      "this is fixed; local accounts still can.").format(url=cfg.url))
    return DirectoryUnavailable(_("The company directory at {url} cannot be reached, so directory accounts cannot "
                                  "sign in right now. Please try again later; local accounts still can.")
                                .format(url=cfg.url))


def _close_socket(conn: ldap3.Connection) -> None:
    # ldap3 leaves the socket of a failed connect open (the connection counts as closed).
    sock = getattr(conn, "socket", None)
    if sock is not None:
        sock.close()


class _VerifiedTls(ldap3.Tls):
    """TLS with the standard library's own checks: the chain against `ca_file` (or the system's
    CAs) and the host name, in the handshake. ldap3's Tls turns `check_hostname` off and compares
    names afterwards with `ssl.match_hostname`, deprecated and gone in Python 3.12."""

    def __init__(self, ca_file: str | None) -> None:
        super().__init__(validate=ssl.CERT_REQUIRED, ca_certs_file=ca_file)
        self._context = ssl.create_default_context(cafile=ca_file)  # CERT_REQUIRED, check_hostname

    def wrap_socket(self, connection: ldap3.Connection, do_handshake: bool = False) -> None:
        connection.socket = self._context.wrap_socket(connection.socket, server_side=False,
                                                      do_handshake_on_connect=do_handshake,
                                                      server_hostname=connection.server.host)


class Directory:
    """One configured directory. Opens a connection per operation (sign-ins are rare; a pooled
    connection would outlive password changes and server restarts)."""

    def __init__(self, cfg: DirectorySettings, *, service_password: str | None = None) -> None:
        self.cfg = cfg
        self._service_password = service_password

    # --- connections ------------------------------------------------------------------------------

    def _server(self) -> ldap3.Server:
        cfg = self.cfg
        return ldap3.Server(cfg.url, use_ssl=cfg.url.startswith("ldaps://"), tls=_VerifiedTls(cfg.ca_file),
                            connect_timeout=math.ceil(cfg.timeout), get_info=ldap3.NONE)

    @contextmanager
    def _bound(self, who: str, password: str) -> Iterator[ldap3.Connection | None]:
        """A connection bound as `who`, or None when the directory refused the credentials."""
        if not password:
            yield None
            return
        conn = ldap3.Connection(self._server(), user=who, password=password, auto_bind=ldap3.AUTO_BIND_NONE,
                                receive_timeout=math.ceil(self.cfg.timeout), read_only=True, raise_exceptions=False)
        try:
            conn.open()
            if self.cfg.starttls and not self.cfg.url.startswith("ldaps://"):
                conn.start_tls()
            bound = conn.bind()
        except (lx.LDAPException, OSError) as exc:
            conn.unbind()
            _close_socket(conn)
            raise _unavailable(self.cfg, exc) from None
        try:
            if not bound:
                if conn.result.get("result") not in (49, 50, 53):  # invalidCredentials, insufficientAccess, unwilling
                    raise DirectoryUnavailable(_("The company directory refused the request ({error}).").format(
                        error=conn.result.get("description", "?")))
                yield None
            else:
                yield conn
        finally:
            conn.unbind()

    @contextmanager
    def _service(self) -> Iterator[ldap3.Connection]:
        password = self._service_password if self._service_password is not None else bind_password(self.cfg)
        if not self.cfg.bind_dn or not password:
            raise DirectoryUnavailable(_("The directory's service account is not set up: set bind_dn in [directory] "
                                         "and its password in {env} or the OS keyring.").format(env=BIND_PASSWORD_ENV))
        with self._bound(self.cfg.bind_dn, password) as conn:
            if conn is None:
                raise DirectoryUnavailable(_("The company directory refused the helpdesk's service account ({dn})."
                                             ).format(dn=self.cfg.bind_dn))
            yield conn

    # --- reading ----------------------------------------------------------------------------------

    def _attrs(self) -> list[str]:
        return [self.cfg.username_attribute, "cn", "displayName", "mail"]

    def _find(self, conn: ldap3.Connection, username: str) -> tuple[str, dict[str, Any]] | None:
        """(DN, attributes) of the one entry the filter matches for `username`."""
        flt = self.cfg.user_filter.replace("{username}", escape_filter_chars(username))
        self._search(conn, self.cfg.base, flt, self._attrs(), size_limit=2)
        found = [(str(e.entry_dn), e.entry_attributes_as_dict) for e in conn.entries if e.entry_dn]
        return found[0] if len(found) == 1 else None  # two matches: ambiguous, refuse

    def _search(self, conn: ldap3.Connection, base: str, flt: str, attrs: list[str], *,
                scope: Literal["BASE", "LEVEL", "SUBTREE"] = "SUBTREE", size_limit: int = 0) -> None:
        try:
            conn.search(base, flt, search_scope=scope, attributes=attrs, size_limit=size_limit)
        except lx.LDAPException as exc:
            raise _unavailable(self.cfg, exc) from None
        code = conn.result.get("result", 0)
        if code not in (0, 4, 32):  # success, sizeLimitExceeded, noSuchObject
            raise DirectoryUnavailable(_("The company directory refused the request ({error}).").format(
                error=conn.result.get("description", "?")))

    def _disabled(self, conn: ldap3.Connection, dn: str) -> bool:
        if not self.cfg.disabled_filter:
            return False
        self._search(conn, dn, self.cfg.disabled_filter, ["objectClass"], scope="BASE")
        return bool(conn.entries)

    def _groups(self, conn: ldap3.Connection, dn: str) -> frozenset[str]:
        base, mode = self.cfg.group_base or self.cfg.base, self.cfg.nested_groups
        if mode == "in_chain":
            self._search(conn, base, f"(member:{IN_CHAIN}:={escape_filter_chars(dn)})", ["cn"])
            return frozenset(norm_dn(e.entry_dn) for e in conn.entries)
        found: set[str] = set()
        frontier = [dn]
        for _level in range(MAX_NESTING if mode == "walk" else 1):
            if not frontier:
                break
            members = "".join(f"(member={escape_filter_chars(m)})" for m in frontier)
            self._search(conn, base, f"(&(objectClass=groupOfNames)(|{members}))", ["cn"])
            new = {e.entry_dn for e in conn.entries if norm_dn(e.entry_dn) not in found}
            found |= {norm_dn(d) for d in new}
            frontier = sorted(new)
        return frozenset(found)

    def _user(self, conn: ldap3.Connection, dn: str, attrs: Mapping[str, Any],
              groups: frozenset[str] | None = None) -> DirectoryUser:
        def first(attr: str) -> str | None:
            values = next((v for k, v in attrs.items() if k.lower() == attr.lower()), None)
            if isinstance(values, list | tuple):
                return str(values[0]) if values else None
            return str(values) if values else None

        username = (first(self.cfg.username_attribute) or "").strip().lower()
        full_name = first("displayName") or first("cn") or username
        return DirectoryUser(dn=dn, username=username, full_name=full_name, email=first("mail"),
                             groups=self._groups(conn, dn) if groups is None else groups,
                             disabled=self._disabled(conn, dn))

    # --- operations -------------------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> DirectoryUser | None:
        """The user's entry when `password` is theirs (checked by binding as them), else None.
        Raises DirectoryUnavailable when the directory cannot be asked."""
        username = username.strip()
        if not username or not password:
            return None
        if self.cfg.bind == "direct":
            assert self.cfg.user_dn_template is not None
            who = self.cfg.user_dn_template.replace("{username}", escape_rdn(username))
            with self._bound(who, password) as conn:
                if conn is None:
                    return None
                entry = self._find(conn, username)
                return self._user(conn, *entry) if entry is not None else None
        with self._service() as service:
            entry = self._find(service, username)
            if entry is None:
                return None
            with self._bound(entry[0], password) as own:
                if own is None:
                    return None
            return self._user(service, *entry)

    def users(self) -> list[DirectoryUser]:
        """Every user the filter matches, with groups and disabled flags (for sync)."""
        with self._service() as conn:
            flt = self.cfg.user_filter.replace("{username}", "*")
            try:
                entries = list(conn.extend.standard.paged_search(
                    self.cfg.base, flt, attributes=self._attrs(), paged_size=PAGE, generator=False))
            except lx.LDAPException as exc:
                raise _unavailable(self.cfg, exc) from None
            if conn.result.get("result", 0) not in (0, 4):
                raise DirectoryUnavailable(_("The company directory refused the request ({error}).").format(
                    error=conn.result.get("description", "?")))
            found = [(str(e["dn"]), e["attributes"]) for e in entries if e.get("type") == "searchResEntry"]
            memberships = (self._all_groups(conn, [dn for dn, _a in found])
                           if self.cfg.nested_groups != "in_chain" else None)
            return [self._user(conn, dn, attrs,
                               memberships.get(norm_dn(dn), frozenset()) if memberships is not None else None)
                    for dn, attrs in found]

    def _all_groups(self, conn: ldap3.Connection, dns: Iterable[str]) -> dict[str, frozenset[str]]:
        """Every user's groups from one read of all groups, nesting resolved here (walk mode)."""
        base = self.cfg.group_base or self.cfg.base
        try:
            groups = list(conn.extend.standard.paged_search(base, "(objectClass=groupOfNames)",
                                                            attributes=["member"], paged_size=PAGE,
                                                            generator=False))
        except lx.LDAPException as exc:
            raise _unavailable(self.cfg, exc) from None
        parents: dict[str, set[str]] = {}  # member DN -> groups it is a direct member of
        for g in groups:
            if g.get("type") != "searchResEntry":
                continue
            for member in g["attributes"].get("member", []):
                parents.setdefault(norm_dn(str(member)), set()).add(norm_dn(str(g["dn"])))
        depth = MAX_NESTING if self.cfg.nested_groups == "walk" else 1
        out: dict[str, frozenset[str]] = {}
        for dn in dns:
            seen: set[str] = set()
            frontier = {norm_dn(dn)}
            for _level in range(depth):
                frontier = {p for m in frontier for p in parents.get(m, ())} - seen
                if not frontier:
                    break
                seen |= frontier
            out[norm_dn(dn)] = frozenset(seen)
        return out
