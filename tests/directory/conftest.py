"""A real slapd per test (they change the directory), a test CA for LDAPS, and settings whose
`[directory]` table points at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.config import Settings
from tests import factories as f
from tests.directory.slapd import GROUPS, PEOPLE, SERVICE_DN, SERVICE_PW, LdapServer, group_dn, require_slapd, run_slapd
from tests.probe.tls import Authority

SECRET_KEY = "k" * 40  # the vault key for TOTP secrets in tests


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return Authority(tmp_path_factory.mktemp("ldap-ca"), "Directory Test CA")


@pytest.fixture(scope="session")
def server_cert(test_ca: Authority) -> tuple[Path, Path]:
    return test_ca.issue("127.0.0.1", "localhost")


@pytest.fixture
def ldap_server(test_ca: Authority, server_cert: tuple[Path, Path]) -> Iterator[LdapServer]:
    require_slapd()
    with run_slapd(*server_cert, test_ca.pem) as server:
        yield server


def directory_table(server: LdapServer, **overrides: object) -> dict[str, object]:
    table: dict[str, object] = {
        "enabled": True, "kind": "openldap", "url": server.ldaps_url, "ca_file": str(server.ca_file),
        "bind": "search", "bind_dn": SERVICE_DN, "base": PEOPLE, "group_base": GROUPS,
        "disabled_filter": "(employeeType=disabled)", "timeout": 5,
        "group_roles": {group_dn("service-desk"): "l1_agent", group_dn("it-technicians"): "l2_technician",
                        group_dn("helpdesk-admins"): "admin"},
        "group_teams": {group_dn("service-desk"): "Service Desk", group_dn("it-technicians"): "Desktop Support"},
    }
    table.update(overrides)
    return table


@pytest.fixture
def settings(database_url: str, ldap_server: LdapServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("HELPDESK_DIRECTORY_BIND_PASSWORD", SERVICE_PW)
    return Settings(database_url=database_url, language="en", secret_key=SECRET_KEY,
                    directory=directory_table(ldap_server))


@pytest.fixture(autouse=True)
def _defaults(request: pytest.FixtureRequest) -> None:
    if "db" in request.fixturenames:
        f.defaults(request.getfixturevalue("db"))
