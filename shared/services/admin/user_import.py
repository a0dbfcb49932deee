"""Bulk import of accounts from a CSV file: a dry run reports every bad row by its line and
writes nothing; the real run writes every row or, when any is bad, none."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import Team
from shared.services.admin.audit import record
from shared.services.admin.users import (
    UserFields,
    audit_state,
    check_fields,
    check_unique,
    check_username,
    default_tz,
    new_user,
)
from shared.services.uow import UnitOfWork

IMPORT_COLUMNS = ("username", "full_name", "email", "phone", "department", "location", "role", "teams",
                  "language", "timezone")


def read_csv(text: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a users CSV with their line numbers. Commas or semicolons (what a
    spreadsheet in an Indonesian locale writes); a byte-order mark is ignored. Raises
    ValidationFailed for a missing or unknown column."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("username", "full_name", "role") if c not in header]
    if missing:
        raise ValidationFailed(_("The CSV file lacks the column(s) {cols}; its first line must name the columns "
                                 "({all}).").format(cols=", ".join(missing), all=", ".join(IMPORT_COLUMNS)),
                               field="header")
    unknown = [h for h in header if h not in IMPORT_COLUMNS]
    if unknown:
        raise ValidationFailed(_("Unknown column(s) in the CSV file: {cols}. Known: {all}.").format(
            cols=", ".join(unknown), all=", ".join(IMPORT_COLUMNS)), field="header")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # blank lines at the end of spreadsheets' exports
        rows.append((reader.line_num, {k: (v or "") for k, v in row.items() if isinstance(k, str)
                                       and isinstance(v, str)}))
    return rows


@dataclass(frozen=True)
class RowError:
    line: int  # in the file, the header being line 1
    field: str | None
    message: str


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    rows: int  # data rows read
    errors: tuple[RowError, ...]
    created: tuple[str, ...]  # user names written (empty on a dry run or when any row is bad)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_users(uow: UnitOfWork, actor: Actor, rows: Sequence[tuple[int, dict[str, str]]], *,
                 dry_run: bool) -> ImportReport:
    """Add the accounts of a CSV file (`rows`: line number and the row by column name; see
    `shared.services.admin.csvfile`). Every row is checked — fields, names and addresses taken in
    the database or earlier in the file, team names — and every bad row reported with its line.
    A dry run writes nothing; the real run writes every row or, when any is bad, none.
    Imported accounts have no password until one is reset. Permission: user:manage."""
    require(actor, Permission.USER_MANAGE)
    errors: list[RowError] = []
    good: list[tuple[str, dict[str, Any]]] = []
    with uow:
        s = uow.session
        team_ids = {t.name.lower(): t.id for t in s.scalars(select(Team))}
        seen_names: dict[str, int] = {}
        seen_emails: dict[str, int] = {}
        for line, raw in rows:
            try:
                name = check_username(raw.get("username", ""))
                teams = []
                for team in (t.strip() for t in re.split(r"[;|]", raw.get("teams", "")) if t.strip()):
                    if team.lower() not in team_ids:
                        raise ValidationFailed(_("Unknown team '{name}'.").format(name=team), field="teams")
                    teams.append(team_ids[team.lower()])
                values = UserFields(
                    full_name=raw.get("full_name", ""), email=raw.get("email", ""), phone=raw.get("phone", ""),
                    department=raw.get("department", ""), location=raw.get("location", ""),
                    role=raw.get("role", ""), language=raw.get("language", ""), timezone=raw.get("timezone", ""))
                if not (values.full_name or "").strip() or not (values.role or "").strip():
                    raise ValidationFailed(_("A new user needs a full name and a role."), field="full_name")
                if not (values.timezone or "").strip():
                    values = replace(values, timezone=default_tz(uow))
                clean = check_fields(replace(values, team_ids=tuple(teams)))
                if name in seen_names:
                    raise ValidationFailed(_("The user name '{name}' is on line {line} already.").format(
                        name=name, line=seen_names[name]), field="username")
                email = clean.get("email")
                if email and email in seen_emails:
                    raise ValidationFailed(_("The address {email} is on line {line} already.").format(
                        email=email, line=seen_emails[email]), field="email")
                check_unique(s, name, email)
                seen_names[name] = line
                if email:
                    seen_emails[email] = line
                good.append((name, clean))
            except (ValidationFailed, NotFound) as exc:
                errors.append(RowError(line, getattr(exc, "field", None), exc.message))
        if dry_run or errors:
            return ImportReport(dry_run, len(rows), tuple(errors), ())
        now = uow.now()
        for name, clean in good:
            user = new_user(s, now, name, clean, None, default_tz(uow))
            s.flush()
            record(s, actor, now, "user.create", "user", user.id, username=name, after=audit_state(user), by="import")
        uow.commit()
        return ImportReport(False, len(rows), (), tuple(name for name, _c in good))
