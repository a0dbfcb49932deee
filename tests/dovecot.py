"""A throwaway Dovecot IMAP server on a free loopback port, for tests (see REAL-SERVERS.md).

    from tests.dovecot import dovecot_server   # session-scoped fixture, in a conftest
    def test_x(dovecot_server): dovecot_server.host, .port, .user, .password, .append(raw)

Skipped when Dovecot is not installed, unless the environment variable CI is set (then it fails).
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.pids import wait_exited
from tests.ports import free_ports

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"


@dataclass
class Dovecot:
    config: Path
    root: Path
    host: str
    port: int
    tls_port: int | None = None  # IMAPS, when started with a certificate (STARTTLS is on `port` then)
    user: str = "helpdesk@example.test"
    password: str = "imap-test-password"  # a throwaway account on a loopback-only test server

    def connect(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            conn.login(self.user, self.password)
        except BaseException:
            conn.shutdown()
            raise
        return conn

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        conn = self.connect()
        try:
            for raw in messages:
                typ, data = conn.append(folder, "", None, raw)
                assert typ == "OK", data
        finally:
            conn.logout()

    def count(self, folder: str = "INBOX", criteria: str = "ALL") -> int:
        conn = self.connect()
        try:
            typ, data = conn.select(f'"{folder}"')
            if typ != "OK":
                return 0
            typ, data = conn.search(None, criteria)
            return len((data[0] or b"").split())
        finally:
            conn.logout()

    def clear(self) -> None:
        """Empty every folder (between tests)."""
        conn = self.connect()
        try:
            typ, folders = conn.list()
            for line in folders or []:
                if not isinstance(line, bytes):
                    continue
                m = re.match(r'^\(.*?\) (?:"[^"]*"|NIL) (.+)$', line.decode())
                if m is None:
                    continue
                name = m.group(1).strip('"')
                typ, data = conn.select(f'"{name}"')
                if typ == "OK" and data and data[0] not in (b"0", None):
                    conn.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
                    conn.expunge()
                if typ == "OK":
                    conn.close()
                if name != "INBOX":
                    conn.delete(f'"{name}"')
        finally:
            conn.logout()


_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
# A refused login is answered at once, not after Dovecot's default 2 s penalty: the tests that give
# a wrong password check the refusal, and waited the penalty out each time.
auth_failure_delay = 0
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:{root}/mail/%u/Maildir
mail_fsync = never  # a throwaway test server: no need to wait for the disk
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
# Nor is the next login from loopback held back by anvil's auth penalty (4 s after a new wrong
# password, doubling up to 15 s, which the test after each one with a wrong password waited out):
# with its socket closed to the auth process, the penalty is off.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


def _missing(reason: str) -> None:
    if os.environ.get("CI") and sys.platform != "win32":  # these servers are Linux packages
        pytest.fail(reason)
    pytest.skip(reason)


@contextlib.contextmanager
def running_dovecot(root: Path, tls: tuple[Path, Path] | None = None) -> Iterator[Dovecot]:
    """Dovecot on loopback; with `tls` (certificate, key) also IMAPS on `tls_port` and STARTTLS."""
    if not (Path(DOVECOT).exists() and Path(DOVEADM).exists()):
        _missing("Dovecot is not installed (apt-get install dovecot-imapd)")
    import pwd  # POSIX only: imported here so the suite still collects on Windows

    try:
        dv = pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError:
        _missing("the dovecot/dovenull system users are missing")
    port, tls_port = free_ports(2)  # distinct: each held until both are chosen
    server = Dovecot(root / "dovecot.conf", root, "127.0.0.1", port, tls_port if tls else None)
    ssl = f"ssl = yes\nssl_cert = <{tls[0]}\nssl_key = <{tls[1]}" if tls else "ssl = no"
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "passwd").write_text(f"{server.user}:{{PLAIN}}{server.password}::::::\n")
    server.config.write_text(_CONFIG.format(root=root, port=port, ssl=ssl, tls_port=server.tls_port or 0))
    os.chown(root / "mail", dv.pw_uid, dv.pw_gid)
    root.chmod(0o755)
    # Not capture_output: the daemon's children keep inherited pipes open, and run() would wait on them.
    start_log = root / "start.log"
    with start_log.open("wb") as out:
        proc = subprocess.run([DOVECOT, "-c", str(server.config)], stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, check=False, timeout=30)
    if proc.returncode != 0:
        pytest.fail(f"dovecot did not start: {start_log.read_text(errors='replace')}")
    pid_file = root / "run" / "master.pid"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                server.connect().logout()
                break
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                    pytest.fail(f"dovecot is not answering on port {port}:\n{log[-2000:]}")
                time.sleep(0.1)
        yield server
    finally:
        pid = int(pid_file.read_text().strip()) if pid_file.exists() else None
        if pid is None:
            subprocess.run([DOVEADM, "-c", str(server.config), "stop"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, check=False, timeout=20)
        else:
            # What `doveadm stop` does (SIGTERM to the master, which stops its children), by the pid
            # the master wrote; doveadm then waits until the pid is gone, which counts a zombie as
            # running: the master's parent is init, which reaps it only later (tests/pids.py), and
            # doveadm waited ~3 s each time.
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        if pid is not None and not wait_exited(pid, 10):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    # Not tmp_path: pytest's base temp dir is 0700 root, and Dovecot's auth runs as `dovecot`.
    root = Path(tempfile.mkdtemp(prefix="helpdesk-dovecot-"))
    try:
        with running_dovecot(root) as server:
            yield server
    finally:
        shutil.rmtree(root, ignore_errors=True)
