"""`helpdesk machine …` and `helpdesk diag …`, through the same register_cli the entry points load."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.cli_support import CliContext
from shared.config import Settings
from shared.db.database import Database
from shared.http import cli as http_cli
from shared.models import TimelineEntry, User
from shared.models.enums import EntryKind
from shared.services import enrolment
from shared.ssh import cli as ssh_cli
from tests import factories as f
from tests.sshd import TEST_CATALOGUE, SshServer, run_gate_sshd

pytestmark = pytest.mark.ssh


def helpdesk(settings: Settings, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="helpdesk")
    sub = parser.add_subparsers(dest="command", required=True)
    http_cli.register_cli(sub)
    ssh_cli.register_cli(sub)
    args = parser.parse_args(argv)
    ctx = CliContext(settings, out=io.StringIO())
    try:
        code = int(args.handler(args, ctx))
    finally:
        ctx.close()
    assert isinstance(ctx.out, io.StringIO)
    return code, ctx.out.getvalue()


@pytest.mark.usefixtures("committed_db")  # the CLI opens the database itself
def test_token_enrol_list_keygen_target_and_run(db: Database, settings: Settings, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, gate_server: SshServer) -> None:
    monkeypatch.setenv("HELPDESK_PROBE_CATALOGUE", str(TEST_CATALOGUE))
    sari = f.user(db, name="sari")
    code, out = helpdesk(settings, "machine", "token", "--owner", "sari")
    assert code == 0
    mid, _tok = enrolment.enrol(db.uow(), out.strip(), "pc-sari", "Linux 6.1", None)
    code, out = helpdesk(settings, "machine", "list")
    assert "pc-sari" in out

    budi = f.agent(db, tier=2, name="budi")
    key = tmp_path / "budi_ed25519"
    code, out = helpdesk(settings, "diag", "keygen", "--as", "budi", "--key", str(key))
    assert code == 0 and "--tier 2" in out
    with db.uow() as uow:
        public = uow.session.scalars(select(User.ssh_public_key).where(User.id == budi.id)).one()
    assert public and public.startswith("ssh-ed25519 ") and "PRIVATE" not in public

    # The machine trusts budi's freshly made key (tier 2) behind its gate.
    with run_gate_sshd(tmp_path / "sshd", [(public, 2)]) as server:
        code, _out = helpdesk(settings, "machine", "ssh-target", "pc-sari", "--host", server.host, "--port",
                              str(server.port), "--user", server.user, "--host-key", server.host_public_key)
        assert code == 0
        ticket = f.ticket(db, sari, machine_id=mid)
        code, out = helpdesk(settings, "diag", "run", "pc-sari", "echo", "text=cli", "--as", "budi",
                             "--ticket", ticket.number, "--key", str(key))
        assert code == 0 and out == "said:cli\n"
        code, out = helpdesk(settings, "diag", "raw", "pc-sari", "echo", "text=$(id)", "--as", "budi",
                             "--ticket", ticket.number, "--key", str(key))
        assert code == 4 and "shell metacharacters" in out
    with db.uow() as uow:
        kinds = list(uow.session.scalars(select(TimelineEntry.kind).where(
            TimelineEntry.ticket_id == ticket.id, TimelineEntry.kind == EntryKind.DIAGNOSTIC)))
    assert len(kinds) == 2



def test_building_the_cli_does_not_import_paramiko() -> None:
    """Every core `helpdesk` command builds the whole parser; the SSH subcommands load paramiko
    (~120 ms) only when one of them runs."""
    import subprocess
    import sys

    code = "import sys; from shared import cli; cli.build_parser(); print('paramiko' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
