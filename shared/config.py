"""Settings, read from the environment (HELPDESK_*) and an optional TOML file.

The file is `helpdesk.toml` in the user config dir (platformdirs), or the path in HELPDESK_CONFIG.
Environment variables win over the file. Nothing here runs at import time: `main()` functions
call `load_settings()` and pass the result down.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

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


ROLE_NAMES = ("requester", "l1_agent", "l2_technician", "l3_engineer", "supervisor", "admin")
_ROLE_PATTERN = "^(" + "|".join(ROLE_NAMES) + ")$"
OPENLDAP_USER_FILTER = "(&(objectClass=inetOrgPerson)(uid={username}))"
AD_USER_FILTER = ("(&(objectCategory=person)(objectClass=user)"
                  "(|(sAMAccountName={username})(userPrincipalName={username})))")
AD_DISABLED_FILTER = "(userAccountControl:1.2.840.113556.1.4.803:=2)"  # the ACCOUNTDISABLE bit


# --- the settings as plain classes ------------------------------------------------------------------
# Importing pydantic and building the three models cost every start (the console's first page among
# them) ~100 ms of CPU. The classes below check the values of a usual start themselves: the value
# types a file and the environment give (text, true/false, whole and decimal numbers, tables), in
# the forms whose result is certain, stored as pydantic stores them. Anything else (a value out of
# range, a form the checks do not know, an unknown key of a table) goes to the pydantic models of
# shared.config_schema, which give their value or raise their ValidationError, worded as always.
# tests/unit/test_config.py compares both on every field with good, odd and bad values.


class _Unsure(Exception):
    """A value the quick checks do not vouch for: the pydantic models decide."""


_Check = Callable[[Any], Any]


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _Unsure
    if not value.isascii():
        try:
            value.encode("utf-8")  # a lone surrogate (an undecodable variable) is pydantic's to judge
        except UnicodeEncodeError:
            raise _Unsure from None
    return value


def _optional(check: _Check) -> _Check:
    return lambda value: None if value is None else check(value)


def _one_of(*choices: str) -> _Check:
    def check(value: Any) -> str:
        text = _text(value)
        if text not in choices:
            raise _Unsure
        return text
    return check


def _long_text(min_length: int) -> _Check:
    def check(value: Any) -> str:
        text = _text(value)
        if len(text) < min_length:
            raise _Unsure
        return text
    return check


def _prefix(value: Any) -> str:  # ^[A-Z]{1,6}$
    text = _text(value)
    if not (1 <= len(text) <= 6 and all("A" <= c <= "Z" for c in text)):
        raise _Unsure
    return text


_BOOL_WORDS = {"true": True, "t": True, "yes": True, "y": True, "on": True, "1": True,
               "false": False, "f": False, "no": False, "n": False, "off": False, "0": False}


def _flag(value: Any) -> bool:
    if type(value) is bool:
        return value
    if type(value) is str and value.isascii() and value.lower() in _BOOL_WORDS:
        return _BOOL_WORDS[value.lower()]
    raise _Unsure


def _whole(ge: int, le: int) -> _Check:
    def check(value: Any) -> int:
        if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 18:
            number = int(value)
        elif type(value) is int:
            number = value
        else:
            raise _Unsure
        if not ge <= number <= le:
            raise _Unsure
        return number
    return check


_DECIMAL = re.compile(r"[0-9]{1,15}(\.[0-9]{1,15})?")


def _real(*, ge: float | None = None, gt: float | None = None, le: float) -> _Check:
    def check(value: Any) -> float:
        if (type(value) is str and _DECIMAL.fullmatch(value)) or (type(value) is int and abs(value) <= 2**53):
            number = float(value)
        elif type(value) is float:
            number = value
        else:
            raise _Unsure
        if not ((ge is None or number >= ge) and (gt is None or number > gt) and number <= le):
            raise _Unsure  # NaN fails every comparison: pydantic's to refuse
        return number
    return check


def _roles(value: Any) -> list[str]:
    if type(value) is not list or not all(_text(role) in ROLE_NAMES for role in value):
        raise _Unsure
    return list(value)


def _text_table(value: Any) -> dict[str, str]:
    if type(value) is not dict:
        raise _Unsure
    return {_text(k): _text(v) for k, v in value.items()}


def _role_table(value: Any) -> dict[str, str]:
    table = _text_table(value)
    if not all(role in ROLE_NAMES for role in table.values()):
        raise _Unsure
    return table


def _default_role(value: Any) -> str | None:
    if value == "":  # TOML has no null: "" means "only mapped groups"
        return None
    if value is None or (type(value) is str and value in ROLE_NAMES):
        return value
    raise _Unsure


def _zone(value: Any) -> str:
    try:
        ZoneInfo(_text(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise _Unsure from None
    return value  # type: ignore[no-any-return]


class _Plain:
    """A settings table: its fields' checks and defaults; the pydantic model of the same name in
    shared.config_schema decides what the checks do not vouch for."""

    _fields: ClassVar[dict[str, tuple[_Check, Callable[[], Any]]]]  # name -> (check, default)
    _extra: ClassVar[str]  # "ignore" or "forbid", as the model's config
    _hidden: ClassVar[frozenset[str]] = frozenset()  # left out of repr()
    _tables: ClassVar[dict[str, type[_Plain]]] = {}  # the fields that are tables of their own

    def __init__(self, **values: Any) -> None:
        try:
            self._fill(values)
        except _Unsure:
            self.__dict__.clear()
            self.__dict__.update(self._by_pydantic(values))

    def _fill(self, values: dict[str, Any]) -> None:
        """The fields from `values` by the quick checks, then the model's own rules; _Unsure if
        any check does not vouch for its value."""
        self.__dict__.update(self._quick(values))
        self._after()

    def _quick(self, values: dict[str, Any]) -> dict[str, Any]:
        fields = self._fields
        if self._extra == "forbid" and not fields.keys() >= values.keys():
            raise _Unsure
        out: dict[str, Any] = {}
        for name, (check, default) in fields.items():
            out[name] = check(values[name]) if name in values else default()
        return out

    def _after(self) -> None:
        """The model's own rules (after every field): completes values, or raises _Unsure."""

    def _by_pydantic(self, values: dict[str, Any]) -> dict[str, Any]:
        from shared import config_schema

        ours = {name for name, cls in self._tables.items() if type(values.get(name)) is cls}
        given = {name: value.model_dump() if name in ours else value for name, value in values.items()}
        model = getattr(config_schema, type(self).__name__)(**given)  # its value, or its ValidationError
        out = {}
        for name in self._fields:
            value = getattr(model, name)
            if name in ours:
                value = values[name]  # a table given as one of ours is kept as it is, as pydantic kept its own
            elif name in self._tables:  # the model's table: one of ours of its values
                value = self._tables[name]._built(value.model_dump())
            out[name] = value
        return out

    @classmethod
    def _built(cls, values: dict[str, Any]) -> Any:
        """An instance of values already checked (a pydantic model's dump)."""
        new = cls.__new__(cls)
        new.__dict__.update(values)
        return new

    def model_dump(self) -> dict[str, Any]:
        return {name: value.model_dump() if isinstance(value, _Plain)
                else value.copy() if isinstance(value, dict | list) else value
                for name, value in self.__dict__.items()}

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        """A copy with `update`'s values, unchecked (as pydantic's model_copy)."""
        new = copy.deepcopy(self) if deep else copy.copy(self)
        new.__dict__.update(update or {})
        return new

    def __copy__(self) -> Any:
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, as pydantic's models

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items() if name not in self._hidden)
        return f"{type(self).__name__}({shown})"


def complete_directory_defaults(d: Any) -> None:
    """The directory's settings left empty, filled for its kind (Active Directory or OpenLDAP); shared
    by DirectorySettings and shared.config_schema's pydantic model of it."""
    ad = d.kind == "active_directory"
    d.user_filter = d.user_filter or (AD_USER_FILTER if ad else OPENLDAP_USER_FILTER)
    d.username_attribute = d.username_attribute or ("sAMAccountName" if ad else "uid")
    d.disabled_filter = d.disabled_filter or (AD_DISABLED_FILTER if ad else "")
    d.nested_groups = d.nested_groups or ("in_chain" if ad else "walk")


class DirectorySettings(_Plain):
    """The `[directory]` table: sign-in against OpenLDAP or Active Directory (see README, "Directory
    sign-in"). The service account's password never sits here: HELPDESK_DIRECTORY_BIND_PASSWORD or
    the OS keyring (service "helpdesk-directory", user name = bind_dn). The comments of each field
    are in shared.config_schema."""

    enabled: bool
    kind: str
    url: str
    starttls: bool
    allow_plain: bool
    ca_file: str | None
    timeout: float
    bind: str
    bind_dn: str | None
    user_dn_template: str | None
    base: str
    user_filter: str
    username_attribute: str
    disabled_filter: str
    group_base: str
    group_roles: dict[str, str]
    group_teams: dict[str, str]
    default_role: str | None
    nested_groups: str

    _extra = "forbid"
    _fields = {
        "enabled": (_flag, lambda: False),
        "kind": (_one_of("openldap", "active_directory"), lambda: "openldap"),
        "url": (_text, lambda: ""),
        "starttls": (_flag, lambda: False),
        "allow_plain": (_flag, lambda: False),
        "ca_file": (_optional(_text), lambda: None),
        "timeout": (_real(gt=0, le=60), lambda: 5.0),
        "bind": (_one_of("search", "direct"), lambda: "search"),
        "bind_dn": (_optional(_text), lambda: None),
        "user_dn_template": (_optional(_text), lambda: None),
        "base": (_text, lambda: ""),
        "user_filter": (_text, lambda: ""),
        "username_attribute": (_text, lambda: ""),
        "disabled_filter": (_text, lambda: ""),
        "group_base": (_text, lambda: ""),
        "group_roles": (_role_table, dict),
        "group_teams": (_text_table, dict),
        "default_role": (_default_role, lambda: "requester"),
        "nested_groups": (_one_of("", "in_chain", "walk", "none"), lambda: ""),
    }

    def _after(self) -> None:  # shared.config_schema.DirectorySettings._complete, which words the errors
        complete_directory_defaults(self)
        if not self.enabled:
            return
        if (not self.url.startswith(("ldap://", "ldaps://"))
                or (self.url.startswith("ldap://") and not (self.starttls or self.allow_plain))
                or (self.bind == "direct" and not self.user_dn_template)
                or (self.bind == "search" and not self.bind_dn)
                or not self.base):
            raise _Unsure


class SecuritySettings(_Plain):
    """The `[security]` table: two-factor sign-in and lock-outs (see shared.config_schema)."""

    totp_required_roles: list[str]
    totp_issuer: str
    max_failed_signins: int
    lockout_minutes: float
    session_hours: float
    session_max_days: float

    _extra = "forbid"
    _fields = {
        "totp_required_roles": (_roles, lambda: ["l2_technician", "l3_engineer", "admin"]),
        "totp_issuer": (_text, lambda: "Helpdesk"),
        "max_failed_signins": (_whole(1, 100), lambda: 5),
        "lockout_minutes": (_real(ge=0.1, le=24 * 60), lambda: 15.0),
        "session_hours": (_real(gt=0, le=24 * 30), lambda: 12.0),
        "session_max_days": (_real(gt=0, le=365), lambda: 30.0),
    }


def _table(cls: type[_Plain]) -> _Check:
    def check(value: Any) -> Any:
        if type(value) is cls:
            return value  # kept as it is, as pydantic kept an instance of its model
        if type(value) is not dict:
            raise _Unsure
        table = cls.__new__(cls)
        table._fill(value)  # _Unsure goes up: the whole Settings is then pydantic's to build
        return table
    return check


DEFAULT_TICKET_PREFIX = "HD"


class Settings(_Plain):
    """Every setting of the core. Built with keyword arguments (the file's values, overrides), under
    which the environment's HELPDESK_<NAME> variables fill in the rest (see `environment`), as
    pydantic-settings' BaseSettings did. What each setting means: shared.config_schema.Settings."""

    database_url: str
    database_prepared_statements: bool
    language: str | None
    timezone: str | None
    ticket_prefix: str
    attachment_max_bytes: int
    auto_close_days: int
    auto_assign: bool
    alert_clear_minutes: int
    alert_flap_minutes: int
    forecast_days_ahead: int
    unknown_senders: str
    triage_auto_apply: float
    checklist_blocks_resolve: bool
    incident_min_tickets: int
    incident_window_minutes: int
    incident_baseline_days: int
    argon2_time_cost: int
    argon2_memory_kib: int
    argon2_parallelism: int
    secret_key: str | None
    directory: DirectorySettings
    security: SecuritySettings

    _extra = "ignore"
    _hidden = frozenset({"secret_key"})
    _tables = {"directory": DirectorySettings, "security": SecuritySettings}
    _fields = {
        "database_url": (_text, default_database_url),
        "database_prepared_statements": (_flag, lambda: True),
        "language": (_optional(_text), lambda: None),
        "timezone": (_optional(_zone), lambda: None),
        "ticket_prefix": (_prefix, lambda: DEFAULT_TICKET_PREFIX),
        "attachment_max_bytes": (_whole(1024, 1024**3), lambda: 10 * 1024 * 1024),
        "auto_close_days": (_whole(1, 365), lambda: 7),
        "auto_assign": (_flag, lambda: True),
        "alert_clear_minutes": (_whole(1, 30 * 24 * 60), lambda: 120),
        "alert_flap_minutes": (_whole(1, 7 * 24 * 60), lambda: 360),
        "forecast_days_ahead": (_whole(1, 365), lambda: 14),
        "unknown_senders": (_one_of("create", "reject"), lambda: "create"),
        "triage_auto_apply": (_real(ge=0.0, le=1.0), lambda: 0.8),
        "checklist_blocks_resolve": (_flag, lambda: True),
        "incident_min_tickets": (_whole(2, 1000), lambda: 5),
        "incident_window_minutes": (_whole(1, 24 * 60), lambda: 15),
        "incident_baseline_days": (_whole(1, 365), lambda: 14),
        "argon2_time_cost": (_whole(1, 64), lambda: 3),
        "argon2_memory_kib": (_whole(8, 4 * 1024 * 1024), lambda: 64 * 1024),
        "argon2_parallelism": (_whole(1, 64), lambda: 4),
        "secret_key": (_optional(_long_text(32)), lambda: None),
        "directory": (_table(DirectorySettings), DirectorySettings),
        "security": (_table(SecuritySettings), SecuritySettings),
    }

    def __init__(self, **values: Any) -> None:
        super().__init__(**_deep_update(environment(), values))

    def _after(self) -> None:
        if self.argon2_memory_kib < 8 * self.argon2_parallelism:
            raise _Unsure  # "argon2_memory_kib must be at least 8 KiB per lane", worded by the model


FIELDS = tuple(Settings._fields)  # the core's settings' names


ENV_PREFIX = "HELPDESK_"


def environment() -> dict[str, Any]:
    """The settings given by environment variables, read as pydantic-settings read them (with
    `env_prefix="HELPDESK_"`): the prefix and name in any case (`helpdesk_language` too), a value
    handed to validation as the text it is, except the [directory] and [security] tables, which are
    JSON. Variables of the prefix that name no setting (HELPDESK_CONFIG, HELPDESK_MAIL_…) are not
    settings. tests/unit/test_config.py compares the result with pydantic-settings' own."""
    variables = {name.lower(): value for name, value in os.environ.items()}
    prefix = ENV_PREFIX.lower()
    values: dict[str, Any] = {}
    for name in FIELDS:
        value = variables.get(prefix + name)
        if value is None:
            continue
        if name in NESTED_TABLES:
            try:
                values[name] = json.loads(value)
            except ValueError as exc:  # pydantic-settings' SettingsError was a ValueError with these words
                raise ValueError(f'error parsing value for field "{name}" from source "EnvSettingsSource"') from exc
        else:
            values[name] = value
    return values


def _deep_update(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """`base` with `update`'s values over it; where both hold a dict (a table), merged the same way."""
    merged = dict(base)
    for key, value in update.items():
        old = merged.get(key)
        merged[key] = _deep_update(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def _file_values(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    import tomllib  # only with a file to read: a start without one does without its parser

    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    section = raw.get("helpdesk", raw)
    values = {k: v for k, v in section.items() if not isinstance(v, dict)}
    for table in NESTED_TABLES:  # [directory] and [security] are tables of their own
        if isinstance(raw.get(table), dict):
            values[table] = raw[table]
    return values


NESTED_TABLES = ("directory", "security")


def table_values(name: str) -> dict[str, Any]:
    """The `[name]` table of the config file (e.g. [scheduler]); empty when there is none."""
    path = config_path()
    if not path.exists():
        return {}
    import tomllib

    with path.open("rb") as fh:
        section = tomllib.load(fh).get(name, {})
    return dict(section) if isinstance(section, dict) else {}


def load_settings(**overrides: Any) -> Settings:
    """File values first, then environment variables, then explicit overrides."""
    values = _file_values(config_path())
    env_keys = {name for name in FIELDS if f"HELPDESK_{name.upper()}" in os.environ}
    for key in env_keys:
        values.pop(key, None)
    values.update(overrides)
    return Settings(**values)


def save_setting(key: str, value: str | int | bool | None) -> Path:
    """Persist one setting in the [helpdesk] table of the config file (the settings dialogs use it).

    Other tables in the file (e.g. [mail]) and comments outside [helpdesk] are kept as they are.
    """
    if key not in FIELDS or key in NESTED_TABLES:
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
        if name in NESTED_TABLES:
            continue  # kept in their own tables, which _replace_table leaves alone
        section.append(f"{name} = {_toml_value(val)}")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_replace_table(text, "helpdesk", "\n".join(section) + "\n"), encoding="utf-8")
    return path


def save_table(name: str, values: dict[str, str | int | float | bool]) -> Path:
    """Write the whole [name] table of the config file (e.g. [mail], from the console); every
    other table and its comments are kept. The caller validates the values first."""
    if name == "helpdesk":
        raise KeyError(name)  # save_setting writes [helpdesk], one checked key at a time
    path = config_path()
    lines = [f"[{name}]"] + [f"{key} = {_toml_value(val)}" for key, val in sorted(values.items())]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and f"[{name}]" not in (line.strip() for line in text.splitlines()):
        text = text.rstrip("\n") + f"\n\n[{name}]\n"  # a new table goes last, after [helpdesk]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_replace_table(text, name, "\n".join(lines) + "\n"), encoding="utf-8")
    return path


def _toml_value(val: str | int | float | bool) -> str:
    if isinstance(val, bool):
        return "true" if val else "false"
    if isinstance(val, int | float):
        return repr(val)
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
