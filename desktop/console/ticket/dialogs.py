"""Small dialogs the ticket actions ask through. They only collect input; the ticket view runs the
operation. All open window-modal with `open()`, never `exec()`, so nothing blocks the event loop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from shared.errors import ValidationFailed
from shared.models.enums import Level, label
from shared.services.dto import UserView, parse_ticket_ref
from shared.services.names import shown_path

if TYPE_CHECKING:
    from shared.services.catalog import CategoryView  # the categories come with the action (after the first page)


def parse_number(text: str) -> int | None:
    """"HD-000123", "#123" or "123" -> 123; None when it is not a ticket number."""
    try:
        return parse_ticket_ref(text)
    except ValidationFailed:
        return None


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None, *, intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self):  # type: ignore[no-untyped-def]
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _require(self, *edits: QLineEdit | QPlainTextEdit) -> None:
        """OK stays disabled until every given field has text."""
        def check() -> None:
            self.ok_button.setEnabled(all(
                (e.text() if isinstance(e, QLineEdit) else e.toPlainText()).strip() for e in edits))
        for e in edits:
            e.textChanged.connect(check)
        check()


class ReasonDialog(_Form):
    """A reason (required or optional): pending, close, reopen."""

    def __init__(self, title: str, parent: QWidget | None, *, prompt: str, required: bool = True,
                 intro: str = "") -> None:
        super().__init__(title, parent, intro=intro)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setFixedHeight(90)
        self.form.addRow(prompt, self.reason)
        if required:
            self._require(self.reason)

    def value(self) -> str:
        return self.reason.toPlainText().strip()


class ResolveDialog(_Form):
    def __init__(self, parent: QWidget | None, *, draft: str = "", can_draft_kb: bool = True) -> None:
        super().__init__(self.tr("Resolve ticket"), parent,
                         intro=self.tr("Describe the solution. The requester sees it and is asked to rate "
                                       "the help they got."))
        self.solution = QPlainTextEdit(draft)
        self.solution.setObjectName("solution")
        self.solution.setMinimumHeight(140)
        self.kb_draft = QCheckBox(self.tr("Turn the solution into a knowledge-base draft"))
        self.kb_draft.setObjectName("kbDraft")
        self.kb_draft.setEnabled(can_draft_kb)
        self.form.addRow(self.tr("Solution:"), self.solution)
        self.form.addRow("", self.kb_draft)
        self._require(self.solution)


class AssignDialog(_Form):
    def __init__(self, parent: QWidget | None, agents: list[UserView], *, ticket_tier: int,
                 current_id: int | None) -> None:
        super().__init__(self.tr("Assign ticket"), parent)
        self.agent = QComboBox()
        self.agent.setObjectName("agent")
        self.agent.addItem(self.tr("(nobody: unassign)"), None)
        for a in agents:
            tier = a.role.agent_tier
            if not a.active or tier is None or tier < ticket_tier:
                continue  # the service would refuse them; do not offer them
            duty = "" if a.on_duty else " " + self.tr("(off duty)")
            self.agent.addItem(f"{a.full_name} — {label(a.role)}{duty}", a.id)
            if a.id == current_id:
                self.agent.setCurrentIndex(self.agent.count() - 1)
        self.form.addRow(self.tr("Agent:"), self.agent)

    def agent_id(self) -> int | None:
        value = self.agent.currentData()
        return None if value is None else int(value)


class FieldsDialog(_Form):
    """Triage: category, impact and urgency (the priority follows from impact × urgency)."""

    def __init__(self, parent: QWidget | None, categories: list[CategoryView], *, category_id: int | None,
                 impact: Level, urgency: Level) -> None:
        super().__init__(self.tr("Category, impact and urgency"), parent)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(self.tr("(none)"), None)
        for c in categories:
            self.category.addItem(shown_path(c.path), c.id)
            if c.id == category_id:
                self.category.setCurrentIndex(self.category.count() - 1)
        self.impact, self.urgency = self._levels(impact), self._levels(urgency)
        self.impact.setObjectName("impact")
        self.urgency.setObjectName("urgency")
        self.form.addRow(self.tr("Category:"), self.category)
        self.form.addRow(self.tr("Impact:"), self.impact)
        self.form.addRow(self.tr("Urgency:"), self.urgency)

    @staticmethod
    def _levels(current: Level) -> QComboBox:
        box = QComboBox()
        for level in Level:
            box.addItem(label(level), level.value)
        box.setCurrentIndex(box.findData(Level(current).value))
        return box


class EscalateDialog(_Form):
    def __init__(self, parent: QWidget | None, *, current_tier: int) -> None:
        super().__init__(self.tr("Escalate ticket"), parent,
                         intro=self.tr("L4 means an external vendor: the ticket waits on them and its SLA "
                                       "clock pauses."))
        self.tier = QComboBox()
        self.tier.setObjectName("tier")
        names = {2: self.tr("L2 — desktop support"), 3: self.tr("L3 — infrastructure"),
                 4: self.tr("L4 — external vendor")}
        for tier in range(current_tier + 1, 5):
            self.tier.addItem(names[tier], tier)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setFixedHeight(90)
        self.vendor_ref = QLineEdit()
        self.vendor_ref.setObjectName("vendorRef")
        self.vendor_ref.setPlaceholderText(self.tr("Vendor's case number (L4 only)"))
        self.form.addRow(self.tr("Escalate to:"), self.tier)
        self.form.addRow(self.tr("Reason:"), self.reason)
        self.form.addRow(self.tr("Vendor reference:"), self.vendor_ref)
        self.tier.currentIndexChanged.connect(lambda _i: self.vendor_ref.setEnabled(self.tier.currentData() == 4))
        self.vendor_ref.setEnabled(self.tier.currentData() == 4)
        self._require(self.reason)


class TicketNumberDialog(_Form):
    """Merge into / link with another ticket, by number."""

    def __init__(self, title: str, parent: QWidget | None, *, prompt: str, intro: str = "") -> None:
        super().__init__(title, parent, intro=intro)
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.number.setPlaceholderText("HD-000123")
        self.form.addRow(prompt, self.number)
        self.number.textChanged.connect(lambda t: self.ok_button.setEnabled(parse_number(t) is not None))
        self.ok_button.setEnabled(False)

    def ticket_id(self) -> int | None:
        return parse_number(self.number.text())


class PriorityDialog(_Form):
    """Override the priority by hand (with a reason), or go back to the impact × urgency matrix."""

    def __init__(self, parent: QWidget | None, *, current: str) -> None:
        super().__init__(self.tr("Override priority"), parent)
        self.priority = QComboBox()
        self.priority.setObjectName("priority")
        self.priority.addItem(self.tr("Back to impact × urgency"), None)
        for p in ("P1", "P2", "P3", "P4"):
            self.priority.addItem(p, p)
        self.priority.setCurrentIndex(max(0, self.priority.findData(current)))
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.form.addRow(self.tr("Priority:"), self.priority)
        self.form.addRow(self.tr("Reason:"), self.reason)
        self._require(self.reason)


class IncidentDialog(_Form):
    """Which open major incident this ticket belongs to (or none): detection missed it, or took it
    in wrongly."""

    def __init__(self, parent: QWidget | None, *, choices: list[tuple[int, str]], current: int | None) -> None:
        super().__init__(self.tr("Major incident"), parent,
                         intro=self.tr("A ticket in a confirmed incident is a child of its parent: the "
                                       "incident's updates and its solution reach this requester too. Taken "
                                       "out, it stays open on its own and is not added again by detection."))
        self.incident = QComboBox()
        self.incident.setObjectName("incident")
        self.incident.addItem(self.tr("None"), None)
        for incident_id, text in choices:
            self.incident.addItem(text, incident_id)
        self.incident.setCurrentIndex(max(0, self.incident.findData(current)))
        self.form.addRow(self.tr("Part of:"), self.incident)

    def chosen(self) -> int | None:
        value = self.incident.currentData()
        return int(value) if value is not None else None
