"""Settings, read from the environment (HELPDESK_*) and an optional TOML file.

The file is `helpdesk.toml` in the user config dir (platformdirs), or the path in HELPDESK_CONFIG.
Environment variables win over the file. Nothing here runs at import time: `main()` functions
call `load_settings()` and pass the result down.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "helpdesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    explicit = os.environ.get("HELPDESK_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "helpdesk.toml"


def default_database_url() -> str:
    return f"sqlite:///{(data_dir() / 'helpdesk.sqlite3').as_posix()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPDESK_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    language: str | None = None  # None: follow the OS locale
    timezone: str | None = None  # None: the OS time zone; used to show times
    ticket_prefix: str = Field(default="HD", pattern=r"^[A-Z]{1,6}$")
    attachment_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=1024**3)
    auto_close_days: int = Field(default=7, ge=1, le=365)
    auto_assign: bool = True
    unknown_senders: str = Field(default="create", pattern="^(create|reject)$")
    # argon2id cost of new password hashes (argon2-cffi's defaults, RFC 9106's low-memory choice).
    # The test suite lowers them: a hash there costs microseconds instead of ~100 ms.
    argon2_time_cost: int = Field(default=3, ge=1, le=64)
    argon2_memory_kib: int = Field(default=64 * 1024, ge=8, le=4 * 1024 * 1024)
    argon2_parallelism: int = Field(default=4, ge=1, le=64)

    @model_validator(mode="after")
    def _argon2_memory_per_lane(self) -> Settings:
        if self.argon2_memory_kib < 8 * self.argon2_parallelism:
            raise ValueError("argon2_memory_kib must be at least 8 KiB per lane (argon2_parallelism)")
        return self

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {value!r}") from exc
        return value


def _file_values(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    section = raw.get("helpdesk", raw)
    return {k: v for k, v in section.items() if not isinstance(v, dict)}


def table_values(name: str) -> dict[str, Any]:
    """The `[name]` table of the config file (e.g. [scheduler]); empty when there is none."""
    path = config_path()
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        section = tomllib.load(fh).get(name, {})
    return dict(section) if isinstance(section, dict) else {}


def load_settings(**overrides: Any) -> Settings:
    """File values first, then environment variables, then explicit overrides."""
    values = _file_values(config_path())
    env_keys = {name for name in Settings.model_fields if f"HELPDESK_{name.upper()}" in os.environ}
    for key in env_keys:
        values.pop(key, None)
    values.update(overrides)
    return Settings(**values)


def save_setting(key: str, value: str | int | bool | None) -> Path:
    """Persist one setting in the [helpdesk] table of the config file (the settings dialogs use it).

    Other tables in the file (e.g. [mail]) and comments outside [helpdesk] are kept as they are.
    """
    if key not in Settings.model_fields:
        raise KeyError(key)
    path = config_path()
    values = _file_values(path)
    if value is None:
        values.pop(key, None)
    else:
        values[key] = value
    Settings(**values)  # refuse to write a file that would not load
    section = ["[helpdesk]"]
    for name, val in sorted(values.items()):
        section.append(f"{name} = {_toml_value(val)}")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_replace_table(text, "helpdesk", "\n".join(section) + "\n"), encoding="utf-8")
    return path


def _toml_value(val: str | int | bool) -> str:
    if isinstance(val, bool):
        return "true" if val else "false"
    if isinstance(val, int):
        return str(val)
    return '"' + str(val).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _replace_table(text: str, name: str, table: str) -> str:
    """Swap the [name] table (up to the next table header) for `table`, or put it first."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == f"[{name}]"), None)
    if start is None:
        # Top-level keys before any table belong to [helpdesk] too (see _file_values): drop them.
        first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
        rest = "".join(lines[first_table:])
        return table + ("\n" + rest if rest else "")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    rest = "".join(lines[end:])
    return "".join(lines[:start]) + table + ("\n" + rest if rest else "")
