import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from shared.config import load_settings, save_setting

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "helpdesk.toml"
    monkeypatch.setenv("HELPDESK_CONFIG", str(path))
    for var in ("HELPDESK_LANGUAGE", "HELPDESK_TIMEZONE", "HELPDESK_AUTO_CLOSE_DAYS"):
        monkeypatch.delenv(var, raising=False)
    return path


def test_save_setting_keeps_other_tables(config_file: Path) -> None:
    config_file.write_text('[helpdesk]\nlanguage = "en"\n\n[mail]\nimap_host = "mail.example.co.id"\n')
    save_setting("language", "id")
    save_setting("auto_close_days", 10)
    data = tomllib.loads(config_file.read_text())
    assert data["helpdesk"] == {"language": "id", "auto_close_days": 10}
    assert data["mail"] == {"imap_host": "mail.example.co.id"}
    assert load_settings().language == "id"


def test_environment_wins_over_the_file(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_setting("timezone", "Asia/Makassar")
    assert load_settings().timezone == "Asia/Makassar"
    monkeypatch.setenv("HELPDESK_TIMEZONE", "Asia/Jayapura")
    assert load_settings().timezone == "Asia/Jayapura"


def test_bad_values_are_refused_before_writing(config_file: Path) -> None:
    with pytest.raises(ValueError, match="time zone"):
        save_setting("timezone", "Mars/Olympus")
    with pytest.raises(KeyError):
        save_setting("no_such_setting", 1)
    assert not config_file.exists()


# --- the environment, read without pydantic-settings ---------------------------------------------

def _reference() -> type:
    """Settings' fields on pydantic-settings' BaseSettings, as Settings was declared before it read
    the environment itself (its own two validators aside: they check values, not where they came from)."""
    from pydantic_settings import BaseSettings, SettingsConfigDict

    from shared.config_schema import Settings

    annotations = {name: info.annotation for name, info in Settings.model_fields.items()}
    return type("Reference", (BaseSettings,), {
        "model_config": SettingsConfigDict(env_prefix="HELPDESK_", extra="ignore"),
        "__annotations__": annotations, **Settings.model_fields})


ENVIRONMENTS = [
    {},
    {"HELPDESK_LANGUAGE": "id", "HELPDESK_AUTO_ASSIGN": "false", "HELPDESK_AUTO_CLOSE_DAYS": "10",
     "HELPDESK_TRIAGE_AUTO_APPLY": "0.5", "HELPDESK_DATABASE_PREPARED_STATEMENTS": "0"},
    {"helpdesk_language": "en", "Helpdesk_Ticket_Prefix": "IT"},  # any case, as pydantic-settings read them
    {"HELPDESK_DIRECTORY": '{"kind": "active_directory", "group_roles": {"cn=it": "l1_agent"}}',
     "HELPDESK_SECURITY": '{"max_failed_signins": 3, "totp_required_roles": ["admin"]}'},
    {"HELPDESK_CONFIG": "/nowhere.toml", "HELPDESK_MAIL_IMAP_HOST": "mail.example.co.id", "HELPDESK_": "x"},
    {"HELPDESK_LANGUAGE": "", "HELPDESK_SECRET_KEY": ""},  # empty is a value, not "unset"
    {"HELPDESK_AUTO_CLOSE_DAYS": "0"},
    {"HELPDESK_AUTO_ASSIGN": "maybe", "HELPDESK_ATTACHMENT_MAX_BYTES": "ten"},
    {"HELPDESK_SECURITY": '{"max_failed_signins": 0}'},
    {"HELPDESK_DIRECTORY": '"not a table"'},
]


def _outcome(cls: type, kwargs: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    try:
        return cls(**kwargs).model_dump()
    except ValidationError as exc:
        return [(e["loc"], e["type"], e["msg"]) for e in exc.errors()]


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.lower().startswith("helpdesk"):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("kwargs", [{}, {"language": "en", "directory": {"base": "dc=example", "kind": "openldap"}}])
def test_settings_read_the_environment_as_pydantic_settings_did(clean_environment: pytest.MonkeyPatch,
                                                                 env: dict[str, str], kwargs: dict[str, Any]) -> None:
    """Values, their precedence (keyword arguments over variables, tables merged key by key) and the
    errors of bad values are those of BaseSettings."""
    from shared.config import Settings

    for name, value in env.items():
        clean_environment.setenv(name, value)
    assert _outcome(Settings, kwargs) == _outcome(_reference(), kwargs)


def test_a_table_that_is_not_json_is_refused_as_before(clean_environment: pytest.MonkeyPatch) -> None:
    from shared.config import Settings

    clean_environment.setenv("HELPDESK_DIRECTORY", "{kind: ad")
    with pytest.raises(ValueError, match='error parsing value for field "directory"') as ours:
        Settings()
    with pytest.raises(ValueError, match='error parsing value for field "directory"') as theirs:
        _reference()()
    assert str(ours.value) == str(theirs.value)


def test_loading_the_settings_imports_no_pydantic_settings(tmp_path: Path) -> None:
    """Every command (the console's first page too) starts by loading the settings."""
    code = ("import sys\nfrom shared.config import load_settings\nload_settings()\n"
            "print('pydantic_settings' in sys.modules)")
    env = dict(os.environ, HELPDESK_CONFIG=str(tmp_path / "none.toml"))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"


# --- the values, checked without pydantic -----------------------------------------------------------

ROLE = "l1_agent"


def _security_table() -> Any:
    """Another table where [directory] is expected: refused as pydantic refused its own."""
    from shared.config import SecuritySettings

    return SecuritySettings()

# Good, odd and bad values of every kind of field: the quick checks take the usual forms, pydantic
# (shared.config_schema) every other, and both must end with the same value or the same error.
TEXTS = ["", "x", "ülkü", "\udcff", 5, None, True, 1.5, b"bytes", ["a"], " HD", "HD\n"]
FLAGS = [True, False, "true", "False", "TRUE", "t", "f", "yes", "No", "y", "n", "on", "OFF", "1", "0", " true",
         "tru", "", 1, 0, 2, 1.0, 0.0, None, "１"]
WHOLES = ["10", "010", " 10", "+10", "1_0", "10.0", "10.5", "1e2", "", "-1", "0", 0, 10, 10.0, 10.5, True, False,
          None, "１０", "9" * 30, 10**30, 2**63, "365", "366", 365, 366, 1024, 1023]
REALS = ["0.5", "00.5", "0.05", ".5", "5.", " 0.5", "1e-1", "0.50", "1", "0", "-0.5", "nan", "inf", "1_0", "",
         0, 1, 2, 0.5, -0.0, float("nan"), float("inf"), 1.0000001, True, None, 10**20, "60", "60.1", 60, 61, 0.1, 0.09]
FIELD_VALUES: dict[str, list[Any]] = {
    "database_url": TEXTS, "language": TEXTS, "database_prepared_statements": FLAGS, "auto_assign": FLAGS,
    "timezone": ["Asia/Jakarta", "UTC", "Mars/Olympus", "", "../etc/passwd", "asia/jakarta", 7, None, "Asia/Jakarta\n"],
    "ticket_prefix": ["HD", "IT", "ABCDEF", "ABCDEFG", "hd", "", "H1", "HD\n", "\nHD", "ＨＤ", 5, None],
    "unknown_senders": ["create", "reject", "Create", "", " create", None, 1],
    "secret_key": ["k" * 31, "k" * 32, "é" * 32, "\udcff" * 32, "", None, 32],
    "attachment_max_bytes": WHOLES, "auto_close_days": WHOLES, "argon2_parallelism": WHOLES,
    "incident_min_tickets": WHOLES, "triage_auto_apply": REALS,
    "argon2_memory_kib": [8, 31, 32, "64", 4 * 1024 * 1024, 4 * 1024 * 1024 + 1],
    "directory": [{}] + [{"timeout": v} for v in REALS] + [
        {"kind": "active_directory"}, {"kind": "ad"}, {"bind": "direct"}, {"nested_groups": ""},
        {"nested_groups": "none"}, {"nested_groups": "deep"}, {"default_role": ""}, {"default_role": None},
        {"default_role": ROLE}, {"default_role": "wizard"}, {"group_roles": {"cn=it": ROLE}},
        {"group_roles": {"cn=it": "wizard"}}, {"group_roles": {"cn=it": 5}}, {"group_roles": []},
        {"group_teams": {"cn=it": "Service Desk"}}, {"group_teams": {5: "x"}}, {"no_such_key": 1},
        {"enabled": "yes", "url": "ldaps://dc1", "base": "dc=x", "bind_dn": "cn=svc"},
        {"enabled": True, "url": "ldap://dc1", "base": "dc=x", "bind_dn": "cn=svc"},
        {"enabled": True, "url": "ldap://dc1", "starttls": True, "base": "dc=x", "bind_dn": "cn=svc"},
        {"enabled": True, "url": "http://dc1", "base": "dc=x", "bind_dn": "cn=svc"},
        {"enabled": True, "url": "ldaps://dc1", "base": "", "bind_dn": "cn=svc"},
        {"enabled": True, "url": "ldaps://dc1", "base": "dc=x", "bind": "direct"},
        {"enabled": True, "url": "ldaps://dc1", "base": "dc=x"},
        {"ca_file": None, "bind_dn": "x", "user_dn_template": 5}, "not a table", None, [("kind", "openldap")],
        _security_table()],
    "security": [{}, {"totp_required_roles": []}, {"totp_required_roles": [ROLE, "admin"]},
                 {"totp_required_roles": ["wizard"]}, {"totp_required_roles": (ROLE,)},
                 {"totp_required_roles": ROLE}, {"totp_issuer": 5}, {"extra": 1}]
                + [{"max_failed_signins": v} for v in WHOLES] + [{"lockout_minutes": v} for v in REALS]
                + [{"session_hours": v} for v in REALS] + [{"session_max_days": v} for v in REALS],
}


def _checked(cls: type, kwargs: dict[str, Any]) -> Any:
    """What a settings class makes of `kwargs`: each value with its type, or pydantic's errors."""
    from pydantic import ValidationError

    def typed(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: typed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [typed(v) for v in value]
        return (type(value).__name__, repr(value))  # 1 and 1.0 and True differ; NaN equals itself

    try:
        return typed(cls(**kwargs).model_dump())
    except ValidationError as exc:
        return str(exc), exc.errors(include_url=False, include_context=False)  # ctx holds exceptions


@pytest.mark.parametrize("name", sorted(FIELD_VALUES))
def test_every_value_is_taken_or_refused_as_by_pydantic(clean_environment: pytest.MonkeyPatch, name: str) -> None:
    """The quick checks of shared.config and the pydantic models of shared.config_schema end with the
    same values, of the same types, or the same errors, worded the same."""
    from shared import config, config_schema

    for value in FIELD_VALUES[name]:
        assert _checked(config.Settings, {name: value}) == _checked(config_schema.Settings, {name: value}), value


def test_tables_are_taken_or_refused_as_by_pydantic() -> None:
    from shared import config, config_schema

    for name in ("DirectorySettings", "SecuritySettings"):
        for values in FIELD_VALUES["directory" if name.startswith("Directory") else "security"]:
            if isinstance(values, dict):
                assert _checked(getattr(config, name), values) == _checked(getattr(config_schema, name), values)


def test_the_classes_have_the_models_fields_and_defaults(clean_environment: pytest.MonkeyPatch) -> None:
    from shared import config, config_schema

    for name in ("Settings", "DirectorySettings", "SecuritySettings"):
        ours, theirs = getattr(config, name), getattr(config_schema, name)
        assert list(ours._fields) == list(theirs.model_fields) == list(ours.__annotations__)
        assert _checked(ours, {}) == _checked(theirs, {})
        assert repr(ours()) == repr(theirs())  # the secret key is left out of both
    assert config_schema.Settings.model_fields["ticket_prefix"].default == config.DEFAULT_TICKET_PREFIX


def test_a_table_given_as_an_instance_is_kept(clean_environment: pytest.MonkeyPatch) -> None:
    """As pydantic keeps an instance of its model: Settings(directory=cfg).directory is cfg, on the
    quick way and on pydantic's (another value it has to judge)."""
    from shared.config import DirectorySettings, Settings

    cfg = DirectorySettings(kind="active_directory")
    assert Settings(directory=cfg).directory is cfg
    assert Settings(directory=cfg, auto_close_days="+10").directory is cfg
    copied = Settings(directory=cfg).model_copy(update={"language": "id"})
    assert copied.language == "id" and copied.directory is cfg and copied != Settings(directory=cfg)
    assert copied.model_copy(update={"language": None}) == Settings(directory=cfg)


def test_loading_the_settings_imports_no_pydantic(tmp_path: Path) -> None:
    """The console's first page (and every command) starts by loading the settings: the usual values
    need no pydantic; a bad one is refused in pydantic's words."""
    code = ("import sys\nfrom shared.config import load_settings\nload_settings()\n"
            "print(sorted(m for m in ('pydantic', 'pydantic_core') if m in sys.modules))")
    env = dict(os.environ, HELPDESK_CONFIG=str(tmp_path / "helpdesk.toml"), HELPDESK_LANGUAGE="id",
               HELPDESK_AUTO_ASSIGN="false", HELPDESK_TRIAGE_AUTO_APPLY="0.5",
               HELPDESK_SECURITY='{"totp_required_roles": ["admin"], "session_hours": 8}')
    (tmp_path / "helpdesk.toml").write_text('[helpdesk]\nauto_close_days = 10\ntimezone = "Asia/Jakarta"\n'
                                            '[directory]\nkind = "active_directory"\n')
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
