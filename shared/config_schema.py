"""The settings' rules as pydantic models: what shared.config's plain classes hand over when their
quick checks do not vouch for a value. A value these models accept, shared.config stores as they
store it; a value they refuse raises their ValidationError, worded as always. Importing pydantic
and building these models cost ~100 ms of CPU, which the settings of a start (the console's first
page among them) no longer wait for. tests/unit/test_config.py compares the two on every field.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.config import (
    _ROLE_PATTERN,
    ROLE_NAMES,
    complete_directory_defaults,
    default_database_url,
)


class DirectorySettings(BaseModel):
    """The `[directory]` table: sign-in against OpenLDAP or Active Directory (see README, "Directory
    sign-in"). The service account's password never sits here: HELPDESK_DIRECTORY_BIND_PASSWORD or
    the OS keyring (service "helpdesk-directory", user name = bind_dn)."""

    model_config = {"extra": "forbid"}

    enabled: bool = False
    kind: str = Field(default="openldap", pattern="^(openldap|active_directory)$")
    url: str = ""  # ldaps://ldap.example.org, or ldap://… with starttls = true
    starttls: bool = False
    allow_plain: bool = False  # plain ldap:// without TLS: only for a lab, never with real passwords
    ca_file: str | None = None  # the CA that signed the directory's certificate; None: the system's
    timeout: float = Field(default=5.0, gt=0, le=60)
    # "search": the service account finds the user's DN, then we bind as the user;
    # "direct": bind as user_dn_template (AD: "{username}@corp.example.org") and read with that bind.
    bind: str = Field(default="search", pattern="^(search|direct)$")
    bind_dn: str | None = None  # the service account (search and sync)
    user_dn_template: str | None = None
    base: str = ""  # where users live
    user_filter: str = ""  # "" : the kind's default; {username} is replaced, escaped
    username_attribute: str = ""  # "" : uid (OpenLDAP) or sAMAccountName (AD)
    disabled_filter: str = ""  # "" : AD's ACCOUNTDISABLE bit; OpenLDAP has none by default
    group_base: str = ""
    # Group DN -> role (the highest wins) and group DN -> team name.
    group_roles: dict[str, str] = Field(default_factory=dict)
    group_teams: dict[str, str] = Field(default_factory=dict)
    default_role: str | None = Field(default="requester", pattern=_ROLE_PATTERN)  # None: only mapped groups
    # "in_chain": AD's LDAP_MATCHING_RULE_IN_CHAIN; "walk": resolve groupOfNames nesting here; "" : by kind.
    nested_groups: str = Field(default="", pattern="^(|in_chain|walk|none)$")

    @field_validator("default_role", mode="before")
    @classmethod
    def _no_default(cls, value: object) -> object:
        return None if value == "" else value  # TOML has no null: "" means "only mapped groups"

    @field_validator("group_roles")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        bad = sorted(r for r in value.values() if r not in ROLE_NAMES)
        if bad:
            raise ValueError(f"unknown role(s) {bad}; roles: {', '.join(ROLE_NAMES)}")
        return value

    @model_validator(mode="after")
    def _complete(self) -> DirectorySettings:
        complete_directory_defaults(self)
        if not self.enabled:
            return self
        if not self.url.startswith(("ldap://", "ldaps://")):
            raise ValueError("directory.url must start with ldaps:// or ldap://")
        if self.url.startswith("ldap://") and not (self.starttls or self.allow_plain):
            raise ValueError("directory.url is plain ldap://: set starttls = true (or, in a lab only, "
                             "allow_plain = true)")
        if self.bind == "direct" and not self.user_dn_template:
            raise ValueError("directory.bind = \"direct\" needs user_dn_template")
        if self.bind == "search" and not self.bind_dn:
            raise ValueError("directory.bind = \"search\" needs bind_dn (a service account)")
        if not self.base:
            raise ValueError("directory.base is required")
        return self


class SecuritySettings(BaseModel):
    """The `[security]` table: two-factor sign-in and lock-outs."""

    model_config = {"extra": "forbid"}

    # Roles that must sign in with a one-time code: L2/L3 run commands on users' machines.
    totp_required_roles: list[str] = Field(
        default_factory=lambda: ["l2_technician", "l3_engineer", "admin"])
    totp_issuer: str = "Helpdesk"
    max_failed_signins: int = Field(default=5, ge=1, le=100)  # in a row, then the account locks
    lockout_minutes: float = Field(default=15.0, ge=0.1, le=24 * 60)
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)  # one token's life; refresh renews it
    session_max_days: float = Field(default=30.0, gt=0, le=365)  # a session ends this long after sign-in

    @field_validator("totp_required_roles")
    @classmethod
    def _known_roles(cls, value: list[str]) -> list[str]:
        bad = sorted(r for r in value if r not in ROLE_NAMES)
        if bad:
            raise ValueError(f"unknown role(s) {bad}; roles: {', '.join(ROLE_NAMES)}")
        return value


class Settings(BaseModel):
    """Every setting of the core (shared.config.Settings merges the environment's values first)."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

    database_url: str = Field(default_factory=default_database_url)
    # psycopg prepares a statement on the server after its 5th run on a connection. PgBouncer in
    # transaction mode before 1.21 (or with max_prepared_statements = 0) hands each transaction
    # another server connection, where that statement does not exist: set this false behind it.
    database_prepared_statements: bool = True
    language: str | None = None  # None: follow the OS locale
    timezone: str | None = None  # None: the OS time zone; used to show times
    ticket_prefix: str = Field(default="HD", pattern=r"^[A-Z]{1,6}$")
    attachment_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=1024**3)
    auto_close_days: int = Field(default=7, ge=1, le=365)
    auto_assign: bool = True
    # The alert loop: a probe alert clear this long resolves its ticket; notes about an alert that
    # clears and recurs more than once within the flap window are held back and summed up once.
    alert_clear_minutes: int = Field(default=120, ge=1, le=30 * 24 * 60)
    alert_flap_minutes: int = Field(default=360, ge=1, le=7 * 24 * 60)
    # A forecast (disk full, battery worn) opens a preventive ticket this many days ahead.
    forecast_days_ahead: int = Field(default=14, ge=1, le=365)
    unknown_senders: str = Field(default="create", pattern="^(create|reject)$")
    # The learned classifier (shared/triage) sets a new ticket's category itself only when it is at
    # least this sure; below, the keyword rules decide and the agent sees the suggestion. 1 = never.
    triage_auto_apply: float = Field(default=0.8, ge=0.0, le=1.0)
    # SOP checklists: refuse to resolve a ticket while a required step is open.
    checklist_blocks_resolve: bool = True
    # Major incidents: this many similar tickets (and probe alerts) within the window suggest one,
    # when their shared word is that much above its usual rate over the baseline days before.
    incident_min_tickets: int = Field(default=5, ge=2, le=1000)
    incident_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    incident_baseline_days: int = Field(default=14, ge=1, le=365)
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

    # The key that encrypts TOTP secrets at rest (at least 32 characters; every server of one
    # deployment needs the same). None: a key kept in the OS keyring (one-machine installs).
    secret_key: str | None = Field(default=None, min_length=32, repr=False)
    directory: DirectorySettings = Field(default_factory=DirectorySettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {value!r}") from exc
        return value
