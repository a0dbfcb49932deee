"""All mapped classes, one module per aggregate, each imported when one of its names is first asked
for: `from shared.models import Ticket` imports shared.models.tickets, and with it the modules of
the tables it refers to (the users, the machines): each module imports those its relationships
and foreign keys name, as a flush sorts the tables by them (tests/unit/test_models_package.py).

A process thus builds only the tables it uses. The console's start, for one, needs the tickets,
the users, the saved filters and the report counters, not the machines' history, the incidents,
the shifts or the mail intake (tests/desktop/test_console_first_page.py). Whatever needs every table on
`Base.metadata` (the migrations' environment, the test schema) calls `load_all()` first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared.models.health import AlertLoop, MachineHealth, MachineSample, MachineVolume
    from shared.models.incidents import (
        AssistantConversation,
        ChecklistTemplate,
        IncidentMember,
        MajorIncident,
        TicketChecklistStep,
    )
    from shared.models.install import InstallSecret
    from shared.models.inventory import MachineInventory
    from shared.models.kb import CannedResponse, CsatResponse, Deflection, KbArticle, article_tickets
    from shared.models.machines import EnrolmentToken, Machine, ProbeReport
    from shared.models.mail import MailIntake
    from shared.models.outbox import AuditLog, MailMessage, OutboxMessage, SavedFilter
    from shared.models.reference import ReferenceStamp
    from shared.models.reports import (
        ReportBlock,
        ReportDay,
        ReportDuration,
        ReportKeyDuration,
        ReportKeyRollup,
        ReportOpen,
        ReportQuarter,
    )
    from shared.models.scheduler import JobRun
    from shared.models.security import RateBucket, RecoveryCode, UserSession
    from shared.models.shifts import Shift, ShiftException
    from shared.models.sla import BusinessCalendar, Holiday, SlaPolicy
    from shared.models.tickets import Category, ClassificationRule, Ticket, TicketLink
    from shared.models.timeline import Attachment, AttachmentBlob, TimelineEntry
    from shared.models.tray import TraySubmission
    from shared.models.triage import TriageModel
    from shared.models.users import Team, User, team_members

# Each public name and the module (of this package) that defines it.
_MODULE_OF: dict[str, str] = {
    "AlertLoop": "health", "MachineHealth": "health", "MachineSample": "health", "MachineVolume": "health",
    "AssistantConversation": "incidents", "ChecklistTemplate": "incidents", "IncidentMember": "incidents",
    "MajorIncident": "incidents", "TicketChecklistStep": "incidents", "InstallSecret": "install",
    "MachineInventory": "inventory", "CannedResponse": "kb", "CsatResponse": "kb", "Deflection": "kb",
    "KbArticle": "kb", "article_tickets": "kb", "EnrolmentToken": "machines", "Machine": "machines",
    "ProbeReport": "machines", "MailIntake": "mail", "AuditLog": "outbox", "MailMessage": "outbox",
    "OutboxMessage": "outbox", "SavedFilter": "outbox", "ReferenceStamp": "reference", "ReportBlock": "reports",
    "ReportDay": "reports", "ReportDuration": "reports", "ReportKeyDuration": "reports",
    "ReportKeyRollup": "reports", "ReportOpen": "reports", "ReportQuarter": "reports", "JobRun": "scheduler",
    "RateBucket": "security", "RecoveryCode": "security", "UserSession": "security", "Shift": "shifts",
    "ShiftException": "shifts", "BusinessCalendar": "sla", "Holiday": "sla", "SlaPolicy": "sla",
    "Category": "tickets", "ClassificationRule": "tickets", "Ticket": "tickets", "TicketLink": "tickets",
    "Attachment": "timeline", "AttachmentBlob": "timeline", "TimelineEntry": "timeline", "TraySubmission": "tray",
    "TriageModel": "triage", "Team": "users", "User": "users", "team_members": "users",
}

__all__ = [
    "AlertLoop", "AssistantConversation", "Attachment", "AttachmentBlob", "AuditLog", "BusinessCalendar",
    "CannedResponse", "Category", "ChecklistTemplate", "ClassificationRule", "CsatResponse", "Deflection",
    "EnrolmentToken", "Holiday", "IncidentMember", "InstallSecret", "JobRun", "KbArticle", "Machine",
    "MachineHealth", "MachineInventory", "MachineSample", "MachineVolume", "MailIntake", "MailMessage",
    "MajorIncident", "OutboxMessage", "ProbeReport", "RateBucket", "RecoveryCode", "ReferenceStamp", "ReportBlock",
    "ReportDay", "ReportDuration", "ReportKeyDuration", "ReportKeyRollup", "ReportOpen", "ReportQuarter",
    "SavedFilter", "Shift", "ShiftException",
    "SlaPolicy",
    "Team", "Ticket", "TicketChecklistStep", "TicketLink", "TimelineEntry", "TraySubmission", "TriageModel",
    "User", "UserSession", "article_tickets", "team_members",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next lookup is a plain one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})


def load_all() -> None:
    """Import every module of this package (not only those named in `_MODULE_OF`): every table
    is then on `Base.metadata` and every mapper can be configured."""
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
