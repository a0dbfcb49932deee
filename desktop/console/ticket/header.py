"""The ticket header: number and subject, badges (priority, status, tier) and the SLA timers."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.common.fmt import PRIORITY_COLOURS, SLA_COLOURS, SlaState, duration, local_time, sla_clock
from shared.models.enums import Priority, Status, label
from shared.services.dto import TicketDetail

_STATUS_COLOURS = {Status.NEW: "#5e35b1", Status.OPEN: "#1565c0", Status.IN_PROGRESS: "#00838f",
                   Status.PENDING_USER: "#8d6e63", Status.PENDING_VENDOR: "#8d6e63",
                   Status.RESOLVED: "#2e7d32", Status.CLOSED: "#616161"}


def badge(text: str, colour: str) -> QLabel:
    b = QLabel(text)
    b.setObjectName("badge")
    b.setStyleSheet(f"background:{colour};")
    return b


class TicketHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("ticketTitle")
        self.title.setWordWrap(True)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(14)
        self.facts.setVerticalSpacing(2)
        self.response = QLabel()
        self.response.setObjectName("slaResponse")
        self.resolution = QLabel()
        self.resolution.setObjectName("slaResolution")
        for label_ in (self.response, self.resolution):
            label_.setWordWrap(True)  # long SLA texts must not widen the whole ticket pane
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.badges)
        layout.addLayout(self.facts)
        sla = QHBoxLayout()
        sla.addWidget(self.response, 1)
        sla.addSpacing(18)
        sla.addWidget(self.resolution, 1)
        layout.addLayout(sla)
        self._fact_labels: list[QWidget] = []

    def show_detail(self, d: TicketDetail, *, timezone: str | None, now: datetime) -> None:
        self.title.setText(f"{d.number} · {d.subject}")
        while self.badges.count():
            item = self.badges.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.badges.addWidget(badge(str(d.priority), PRIORITY_COLOURS[Priority(d.priority)]))
        self.badges.addWidget(badge(label(d.status), _STATUS_COLOURS[Status(d.status)]))
        self.badges.addWidget(badge(f"L{d.tier}", "#455a64"))
        if d.priority_override_reason:
            self.badges.addWidget(badge(self.tr("priority set by hand"), "#6d4c41"))
        if d.merged_into:
            self.badges.addWidget(badge(self.tr("merged into {n}").format(n=d.merged_into), "#616161"))
        self.badges.addStretch(1)

        for w in self._fact_labels:
            w.deleteLater()
        self._fact_labels = []
        facts = [
            (self.tr("Requester"), d.requester.full_name),
            (self.tr("Assignee"), d.assignee.full_name if d.assignee else self.tr("unassigned")),
            (self.tr("Team"), d.team or "—"),
            (self.tr("Category"), d.category or self.tr("uncategorised")),
            (self.tr("Impact / urgency"), f"{label(d.impact)} / {label(d.urgency)}"),
            (self.tr("Created"), local_time(d.created_at, timezone)),
        ]
        if d.vendor_reference:
            facts.append((self.tr("Vendor ref."), d.vendor_reference))
        if d.links:
            facts.append((self.tr("Linked"), ", ".join(r.number for r in d.links)))
        if d.attachments:
            facts.append((self.tr("Attachments"), ", ".join(a.filename for a in d.attachments)))
        for i, (name, value) in enumerate(facts):
            key, val = QLabel(name + ":"), QLabel(value)
            key.setStyleSheet("color: palette(mid);")
            val.setWordWrap(True)
            self.facts.addWidget(key, i // 3, (i % 3) * 2)
            self.facts.addWidget(val, i // 3, (i % 3) * 2 + 1)
            self._fact_labels += [key, val]
        self.response.setText(self._response_text(d, timezone, now))
        self.resolution.setText(self._resolution_text(d, timezone, now))

    def _coloured(self, text: str, state: SlaState) -> str:
        return f'<span style="color:{SLA_COLOURS[state]}; font-weight:600;">{text}</span>'

    def _response_text(self, d: TicketDetail, tz: str | None, now: datetime) -> str:
        head = self.tr("Response:")
        if d.first_responded_at is not None:
            state = SlaState.BREACHED if d.response_breached else SlaState.OK
            text = self.tr("answered {t}").format(t=local_time(d.first_responded_at, tz))
            if d.response_breached:
                text += " " + self.tr("(late)")
            return f"{head} {self._coloured(text, state)}"
        if d.response_due_at is None or not Status(d.status).is_active:
            return f"{head} —"
        clock = sla_clock(status=d.status, paused=d.sla_paused, response_due_at=d.response_due_at,
                          resolution_due_at=d.resolution_due_at, first_responded_at=None, now=now)
        return f"{head} {self._coloured(self._clock_text(clock.state, d.response_due_at, tz, now), clock.state)}"

    def _resolution_text(self, d: TicketDetail, tz: str | None, now: datetime) -> str:
        head = self.tr("Resolution:")
        if d.resolved_at is not None:
            state = SlaState.BREACHED if d.resolution_breached else SlaState.OK
            text = self.tr("resolved {t}").format(t=local_time(d.resolved_at, tz))
            return f"{head} {self._coloured(text, state)}"
        if d.resolution_due_at is None or not Status(d.status).is_active:
            return f"{head} —"
        clock = sla_clock(status=d.status, paused=d.sla_paused, response_due_at=None,
                          resolution_due_at=d.resolution_due_at, first_responded_at=d.first_responded_at or now,
                          now=now)
        return f"{head} {self._coloured(self._clock_text(clock.state, d.resolution_due_at, tz, now), clock.state)}"

    def _clock_text(self, state: SlaState, due: datetime, tz: str | None, now: datetime) -> str:
        at = local_time(due, tz)
        if state == SlaState.PAUSED:
            return self.tr("paused (due {at} before the pause)").format(at=at)
        if state == SlaState.BREACHED:
            return self.tr("overdue by {t} (was due {at})").format(t=duration(due - now), at=at)
        return self.tr("due {at} (in {t})").format(at=at, t=duration(due - now))
