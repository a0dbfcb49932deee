"""Directory rules without a server: group -> role/team mapping, DN comparison, the AD nested-group
filter, and the settings that refuse unsafe setups."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from shared.config import AD_DISABLED_FILTER, AD_USER_FILTER, DirectorySettings, Settings
from shared.directory.ldap import IN_CHAIN, Directory, norm_dn
from shared.directory.mapping import role_for, teams_for
from shared.models.enums import Role

ADMINS, AGENTS = "CN=Helpdesk Admins,OU=Groups,DC=corp,DC=example", "CN=Service Desk,OU=Groups,DC=corp,DC=example"


def _ad(**kw: Any) -> DirectorySettings:
    values: dict[str, Any] = {"enabled": True, "kind": "active_directory", "url": "ldaps://dc1.corp.example",
                              "bind": "direct", "user_dn_template": "{username}@corp.example",
                              "base": "DC=corp,DC=example", "group_roles": {ADMINS: "admin", AGENTS: "l1_agent"},
                              "group_teams": {AGENTS: "Service Desk"}}
    values.update(kw)
    return DirectorySettings(**values)


def test_active_directory_defaults() -> None:
    cfg = _ad()
    assert (cfg.user_filter, cfg.username_attribute, cfg.disabled_filter, cfg.nested_groups) == (
        AD_USER_FILTER, "sAMAccountName", AD_DISABLED_FILTER, "in_chain")
    assert "sAMAccountName={username}" in cfg.user_filter and "userPrincipalName={username}" in cfg.user_filter


def test_highest_mapped_role_wins_and_dns_compare_loosely() -> None:
    cfg = _ad()
    groups = {norm_dn("cn=service desk, ou=groups, dc=corp, dc=example"), norm_dn(ADMINS)}
    assert role_for(groups, cfg) == Role.ADMIN
    assert role_for({norm_dn(AGENTS)}, cfg) == Role.L1_AGENT
    assert teams_for({norm_dn(AGENTS)}, cfg) == {"Service Desk"}
    assert role_for(set(), cfg) == Role.REQUESTER
    assert role_for(set(), _ad(default_role=None)) is None


@pytest.mark.parametrize(("change", "message"), [
    ({"url": "ldap://dc1.corp.example"}, "starttls"),
    ({"url": "http://dc1"}, "ldaps://"),
    ({"bind": "direct", "user_dn_template": None}, "user_dn_template"),
    ({"bind": "search", "bind_dn": None}, "bind_dn"),
    ({"group_roles": {ADMINS: "root"}}, "unknown role"),
    ({"base": ""}, "base"),
])
def test_unsafe_or_incomplete_settings_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _ad(**change)


def test_settings_refuse_unknown_totp_roles() -> None:
    with pytest.raises(ValidationError, match="unknown role"):
        Settings(security={"totp_required_roles": ["wizard"]})


class _Recorder:
    """Stands in for an ldap3 connection: records the searches, returns no entries."""

    def __init__(self) -> None:
        self.searches: list[tuple[str, str]] = []
        self.entries: list[object] = []
        self.result = {"result": 0}

    def search(self, base: str, flt: str, **_kw: Any) -> bool:
        self.searches.append((base, flt))
        return True


def test_active_directory_nested_groups_use_the_in_chain_rule() -> None:
    conn = _Recorder()
    Directory(_ad(group_base="OU=Groups,DC=corp,DC=example"))._groups(conn, "CN=Budi (IT),OU=People,DC=corp")  # type: ignore[arg-type]
    assert conn.searches == [("OU=Groups,DC=corp,DC=example",
                              f"(member:{IN_CHAIN}:=CN=Budi \\28IT\\29,OU=People,DC=corp)")]


def test_an_empty_default_role_refuses_unmapped_users() -> None:
    assert _ad(default_role="").default_role is None


def test_the_directory_table_is_read_from_the_config_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from shared.config import load_settings, save_setting

    path = tmp_path / "helpdesk.toml"
    path.write_text('[helpdesk]\nlanguage = "id"\n\n[directory]\nenabled = true\nkind = "active_directory"\n'
                    'url = "ldaps://dc1.corp.example"\nbind = "direct"\nuser_dn_template = "{username}@corp.example"\n'
                    'base = "DC=corp,DC=example"\n\n[directory.group_roles]\n"CN=L2,DC=corp,DC=example" = '
                    '"l2_technician"\n\n[security]\nmax_failed_signins = 3\n', encoding="utf-8")
    monkeypatch.setenv("HELPDESK_CONFIG", str(path))
    settings = load_settings()
    assert settings.directory.enabled
    assert settings.directory.group_roles == {"CN=L2,DC=corp,DC=example": "l2_technician"}
    assert settings.security.max_failed_signins == 3
    save_setting("timezone", "Asia/Jakarta")  # the [helpdesk] table is rewritten; the others stay
    assert load_settings().directory == settings.directory
