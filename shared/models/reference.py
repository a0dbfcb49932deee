"""The reference-data change stamp: one row that every change to reference data moves."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base

# Tables whose rows creation reads as reference data (cached per process, see
# services/reference.py). Database triggers (migration 0018) move the stamp on every INSERT,
# DELETE and UPDATE of them, whichever process or statement makes it; of kb_articles only the
# columns the suggestion matches on (its counters are read fresh, so a view moves nothing).
STAMPED_TABLES = ("categories", "classification_rules", "sla_policies", "business_calendars", "holidays", "teams",
                  "team_members", "shifts", "shift_exceptions", "checklist_templates", "triage_models",
                  "kb_articles")
KB_STAMPED_COLUMNS = ("title", "body", "tags", "status")


class ReferenceStamp(Base):
    """One row (id 1). `n` counts changes; `token` is random at each change, so a change rolled back
    and another made after it never show the same stamp (a process could have cached the first)."""

    __tablename__ = "reference_stamp"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger)
    token: Mapped[str] = mapped_column(String(64))
