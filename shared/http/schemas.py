"""One input and one output schema per operation, with limits on every field.

The probe report's inner structure is checked in the service, by pydantic over the probe's own
TypedDicts (`shared.services.report_schema`); here only its envelope.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text200 = Annotated[str, StringConstraints(max_length=200)]
# Files per request: the body is held in memory, so enough for a screenshot and a log. Each file is
# limited by settings.attachment_max_bytes in the service.
MAX_FILES = 2


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
    username: Annotated[str, StringConstraints(min_length=1, max_length=256)]  # AD: user@corp.example
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]
    code: Annotated[str | None, StringConstraints(min_length=6, max_length=16)] = None  # TOTP or recovery code


class TotpEnrolIn(_In):
    username: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class EnrolmentOut(BaseModel):
    """Shown once: type the secret or scan the otpauth:// URI, keep the recovery codes."""

    secret: str
    uri: str
    recovery_codes: list[str]


class UserOut(BaseModel):
    id: int
    username: str
    full_name: str
    role: str
    timezone: str = "UTC"  # times are shown in the user's zone
    language: str | None = None


class SessionOut(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: int  # unix seconds, by the server's clock
    expires_in: int = 0  # seconds from now: clients time their refresh by this, whatever their own clock says
    user: UserOut


def _base64(value: object) -> object:
    """Decode standard base64 strictly: a stray character is an error, not silently dropped."""
    if not isinstance(value, str):
        return value  # strict mode refuses it as "not bytes"
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not valid base64") from None


IdempotencyKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]


class FileIn(_In):
    filename: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    content_type: Annotated[str, StringConstraints(max_length=127,
                                                   pattern=r"^$|^[\w.+-]+/[\w.+-]+$")] = "application/octet-stream"
    # base64 in JSON (python-multipart is not installed). The decoded size is checked against
    # settings.attachment_max_bytes by the service, before anything is written.
    data: Annotated[bytes, BeforeValidator(_base64), Field(json_schema_extra={"format": "base64"})]


Files = Annotated[list[FileIn], Field(max_length=MAX_FILES)]


class TicketIn(_In):
    subject: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    description: Annotated[str, StringConstraints(max_length=100_000)] = ""
    impact: Literal["high", "medium", "low"] | None = None
    urgency: Literal["high", "medium", "low"] | None = None
    category_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    attachments: Files = []
    # The tray's offline outbox sends again what it has no answer for: the key makes that safe.
    key: IdempotencyKey | None = None
    # This computer's state, checked by the probe's report schema in the service; left out when
    # the user unticked it. machine_id: the probe's enrolment id, linked only if it is theirs.
    snapshot: dict[str, Any] | None = None
    machine_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class AttachmentsIn(_In):
    files: Annotated[list[FileIn], Field(min_length=1, max_length=MAX_FILES)]


class _FromDto(BaseModel):
    """An output read straight from a service DTO's attributes, so the wire has the DTO's fields."""

    model_config = ConfigDict(from_attributes=True)


class SimilarOut(BaseModel):
    """shared.triage.similar.SimilarTicket, as a requester sees it: one of their own open tickets."""

    id: int
    number: str
    subject: str
    status: str
    created_at: datetime
    reasons: list[str]
    shared_words: list[str]


class TicketSummaryOut(_FromDto):
    """shared.services.requester.RequesterTicketRow."""

    id: int
    number: str
    subject: str
    status: str
    priority: str
    assignee: str | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    updated_at: datetime
    created_at: datetime


class EntryOut(_FromDto):
    """shared.services.requester.RequesterEntry."""

    id: int
    kind: str
    author: str | None
    author_id: int | None
    body: str
    created_at: datetime
    # An event's field change and what the system said (`say(...)`), rendered by the tray in its
    # user's language rather than by the server in its own.
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    via_email: bool = False
    data: dict[str, Any] | None = None


class AttachmentOut(_FromDto):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


class TicketOut(_FromDto):
    """shared.services.requester.RequesterTicket: the tray's one ticket DTO, on the wire."""

    id: int
    number: str
    version: int
    subject: str
    description: str
    status: str
    priority: str
    impact: str
    urgency: str
    category_id: int | None
    category: str | None
    team: str | None
    assignee: str | None
    requester_id: int
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    resolved_at: datetime | None
    solution: str | None
    csat_rating: int | None
    entries: list[EntryOut]
    attachments: list[AttachmentOut]


class ReplyIn(_In):
    body: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    expected_version: int | None = None
    attachments: Files = []
    key: IdempotencyKey | None = None


class CsatIn(_In):
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, StringConstraints(max_length=4000)] = ""


class ArticleOut(BaseModel):
    id: int
    title: str
    body: str
    category_id: int | None = None
    tags: list[str]
    updated_at: datetime


class VoteIn(_In):
    helpful: bool


class CategoryOut(BaseModel):
    id: int
    name: str
    parent_id: int | None
    path: str


class ErrorOut(BaseModel):
    """Every refusal. `code` is the HelpdeskError class's stable code (shared.errors): one status
    may stand for two errors, the code never does."""

    detail: str
    code: str
    field: str | None = None
    current_version: int | None = None  # a conflict: the version someone else saved
    errors: list[dict[str, Any]] | None = None
