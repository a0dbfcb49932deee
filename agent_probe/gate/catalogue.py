"""The approved diagnostics catalogue and the request grammar of the SSH gate.

STANDARD LIBRARY ONLY: the core imports this module, so the console builds requests with exactly
the rules the gate checks them with.

A request is one line, ``<id> key=value key=value``, split on single spaces with ``str.split``
(never shlex, never a shell). Deny by default: every value must match its parameter's kind, and a
few characters are refused outright first, so the refusal message says what was wrong.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from agent_probe.i18n import _

CATALOGUE_ENV = "HELPDESK_PROBE_CATALOGUE"
CATALOGUE_REQUEST = "catalogue"  # the request that lists the catalogue instead of running anything
SESSION_VERSION = 1
# Asks the gate for a session: many request lines over one channel (agent_probe/gate/session.py). Not a
# valid diagnostic id, so a gate that predates sessions refuses it as unknown (exit 127).
SESSION_REQUEST = f"helpdesk-session {SESSION_VERSION}"
OS_KEYS = ("linux", "windows")
TIERS = (2, 3)
MAX_REQUEST_LENGTH = 1024
MAX_PARAMS = 16

EXIT_REFUSED = 126  # the request was understood but not allowed (bad or missing params, tier, OS)
EXIT_UNKNOWN = 127  # no such diagnostic: like a shell's "command not found"

_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_PARAM_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_WORD_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# "$" names SQL Server's named instances (MSSQL$SQLEXPRESS); no shell ever sees the value.
_SERVICE_RE = re.compile(r"[A-Za-z0-9_.@$-]{1,64}")
_LABEL_RE = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_INT_RE = re.compile(r"[0-9]{1,9}")
# Checked before the kind, to name the offence. Kinds whitelist anyway; this is for the message.
_SHELL_META = frozenset(";|&$`<>(){}[]*?!~'\"\\#^")
_SERVICE_META_ALLOWED = frozenset("$")


class CatalogueError(ValueError):
    """The catalogue file itself is malformed: a packaging bug, reported with the offending entry."""


class RequestRefusedError(Exception):
    """A request the gate will not run. ``str()`` is the user-facing reason; ``exit_code`` for the gate."""

    def __init__(self, message: str, exit_code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ParamKind(StrEnum):
    HOSTNAME = "hostname"
    INT = "int"
    CHOICE = "choice"
    SERVICE_NAME = "service_name"
    WORD = "word"


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: ParamKind
    description: str = ""
    required: bool = False
    default: str | int | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def validate(self, raw: str) -> str | int:
        """The typed value of ``raw``, or RequestRefusedError naming the parameter and the problem."""
        _refuse_dangerous(self.name, raw, self.kind)
        if self.kind is ParamKind.INT:
            if not _INT_RE.fullmatch(raw):
                raise RequestRefusedError(_("Parameter {name} must be a whole number").format(name=self.name))
            number = int(raw)
            if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum
            ):
                raise RequestRefusedError(
                    _("Parameter {name} must be between {low} and {high}").format(
                        name=self.name, low=self.minimum, high=self.maximum
                    )
                )
            return number
        if self.kind is ParamKind.CHOICE:
            if raw not in self.choices:
                raise RequestRefusedError(
                    _("Parameter {name} must be one of: {choices}").format(
                        name=self.name, choices=", ".join(self.choices)
                    )
                )
            return raw
        if self.kind is ParamKind.HOSTNAME:
            if not is_hostname(raw):
                raise RequestRefusedError(
                    _("Parameter {name} is not a valid host name or IP address").format(name=self.name)
                )
            return raw
        pattern = _SERVICE_RE if self.kind is ParamKind.SERVICE_NAME else _WORD_RE
        if not pattern.fullmatch(raw):
            raise RequestRefusedError(
                _("Parameter {name} contains characters that are not allowed").format(name=self.name)
            )
        return raw


@dataclass(frozen=True)
class Diagnostic:
    id: str
    title: str
    description: str
    min_tier: int
    argv: Mapping[str, tuple[str, ...]]  # OS key -> argv template; argv[0] is always literal
    params: Mapping[str, ParamSpec]
    timeout_seconds: float
    max_output_bytes: int

    def template_for(self, os_key: str) -> tuple[str, ...] | None:
        return self.argv.get(os_key)


@dataclass(frozen=True)
class Request:
    diagnostic: Diagnostic
    params: Mapping[str, str | int]  # every declared param that has a value, defaults filled in

    def encode(self) -> str:
        return encode_request(self.diagnostic.id, self.params)


@dataclass(frozen=True)
class Catalogue:
    diagnostics: Mapping[str, Diagnostic] = field(default_factory=dict)

    def get(self, diagnostic_id: str) -> Diagnostic | None:
        return self.diagnostics.get(diagnostic_id)

    def to_json(self, os_key: str | None = None) -> dict[str, Any]:
        """The catalogue as the gate lists it: what each entry does and takes, not its argv."""
        os_key = os_key or current_os()
        return {
            "diagnostics": [
                {
                    "id": diag.id,
                    "title": diag.title,
                    "description": diag.description,
                    "min_tier": diag.min_tier,
                    "available": os_key in diag.argv,
                    "timeout_seconds": diag.timeout_seconds,
                    "max_output_bytes": diag.max_output_bytes,
                    "params": [
                        {
                            "name": spec.name,
                            "kind": str(spec.kind),
                            "description": spec.description,
                            "required": spec.required,
                            "default": spec.default,
                            "min": spec.minimum,
                            "max": spec.maximum,
                            "choices": list(spec.choices) or None,
                        }
                        for spec in diag.params.values()
                    ],
                }
                for diag in self.diagnostics.values()
            ]
        }


# --- loading ----------------------------------------------------------------------------------------


def current_os() -> str:
    return "windows" if sys.platform == "win32" else "linux"


def default_catalogue_path() -> Path:
    """``HELPDESK_PROBE_CATALOGUE`` if set (tests, admins), else the packaged catalogue."""
    override = os.environ.get(CATALOGUE_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "resources" / "diagnostics.toml"


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and check a catalogue file; raises CatalogueError with the offending entry named."""
    path = path or default_catalogue_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read catalogue {path}: {exc}") from None
    return parse_catalogue(data)


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    if data.get("schema_version") != 1:
        raise CatalogueError("catalogue: schema_version = 1 is required")
    entries = data.get("diagnostics")
    if not isinstance(entries, dict) or not entries:
        raise CatalogueError("catalogue: no [diagnostics.<id>] tables")
    unknown = set(data) - {"schema_version", "diagnostics"}
    if unknown:
        raise CatalogueError(f"catalogue: unknown top-level keys {sorted(unknown)}")
    return Catalogue({key: _parse_diagnostic(key, entry) for key, entry in entries.items()})


_DIAG_KEYS = {"title", "description", "min_tier", "timeout_seconds", "max_output_bytes", "params", *OS_KEYS}
_PARAM_KEYS = {"kind", "description", "required", "default", "min", "max", "choices"}


def _parse_diagnostic(diag_id: str, entry: Any) -> Diagnostic:
    where = f"diagnostics.{diag_id}"
    if not _ID_RE.fullmatch(diag_id) or diag_id == CATALOGUE_REQUEST:
        raise CatalogueError(f"{where}: id must match {_ID_RE.pattern} and not be {CATALOGUE_REQUEST!r}")
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: expected a table")
    if unknown := set(entry) - _DIAG_KEYS:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("title", "description"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise CatalogueError(f"{where}.{key}: a non-empty string is required")
    if entry.get("min_tier") not in TIERS:
        raise CatalogueError(f"{where}.min_tier: must be one of {TIERS}")
    timeout, cap = entry.get("timeout_seconds"), entry.get("max_output_bytes")
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout <= 600:
        raise CatalogueError(f"{where}.timeout_seconds: a number in (0, 600] is required")
    if not isinstance(cap, int) or isinstance(cap, bool) or not 0 < cap <= 16 * 1024 * 1024:
        raise CatalogueError(f"{where}.max_output_bytes: an integer in (0, 16 MiB] is required")
    raw_params = entry.get("params", {})
    if not isinstance(raw_params, dict) or len(raw_params) > MAX_PARAMS:
        raise CatalogueError(f"{where}.params: expected at most {MAX_PARAMS} [params.<name>] tables")
    params = {name: _parse_param(f"{where}.params.{name}", name, spec) for name, spec in raw_params.items()}
    argv: dict[str, tuple[str, ...]] = {}
    for os_key in OS_KEYS:
        if os_key in entry:
            argv[os_key] = _parse_template(f"{where}.{os_key}", entry[os_key], params)
    if not argv:
        raise CatalogueError(f"{where}: needs an argv for at least one of {OS_KEYS}")
    return Diagnostic(
        id=diag_id,
        title=entry["title"],
        description=entry["description"],
        min_tier=entry["min_tier"],
        argv=argv,
        params=params,
        timeout_seconds=float(timeout),
        max_output_bytes=cap,
    )


def _parse_param(where: str, name: str, spec: Any) -> ParamSpec:
    if not _PARAM_NAME_RE.fullmatch(name):
        raise CatalogueError(f"{where}: parameter names must match {_PARAM_NAME_RE.pattern}")
    if not isinstance(spec, dict) or set(spec) - _PARAM_KEYS:
        raise CatalogueError(f"{where}: expected a table with keys from {sorted(_PARAM_KEYS)}")
    try:
        kind = ParamKind(str(spec.get("kind")))
    except ValueError:
        raise CatalogueError(f"{where}.kind: must be one of {[str(k) for k in ParamKind]}") from None
    choices = spec.get("choices", [])
    if kind is ParamKind.CHOICE and (
        not choices or not all(isinstance(c, str) and _WORD_RE.fullmatch(c) for c in choices)
    ):
        raise CatalogueError(f"{where}.choices: a list of words is required for kind 'choice'")
    low, high = spec.get("min"), spec.get("max")
    if kind is ParamKind.INT and (not isinstance(low, int) or not isinstance(high, int) or not 0 <= low <= high):
        raise CatalogueError(f"{where}: kind 'int' needs integer min and max with 0 <= min <= max")
    param = ParamSpec(
        name=name,
        kind=kind,
        description=str(spec.get("description", "")),
        required=bool(spec.get("required", False)),
        minimum=low,
        maximum=high,
        choices=tuple(choices),
    )
    default = spec.get("default")
    if default is not None:
        try:
            # The default obeys the same rules as a typed value: a bad default is a catalogue bug.
            default = param.validate(str(default))
        except RequestRefusedError as exc:
            raise CatalogueError(f"{where}.default: {exc}") from None
        param = dataclasses.replace(param, default=default)
    return param


def _parse_template(where: str, template: Any, params: Mapping[str, ParamSpec]) -> tuple[str, ...]:
    if not isinstance(template, list) or not template or not all(isinstance(a, str) for a in template):
        raise CatalogueError(f"{where}: a non-empty list of strings is required")
    if _PLACEHOLDER_RE.search(template[0]):
        raise CatalogueError(f"{where}: the program (first element) must be literal")
    for element in template:
        if "\0" in element or "\n" in element:
            raise CatalogueError(f"{where}: NUL or newline in an argument")
        for name in _PLACEHOLDER_RE.findall(element):
            spec = params.get(name)
            if spec is None:
                raise CatalogueError(f"{where}: placeholder {{{name}}} is not a declared parameter")
            if not spec.required and spec.default is None:
                # An absent value would leave a hole in argv; demand a default instead of guessing.
                raise CatalogueError(f"{where}: {{{name}}} needs required = true or a default")
    return tuple(template)


# --- requests ---------------------------------------------------------------------------------------


def parse_request(command: str, catalogue: Catalogue, *, tier: int = 3, os_key: str | None = None) -> Request:
    """Turn ``SSH_ORIGINAL_COMMAND`` into a checked Request, or raise RequestRefusedError."""
    if not command:
        raise RequestRefusedError(_("Empty request: name a diagnostic from the catalogue"))
    if len(command) > MAX_REQUEST_LENGTH:
        raise RequestRefusedError(_("Request longer than {limit} characters").format(limit=MAX_REQUEST_LENGTH))
    if "\0" in command:
        raise RequestRefusedError(_("NUL character in request"))
    if "\n" in command or "\r" in command:
        raise RequestRefusedError(_("Line break in request"))
    if any(not (" " <= char <= "~") for char in command):
        raise RequestRefusedError(_("Only printable ASCII characters are allowed in a request"))
    diag_id, *tokens = command.split(" ")
    diagnostic = catalogue.get(diag_id)
    if diagnostic is None:
        raise RequestRefusedError(
            _("Unknown diagnostic {id!r}: not in the approved catalogue").format(id=diag_id[:64]),
            EXIT_UNKNOWN,
        )
    if diagnostic.min_tier > tier:
        raise RequestRefusedError(
            _("Diagnostic {id} needs a tier {tier} technician key").format(id=diag_id, tier=diagnostic.min_tier)
        )
    if (os_key or current_os()) not in diagnostic.argv:
        raise RequestRefusedError(_("Diagnostic {id} is not available on this operating system").format(id=diag_id))
    return Request(diagnostic, _parse_params(diagnostic, tokens))


def _parse_params(diagnostic: Diagnostic, tokens: list[str]) -> dict[str, str | int]:
    if len(tokens) > MAX_PARAMS:
        raise RequestRefusedError(_("Too many parameters"))
    raw: dict[str, str] = {}
    for token in tokens:
        if not token:
            raise RequestRefusedError(_("Separate parameters with exactly one space"))
        name, sep, value = token.partition("=")
        if not sep:
            raise RequestRefusedError(
                _("Parameters must be written name=value, got {token!r}").format(token=token[:64])
            )
        if name not in diagnostic.params:
            raise RequestRefusedError(_("Unknown parameter {name!r} for {id}").format(name=name[:64], id=diagnostic.id))
        if name in raw:
            raise RequestRefusedError(_("Parameter {name} given twice").format(name=name))
        # early, so the message names the offence, not a later token
        _refuse_dangerous(name, value, diagnostic.params[name].kind)
        raw[name] = value
    values: dict[str, str | int] = {}
    for name, spec in diagnostic.params.items():
        if name in raw:
            values[name] = spec.validate(raw[name])
        elif spec.required:
            raise RequestRefusedError(
                _("Missing required parameter {name} for {id}").format(name=name, id=diagnostic.id)
            )
        elif spec.default is not None:
            values[name] = spec.default
    return values


def encode_request(diagnostic_id: str, params: Mapping[str, str | int]) -> str:
    """The request line for ``diagnostic_id`` (the console calls this, then ``parse_request`` to check)."""
    parts = [diagnostic_id, *(f"{name}={value}" for name, value in params.items())]
    return " ".join(parts)


def _refuse_dangerous(name: str, value: str, kind: ParamKind) -> None:
    if not value:
        raise RequestRefusedError(_("Parameter {name} is empty").format(name=name))
    if value.startswith("-"):
        # A value the program would read as an option ("-oProxyCommand=...") is the classic injection.
        raise RequestRefusedError(_("Parameter {name} may not start with '-'").format(name=name))
    # A service name may hold "$" (MSSQL$SQLEXPRESS): the argv never meets a shell, and "$(" or "${"
    # still fail on the parenthesis or brace.
    allowed = _SERVICE_META_ALLOWED if kind is ParamKind.SERVICE_NAME else frozenset()
    bad = sorted({char for char in value if char in _SHELL_META and char not in allowed})
    if bad:
        raise RequestRefusedError(
            _("Parameter {name} contains shell metacharacters: {chars}").format(name=name, chars=" ".join(bad))
        )


def is_hostname(value: str) -> bool:
    """RFC 1123 host name, IPv4 or IPv6 literal."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        pass
    else:
        return True
    name = value[:-1] if value.endswith(".") else value
    if not name or len(name) > 253:
        return False
    labels = name.split(".")
    # An all-numeric last label would be a mistyped IPv4 address, not a name.
    return all(_LABEL_RE.fullmatch(label) for label in labels) and not labels[-1].isdigit()


def substitute(template: tuple[str, ...], params: Mapping[str, str | int]) -> list[str]:
    """argv from a template: ``{name}`` is replaced inside each element, and elements are never re-split."""
    return [_PLACEHOLDER_RE.sub(lambda match: str(params[match.group(1)]), element) for element in template]
