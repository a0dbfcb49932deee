"""A real OpenLDAP slapd on loopback for the directory tests: a throwaway cn=config, users and
(nested) groups loaded with slapadd before it starts, plain LDAP and LDAPS with a test CA.

slapd runs as the `openldap` user when the tests run as root (it refuses nothing as root, but the
Debian layout expects it and the data dir must not be root's), as the current user otherwise.
The data lives in a directory of its own under the system temp dir, because pytest's tmp_path is
private to root (0700) and the `openldap` user could not reach it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ldap3
import pytest

from tests.pids import wait_exited
from tests.ports import free_ports

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SLAPPASSWD = "/usr/sbin/slappasswd"
SCHEMA = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")
SUFFIX = "dc=example,dc=org"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PW = "root-secret-pw"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
SERVICE_DN = f"cn=helpdesk,ou=services,{SUFFIX}"
SERVICE_PW = "service-secret-pw"


def slapd_available() -> bool:
    return all(os.access(p, os.X_OK) for p in (SLAPD, SLAPADD, SLAPPASSWD)) and (SCHEMA / "core.ldif").exists()


def require_slapd() -> None:
    """Skip without OpenLDAP, except under CI, where a missing slapd is a broken setup."""
    if not slapd_available():
        if os.environ.get("CI") and sys.platform != "win32":  # these servers are Linux packages
            pytest.fail("CI is set but slapd is missing: install the Debian packages slapd and ldap-utils")
        pytest.skip("OpenLDAP server (Debian package slapd) not installed")


def ssha(password: str, salt: bytes = b"helpdesk") -> str:
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def person(uid: str, name: str, password: str, *, employee_type: str = "staff") -> str:
    given, _sep, surname = name.partition(" ")
    return (f"dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\n"
            f"givenName: {given}\nsn: {surname or given}\nmail: {uid}@example.org\n"
            f"employeeType: {employee_type}\nuserPassword: {ssha(password)}\n")


def group(cn: str, *members: str) -> str:
    lines = "".join(f"member: {m}\n" for m in members)
    return f"dn: cn={cn},{GROUPS}\nobjectClass: groupOfNames\ncn: {cn}\n{lines}"


def user_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


def group_dn(cn: str) -> str:
    return f"cn={cn},{GROUPS}"


PASSWORD = "Directory-pw-1"
# budi: L1 through the service-desk group; wati: L2 through a group nested two levels deep;
# joko: disabled in the directory; eko: in no mapped group (a plain employee).
DATA = "\n".join([
    f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n",
    f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n",
    f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups\n",
    f"dn: ou=services,{SUFFIX}\nobjectClass: organizationalUnit\nou: services\n",
    f"dn: {SERVICE_DN}\nobjectClass: person\ncn: helpdesk\nsn: helpdesk\nuserPassword: {ssha(SERVICE_PW)}\n",
    person("budi", "Budi Santoso", PASSWORD),
    person("wati", "Wati Lestari", PASSWORD),
    person("joko", "Joko Widodo", PASSWORD, employee_type="disabled"),
    person("eko", "Eko Prasetyo", PASSWORD),
    person("rina", "Rina Admin", PASSWORD),
    group("service-desk", user_dn("budi")),
    group("desktop-support", user_dn("wati")),
    group("field-technicians", group_dn("desktop-support")),
    group("it-technicians", group_dn("field-technicians")),
    group("helpdesk-admins", user_dn("rina")),
    group("all-staff", user_dn("eko"), user_dn("joko")),
])


@dataclass
class LdapServer:
    workdir: Path
    port: int
    tls_port: int
    pid_file: Path
    ca_file: Path

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    @property
    def ldaps_url(self) -> str:
        return f"ldaps://127.0.0.1:{self.tls_port}"

    def pid(self) -> int:
        return int(self.pid_file.read_text().strip())


def _config(work: Path, cert: Path, key: Path, root_hash: str) -> str:
    schemas = "".join(f"include: file://{SCHEMA / n}.ldif\n\n" for n in ("core", "cosine", "inetorgperson", "nis"))
    return f"""dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: {work / 'slapd.pid'}
olcArgsFile: {work / 'slapd.args'}
olcTLSCertificateFile: {cert}
olcTLSCertificateKeyFile: {key}

dn: cn=module{{0}},cn=config
objectClass: olcModuleList
cn: module{{0}}
olcModulePath: {MODULES}
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

{schemas}dn: olcDatabase={{-1}}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {{-1}}frontend

dn: olcDatabase={{0}}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {{0}}config
olcAccess: {{0}}to * by * none

dn: olcDatabase={{1}}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {{1}}mdb
olcSuffix: {SUFFIX}
olcRootDN: {ROOT_DN}
olcRootPW: {root_hash}
olcDbDirectory: {work / 'data'}
olcDbMaxSize: 33554432
olcAccess: {{0}}to attrs=userPassword by self =xw by anonymous auth by * none
olcAccess: {{1}}to * by users read by * none
"""


def _run(argv: list[str], user: str | None) -> subprocess.CompletedProcess[str]:
    if user:
        argv = ["su", "-s", "/bin/sh", user, "-c", " ".join(_quote(a) for a in argv)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def _wait_port(port: int, proc_alive: Iterator[bool] | None = None, timeout: float = 15.0) -> bool:
    # Polls a real server's readiness, so it waits on the machine, not on a fixed sleep.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def run_slapd(cert: Path, key: Path, ca_file: Path, *, data: str = DATA) -> Iterator[LdapServer]:
    """slapd on two free loopback ports (ldap:// and ldaps://), stopped by its own pid afterwards."""
    as_root = os.geteuid() == 0
    run_as = "openldap" if as_root else None
    work = Path(tempfile.mkdtemp(prefix="helpdesk-slapd-"))
    try:
        (work / "data").mkdir()
        (work / "cfg").mkdir()
        tls_cert, tls_key = work / "server.crt", work / "server.key"
        shutil.copyfile(cert, tls_cert)
        shutil.copyfile(key, tls_key)
        root_hash = subprocess.run([SLAPPASSWD, "-s", ROOT_PW], capture_output=True, text=True, check=True,
                                   timeout=30).stdout.strip()
        (work / "config.ldif").write_text(_config(work, tls_cert, tls_key, root_hash), encoding="utf-8")
        (work / "data.ldif").write_text(data, encoding="utf-8")
        if as_root:
            import pwd  # POSIX only: imported here so the suite still collects on Windows

            entry = pwd.getpwnam("openldap")
            for path in (work, *work.rglob("*")):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        for argv in ([SLAPADD, "-n0", "-F", str(work / "cfg"), "-l", str(work / "config.ldif")],
                     [SLAPADD, "-n1", "-F", str(work / "cfg"), "-l", str(work / "data.ldif")]):
            done = _run(argv, run_as)
            if done.returncode != 0:
                raise RuntimeError(f"slapadd failed: {done.stderr.strip()}")
        # A free port can be taken by another process (another worker's servers) before slapd
        # binds it, and slapd, already detached, then exits: start again on new ports (seen once
        # in CI: "slapd did not open its ports").
        for attempt in range(3):
            port, tls_port = free_ports(2)
            done = _run([SLAPD, "-F", str(work / "cfg"),
                         "-h", f"ldap://127.0.0.1:{port}/ ldaps://127.0.0.1:{tls_port}/"], run_as)
            if done.returncode != 0:
                raise RuntimeError(f"slapd did not start: {done.stderr.strip()}")
            server = LdapServer(work, port, tls_port, work / "slapd.pid", ca_file)
            if _wait_port(port) and _wait_port(tls_port):
                break
            stop(server)
            if attempt == 2:
                raise RuntimeError(f"slapd did not open its ports ({port}, {tls_port}), three times")
        try:
            yield server
        finally:
            stop(server)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def stop(server: LdapServer) -> None:
    """Stop slapd by the pid it wrote, and wait until it is gone."""
    try:
        pid = server.pid()
    except (OSError, ValueError):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    # slapd exits within milliseconds; its parent is init, which reaps the zombie only later (tests/pids.py).
    if not wait_exited(pid, 15):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def admin_connection(server: LdapServer) -> Iterator[ldap3.Connection]:
    """The directory's root account, for tests that change users and groups (plain LDAP on loopback).
    (ldap3's own `with conn:` leaves a connection bound before it open.)"""
    conn = ldap3.Connection(ldap3.Server(server.url, get_info=ldap3.NONE), ROOT_DN, ROOT_PW, auto_bind=True)
    try:
        yield conn
    finally:
        conn.unbind()


def add_member(server: LdapServer, group_cn: str, member: str) -> None:
    with admin_connection(server) as conn:
        assert conn.modify(group_dn(group_cn), {"member": [(ldap3.MODIFY_ADD, [member])]}), conn.result


def remove_member(server: LdapServer, group_cn: str, member: str) -> None:
    with admin_connection(server) as conn:
        assert conn.modify(group_dn(group_cn), {"member": [(ldap3.MODIFY_DELETE, [member])]}), conn.result


def set_attribute(server: LdapServer, dn: str, attr: str, value: str) -> None:
    with admin_connection(server) as conn:
        assert conn.modify(dn, {attr: [(ldap3.MODIFY_REPLACE, [value])]}), conn.result


def delete_entry(server: LdapServer, dn: str) -> None:
    with admin_connection(server) as conn:
        assert conn.delete(dn), conn.result
