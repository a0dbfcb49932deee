"""Administration › Shifts: a team's weekly roster, each agent's capacity, and the leave, public
holidays and cover to come — what `helpdesk shift …` does, for supervisors who never open a terminal.

Auto-assignment follows this page at once: an agent with shifts gets work only while on shift (cover
puts them on duty outside their shifts, leave and holidays take them off) and below their capacity.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time, zone
from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.models.enums import ShiftExceptionKind, label
from shared.services import roster
from shared.services.names import shown_name
from shared.services.roster import ExceptionView, RosterTeam, ShiftView
from shared.services.uow import UnitOfWork

_Loaded = tuple[list[RosterTeam], list[ShiftView], list[ExceptionView]]


def group_shifts(shifts: list[ShiftView]) -> list[tuple[tuple[int, ...], ShiftView, list[int]]]:
    """One row per agent and hours: (shift ids, a representative shift, weekdays), by agent then start."""
    groups: dict[tuple[int, str, str, str], list[ShiftView]] = {}
    for s in shifts:
        groups.setdefault((s.user_id, s.start, s.end, s.timezone), []).append(s)
    rows = [(tuple(s.id for s in group), group[0], sorted(s.weekday for s in group)) for group in groups.values()]
    return sorted(rows, key=lambda r: (r[1].agent.lower(), r[2][0], r[1].start))


class ShiftsPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.teams: dict[int, RosterTeam] = {}
        self._shifts: list[ShiftView] = []
        self.exceptions: dict[int, ExceptionView] = {}
        self.team = QComboBox()
        self.team.setObjectName("adminShiftTeam")
        self.team.currentIndexChanged.connect(self._on_team)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Team:")))
        top.addWidget(self.team, 1)

        self.table = Table([self.tr("Agent"), self.tr("Days"), self.tr("Hours"), self.tr("Time zone")], "adminShifts")
        self.agent = QComboBox()
        self.agent.setObjectName("adminShiftAgent")
        self.agent.currentIndexChanged.connect(self._on_agent)
        self.days = QLineEdit("mon-fri")
        self.days.setObjectName("adminShiftDays")
        self.days.setPlaceholderText(self.tr("e.g. mon-fri or sat,sun"))
        self.start, self.end = QTimeEdit(QTime(8, 0)), QTimeEdit(QTime(17, 0))
        self.start.setObjectName("adminShiftStart")
        self.end.setObjectName("adminShiftEnd")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.timezone = QLineEdit(actor.timezone or "Asia/Jakarta")
        self.timezone.setObjectName("adminShiftTimezone")
        hours = QHBoxLayout()
        hours.addWidget(self.start)
        hours.addWidget(QLabel("–"))
        hours.addWidget(self.end)
        hours.addWidget(QLabel(self.tr("an end before the start runs past midnight")), 1)
        add = QPushButton(self.tr("Add shifts"))
        add.setObjectName("adminShiftAdd")
        add.clicked.connect(self.add_shifts)
        remove = QPushButton(self.tr("Remove selected shifts"))
        remove.setObjectName("adminShiftRemove")
        remove.clicked.connect(self.remove_shifts)
        self.capacity = QSpinBox()
        self.capacity.setObjectName("adminShiftCapacity")
        self.capacity.setRange(0, 1000)
        self.capacity.setSpecialValueText(self.tr("No limit"))
        self.capacity.setSuffix(self.tr(" tickets"))
        capacity = QPushButton(self.tr("Set capacity"))
        capacity.setObjectName("adminShiftCapacitySet")
        capacity.clicked.connect(self.set_capacity)
        form = QFormLayout()
        form.addRow(self.tr("Agent:"), self.agent)
        form.addRow(self.tr("Days:"), self.days)
        form.addRow(self.tr("Hours:"), hours)
        form.addRow(self.tr("Time zone:"), self.timezone)
        cap_row = QHBoxLayout()
        cap_row.addWidget(self.capacity, 1)
        cap_row.addWidget(capacity)
        form.addRow(self.tr("Most active tickets:"), cap_row)
        shift_buttons = QHBoxLayout()
        shift_buttons.addStretch(1)
        shift_buttons.addWidget(remove)
        shift_buttons.addWidget(add)

        self.upcoming = Table([self.tr("Kind"), self.tr("Who"), self.tr("From"), self.tr("Until"), self.tr("Note")],
                              "adminShiftExceptions")
        self.kind = QComboBox()
        self.kind.setObjectName("adminShiftKind")
        for kind in ShiftExceptionKind:
            self.kind.addItem(label(kind), kind.value)
        now = QDateTime.currentDateTime()
        self.starts, self.ends = QDateTimeEdit(now), QDateTimeEdit(now.addDays(1))
        self.starts.setObjectName("adminShiftFrom")
        self.ends.setObjectName("adminShiftUntil")
        for when in (self.starts, self.ends):
            when.setCalendarPopup(True)
            when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.note = QLineEdit()
        self.note.setObjectName("adminShiftNote")
        self.note.setPlaceholderText(self.tr("e.g. Annual leave, Idul Fitri"))
        add_exception = QPushButton(self.tr("Add"))
        add_exception.setObjectName("adminShiftExceptionAdd")
        add_exception.setToolTip(self.tr("Leave and cover are for the agent chosen above; a holiday is for the team."))
        add_exception.clicked.connect(self.add_exception)
        withdraw = QPushButton(self.tr("Withdraw selected"))
        withdraw.setObjectName("adminShiftExceptionWithdraw")
        withdraw.clicked.connect(self.withdraw)
        exception_row = QHBoxLayout()
        exception_row.addWidget(self.kind)
        exception_row.addWidget(self.starts)
        exception_row.addWidget(QLabel("–"))
        exception_row.addWidget(self.ends)
        exception_row.addWidget(self.note, 1)
        exception_row.addWidget(add_exception)
        exception_row.addWidget(withdraw)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addLayout(form)
        layout.addLayout(shift_buttons)
        layout.addWidget(QLabel(self.tr("Leave, holidays and cover to come")))
        layout.addWidget(self.upcoming, 1)
        layout.addLayout(exception_row)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        self.refresh()

    # -- loading -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        actor = self.actor

        def op(uow: UnitOfWork) -> _Loaded:
            return (roster.teams_for_roster(uow, actor), roster.roster(uow, actor),
                    roster.upcoming_exceptions(uow, actor))
        self.load(op, self._on_loaded)

    def _on_loaded(self, result: _Loaded) -> None:
        teams, shifts, exceptions = result
        self.teams = {t.id: t for t in teams}
        self._shifts = shifts
        chosen = self.team.currentData()
        self.team.blockSignals(True)
        self.team.clear()
        for t in teams:
            self.team.addItem(shown_name(t.name), t.id)
        self.team.setCurrentIndex(max(0, self.team.findData(chosen)))
        self.team.blockSignals(False)
        self.exceptions = {e.id: e for e in exceptions}
        tz = self.actor.timezone
        self.upcoming.fill([(e.id, [label(e.kind), e.agent or (shown_name(e.team) if e.team else self.tr("Everyone")),
                                    local_time(e.starts_at, tz), local_time(e.ends_at, tz), e.note])
                            for e in exceptions])
        self._on_team()

    def _on_team(self) -> None:
        team = self.teams.get(self.team.currentData())
        chosen = self.agent.currentData()
        self.agent.blockSignals(True)
        self.agent.clear()
        for a in team.agents if team else ():
            if a.active:
                self.agent.addItem(a.full_name, a.id)
        self.agent.setCurrentIndex(max(0, self.agent.findData(chosen)))
        self.agent.blockSignals(False)
        self._on_agent()
        mine = [s for s in self._shifts if team is not None and s.team_id == team.id]
        self.table.fill([(",".join(map(str, ids)), [s.agent, roster.format_weekdays(days), f"{s.start}–{s.end}",
                                                    s.timezone]) for ids, s, days in group_shifts(mine)])

    def _on_agent(self) -> None:
        team = self.teams.get(self.team.currentData())
        agent = next((a for a in team.agents if a.id == self.agent.currentData()), None) if team else None
        self.capacity.setValue(agent.capacity or 0 if agent else 0)

    # -- changes -------------------------------------------------------------------------------------

    def add_shifts(self) -> None:
        actor, team_id, user_id = self.actor, self.team.currentData(), self.agent.currentData()
        if team_id is None or user_id is None:
            self.error.show_message(self.tr("Choose a team and one of its agents first."))
            return
        days, tz = self.days.text(), self.timezone.text().strip()
        start, end = self.start.time().toString("HH:mm"), self.end.time().toString("HH:mm")
        agent = self.agent.currentText()

        def op(uow: UnitOfWork) -> list[ShiftView]:
            return roster.add_shifts(uow, actor, team_id=int(team_id), user_id=int(user_id),
                                     weekdays=roster.parse_weekdays(days), start=start, end=end, timezone=tz)
        self.submit(op, lambda made: self.notice.setText(
            self.tr("{name}: {n} shifts added.").format(name=agent, n=len(made))))

    def remove_shifts(self) -> None:
        key = self.table.current_id()
        if not key:
            self.error.show_message(self.tr("Select the shifts to remove."))
            return
        actor, ids = self.actor, [int(i) for i in str(key).split(",")]

        def op(uow: UnitOfWork) -> int:
            return roster.remove_shift_ids(uow, actor, ids)
        self.submit(op, lambda n: self.notice.setText(self.tr("{n} shifts removed.").format(n=n)))

    def set_capacity(self) -> None:
        actor, user_id, agent = self.actor, self.agent.currentData(), self.agent.currentText()
        if user_id is None:
            return
        value = self.capacity.value() or None

        def op(uow: UnitOfWork) -> None:
            roster.set_capacity(uow, actor, int(user_id), value)
        self.submit(op, lambda _r: self.notice.setText(
            self.tr("{name} gets at most {n} active tickets.").format(name=agent, n=value) if value
            else self.tr("{name} has no ticket limit.").format(name=agent)))

    def add_exception(self) -> None:
        actor, kind = self.actor, ShiftExceptionKind(self.kind.currentData())
        tz = zone(actor.timezone)
        starts = _aware(self.starts.dateTime(), tz)
        ends = _aware(self.ends.dateTime(), tz)
        holiday = kind is ShiftExceptionKind.HOLIDAY
        user_id = None if holiday else self.agent.currentData()
        team_id = self.team.currentData() if holiday else None
        note = self.note.text()

        def op(uow: UnitOfWork) -> ExceptionView:
            return roster.add_exception(uow, actor, kind=kind, starts_at=starts, ends_at=ends,
                                        user_id=int(user_id) if user_id is not None else None,
                                        team_id=int(team_id) if team_id is not None else None, note=note)
        self.submit(op, lambda row: self.notice.setText(self.tr("{kind} added for {who}.").format(
            kind=label(row.kind), who=row.agent or shown_name(row.team or ""))))

    def withdraw(self) -> None:
        key = self.upcoming.current_id()
        if key is None:
            self.error.show_message(self.tr("Select the leave, holiday or cover to withdraw."))
            return
        actor, exception_id = self.actor, int(key)

        def op(uow: UnitOfWork) -> None:
            roster.cancel_exception(uow, actor, exception_id)
        self.submit(op, lambda _r: self.notice.setText(self.tr("Withdrawn.")))


def _aware(value: QDateTime, tz: ZoneInfo) -> datetime:
    """A date-time typed in the user's zone, as an aware datetime (Qt's own is zone-less here)."""
    return datetime.fromisoformat(value.toString("yyyy-MM-ddTHH:mm")).replace(tzinfo=tz)
