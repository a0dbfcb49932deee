"""One input and one output schema per operation, with limits on every field.

The probe report's inner structure is checked by the shared snapshot schema
(`agent_probe.collect.snapshot.validate_report`) in the service; here only its envelope.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text200 = Annotated[str, StringConstraints(max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# --- probe ------------------------------------------------------------------------------------------

class EnrolIn(_In):
    enrolment_token: Annotated[str, StringConstraints(min_length=16, max_length=128)]
    hostname: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    os: Annotated[str, StringConstraints(max_length=200)] = ""
    ssh_host_key: Annotated[str, StringConstraints(max_length=8192)] | None = None


class EnrolOut(BaseModel):
    machine_id: int
    machine_token: str


class ReportIn(_In):
    report_id: Annotated[str, StringConstraints(min_length=8, max_length=64)]
    snapshot: dict[str, Any]
    alerts: Annotated[list[dict[str, Any]], Field(max_length=256)]


class ReportOut(BaseModel):
    accepted: bool
    duplicate: bool
    opened_tickets: list[str]


# --- tray -------------------------------------------------------------------------------------------

class SignInIn(_In):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class UserOut(BaseModel):
    id: int
    username: str
    full_name: str
    role: str


class SessionOut(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: int  # unix seconds
    user: UserOut


class TicketIn(_In):
    subject: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    description: Annotated[str, StringConstraints(max_length=100_000)] = ""
    impact: Literal["high", "medium", "low"] | None = None
    urgency: Literal["high", "medium", "low"] | None = None


class TicketSummaryOut(BaseModel):
    id: int
    number: str
    subject: str
    status: str
    priority: str
    updated_at: datetime
    created_at: datetime


class EntryOut(BaseModel):
    id: int
    kind: str
    author: str | None
    body: str
    created_at: datetime


class TicketOut(BaseModel):
    id: int
    number: str
    version: int
    subject: str
    description: str
    status: str
    priority: str
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    solution: str | None
    csat_rating: int | None
    entries: list[EntryOut]


class ReplyIn(_In):
    body: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    expected_version: int | None = None


class CsatIn(_In):
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, StringConstraints(max_length=4000)] = ""


class ArticleOut(BaseModel):
    id: int
    title: str
    body: str
    tags: list[str]
    updated_at: datetime


class ErrorOut(BaseModel):
    detail: str
    field: str | None = None
    errors: list[dict[str, Any]] | None = None
