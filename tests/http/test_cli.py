"""`helpdesk serve` refuses unsafe setups before listening."""

from __future__ import annotations

import pytest

from shared.config import Settings
from shared.db.database import Database
from tests.ssh.test_cli import helpdesk


def test_serve_refuses_a_public_address_without_a_secret(settings: Settings, db: Database,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("HELPDESK_HTTP_SECRET", raising=False)
    code, _out = helpdesk(settings, "serve", "--host", "0.0.0.0", "--port", "1")
    assert code == 2 and "HELPDESK_HTTP_SECRET" in capsys.readouterr().err
