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

    from shared.config import Settings

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
