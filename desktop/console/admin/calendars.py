"""Administration › Calendars & holidays: each calendar's zone and weekly hours, its holidays,
and the import of holidays from an iCalendar (.ics) file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.errors import ValidationFailed
from shared.services.admin import calendars
from shared.services.admin.calendars import CalendarRow, IcsImport
from shared.services.uow import UnitOfWork


class CalendarsPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rows: dict[int, CalendarRow] = {}
        self.current: CalendarRow | None = None
        self.table = Table([self.tr("Calendar"), self.tr("Time zone"), self.tr("Hours"), self.tr("SLA policies")],
                           "adminCalendars")
        self.table.itemSelectionChanged.connect(self._on_pick)
        self.name = QLineEdit()
        self.name.setObjectName("adminCalendarName")
        self.timezone = QLineEdit()
        self.timezone.setObjectName("adminCalendarTimezone")
        self.timezone.setPlaceholderText("Asia/Jakarta")
        self.hours = QLineEdit()
        self.hours.setObjectName("adminCalendarHours")
        self.hours.setPlaceholderText("mon-fri 08:00-12:00 13:00-17:00; sat 08:00-12:00")
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Time zone:"), self.timezone)
        form.addRow(self.tr("Opening hours:"), self.hours)
        new = QPushButton(self.tr("New calendar"))
        new.setObjectName("adminCalendarNew")
        new.clicked.connect(self.new_calendar)
        save = QPushButton(self.tr("Save calendar"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addStretch(1)
        buttons.addWidget(save)

        self.holidays = Table([self.tr("Day"), self.tr("Holiday")], "adminHolidays")
        self.holiday_day = QDateEdit()
        self.holiday_day.setObjectName("adminHolidayDay")
        self.holiday_day.setCalendarPopup(True)
        self.holiday_day.setDisplayFormat("yyyy-MM-dd")
        self.holiday_day.setDate(QDate.currentDate())
        self.holiday_name = QLineEdit()
        self.holiday_name.setObjectName("adminHolidayName")
        self.holiday_name.setPlaceholderText(self.tr("e.g. Hari Kemerdekaan"))
        add = QPushButton(self.tr("Add holiday"))
        add.setObjectName("adminHolidayAdd")
        add.clicked.connect(self.add_holiday)
        remove = QPushButton(self.tr("Remove holiday"))
        remove.setObjectName("adminHolidayRemove")
        remove.clicked.connect(self.remove_holiday)
        ics = QPushButton(self.tr("Import .ics…"))
        ics.setObjectName("adminHolidayImport")
        ics.clicked.connect(self._choose_ics)
        holiday_row = QHBoxLayout()
        holiday_row.addWidget(self.holiday_day)
        holiday_row.addWidget(self.holiday_name, 1)
        holiday_row.addWidget(add)
        holiday_row.addWidget(remove)
        holiday_row.addWidget(ics)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.holidays, 2)
        layout.addLayout(holiday_row)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        self.refresh()

    def refresh(self) -> None:
        actor = self.actor
        self.load(lambda uow: calendars.list_calendars(uow, actor), self._on_rows)

    def _on_rows(self, rows: list[CalendarRow]) -> None:
        self.rows = {r.id: r for r in rows}
        self.table.fill([(r.id, [r.name, r.timezone, r.hours, ", ".join(r.policies) or "—"]) for r in rows])
        if self.current is not None and self.current.id in self.rows:
            self._show(self.rows[self.current.id])
        elif rows and self.current is None:
            self.table.select_id(rows[0].id)

    def _on_pick(self) -> None:
        row = self.rows.get(self.table.current_id())
        if row is not None:
            self._show(row)

    def _show(self, row: CalendarRow) -> None:
        self.current = row
        self.name.setText(row.name)
        self.timezone.setText(row.timezone)
        self.hours.setText(row.hours)
        self.holidays.fill([(h.day.isoformat(), [h.day.isoformat(), h.name]) for h in row.holidays])

    def new_calendar(self) -> None:
        self.current = None
        self.table.clearSelection()
        for w in (self.name, self.hours):
            w.clear()
        self.timezone.setText("Asia/Jakarta")
        self.holidays.fill([])

    def save(self) -> None:
        actor, current = self.actor, self.current
        name, zone, hours = self.name.text(), self.timezone.text(), self.hours.text()

        def op(uow: UnitOfWork) -> CalendarRow:
            if current is None:
                return calendars.create(uow, actor, name, timezone=zone, hours=hours)
            return calendars.edit(uow, actor, current.id, name=name, timezone=zone, hours=hours)
        self.submit(op, self._saved)

    def _saved(self, row: CalendarRow) -> None:
        self.current = row
        self.notice.setText(self.tr("Saved calendar {name}.").format(name=row.name))

    def _calendar_id(self) -> int | None:
        if self.current is None:
            self.error.show_message(self.tr("Choose a calendar first."))
            return None
        return self.current.id

    def add_holiday(self) -> None:
        cal_id, actor = self._calendar_id(), self.actor
        if cal_id is None:
            return
        day, name = self.holiday_day.date().toPython(), self.holiday_name.text()
        assert isinstance(day, date)
        self.submit(lambda uow: calendars.add_holiday(uow, actor, cal_id, day, name),
                    lambda _row: self.holiday_name.clear())

    def remove_holiday(self) -> None:
        cal_id, actor, key = self._calendar_id(), self.actor, self.holidays.current_id()
        if cal_id is None or key is None:
            return
        day = date.fromisoformat(str(key))
        self.submit(lambda uow: calendars.remove_holiday(uow, actor, cal_id, day))

    def _choose_ics(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import holidays"), "",
                                                    self.tr("iCalendar files (*.ics);;All files (*)"))
        if path:
            self.import_ics(path)

    def import_ics(self, path: str) -> None:
        cal_id, actor = self._calendar_id(), self.actor
        if cal_id is None:
            return

        def op(uow: UnitOfWork) -> IcsImport:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise ValidationFailed(str(exc), field="file") from None
            return calendars.import_ics(uow, actor, cal_id, data)
        self.submit(op, lambda result: self.notice.setText(
            self.tr("{n} holidays added, {k} were there already.").format(n=len(result.added), k=result.already)))
