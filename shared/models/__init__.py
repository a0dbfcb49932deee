"""All mapped classes, imported so that `Base.metadata` knows every table."""

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
