"""Scheduler settings: the `[scheduler]` table of the config file, overridden by
HELPDESK_SCHEDULER_* variables. Intervals are in seconds; 0 turns a job off."""

from __future__ import annotations

import os
import tomllib
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.config import table_values
from shared.errors import ValidationFailed
from shared.i18n import _


class SchedulerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPDESK_SCHEDULER_", extra="ignore")

    tick_seconds: float = Field(default=15.0, ge=0.1, le=3600)  # how often due jobs are looked for
    # A process that dies mid-run holds the job this long; then another process takes it over.
    lease_seconds: int = Field(default=900, ge=10, le=86400)
    sla_check: int = Field(default=60, ge=0, le=86400)
    auto_close: int = Field(default=3600, ge=0, le=7 * 86400)
    unseen_machines: int = Field(default=900, ge=0, le=7 * 86400)
    unseen_hours: int = Field(default=24, ge=1, le=24 * 365)  # a probe silent this long raises an alert
    alert_loop: int = Field(default=300, ge=0, le=86400)  # resolves alert tickets clear long enough
    forecasts: int = Field(default=6 * 3600, ge=0, le=7 * 86400)  # disk-full, battery, recurring faults
    mail_fetch: int = Field(default=60, ge=0, le=86400)  # only where [mail] names an IMAP server
    mail_send: int = Field(default=60, ge=0, le=86400)  # only where [mail] names an SMTP server
    # Looks every hour; the report goes out once a week, after Monday 07:00 in the desk's time zone.
    weekly_report: int = Field(default=3600, ge=0, le=86400)
    # Retrains the learned triage model (shared/triage) when tickets were resolved since the last one.
    triage_train: int = Field(default=86400, ge=0, le=30 * 86400)
    incident_detect: int = Field(default=120, ge=0, le=86400)  # bursts of similar tickets
    # Merges the search index's segments in small steps (SQLite; services/search_upkeep).
    search_upkeep: int = Field(default=3600, ge=0, le=7 * 86400)


def load_scheduler_settings(**overrides: Any) -> SchedulerSettings:
    """File values first, then environment variables, then explicit overrides. A bad value raises
    ValidationFailed with one readable line."""
    try:
        values = table_values("scheduler")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationFailed(_("Cannot read the config file: {error}").format(error=exc)) from exc
    for name in SchedulerSettings.model_fields:
        if f"HELPDESK_SCHEDULER_{name.upper()}" in os.environ:
            values.pop(name, None)
    values.update(overrides)
    try:
        return SchedulerSettings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValidationFailed(_("Bad scheduler setting {name}: {msg}").format(
            name=".".join(str(p) for p in first["loc"]), msg=first["msg"])) from exc
