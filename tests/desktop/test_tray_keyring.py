"""Without a keyring backend (a bare Linux session) the tray says once that sessions will not be
remembered, and neither remembering nor loading a session logs a traceback."""

from __future__ import annotations

import io
import logging

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from desktop.tray.http_client import load_session, remember_session
from desktop.tray.keyring_check import keyring_usable, no_keyring_notice, warn_once_without_keyring


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def test_the_fail_and_null_backends_are_no_keyring() -> None:
    assert not keyring_usable(fail.Keyring())
    assert not keyring_usable(null.Keyring())
    assert keyring_usable(MemoryKeyring())


def test_the_notice_is_one_line_and_only_without_a_keyring() -> None:
    assert no_keyring_notice(MemoryKeyring()) is None
    out = io.StringIO()
    assert warn_once_without_keyring(out, fail.Keyring())
    assert out.getvalue().count("\n") == 1 and "sessions will not be remembered" in out.getvalue()
    out = io.StringIO()
    assert not warn_once_without_keyring(out, MemoryKeyring()) and out.getvalue() == ""


def test_no_keyring_means_no_traceback_in_the_log(monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with caplog.at_level(logging.DEBUG, logger="desktop.tray.http_client"):
            assert load_session("https://helpdesk.example.org") is None

            class Client:
                server = "https://helpdesk.example.org"

                def session(self) -> dict[str, object]:
                    return {"token": "t", "expires_at": 0}

            assert remember_session(Client()) is False  # type: ignore[arg-type]
    finally:
        keyring.set_keyring(previous)
    assert [r for r in caplog.records if r.exc_info] == []
