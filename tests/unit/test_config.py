import tomllib
from pathlib import Path

import pytest

from shared.config import load_settings, save_setting


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
