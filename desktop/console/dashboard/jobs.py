"""The scheduler's jobs on the dashboard: when each last ran, how it ended, and when it runs next,
so a supervisor sees at once that SLA warnings and mail are being handled (no cron to check)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.i18n import _
from shared.scheduler.jobs import TITLES
from shared.services import job_runs
from shared.services.job_runs import JobOutcome, JobStatus


class JobsPanel(QGroupBox):
    def __init__(self, ops: Ops, actor: Actor) -> None:
        super().__init__(self.tr("Scheduled jobs"))
        self.setObjectName("jobsPanel")
        self.ops, self.actor = ops, actor
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("jobsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Job"), self.tr("Last run"), self.tr("Result"),
                                              self.tr("Next run")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # The result is elided (its tooltip has it whole): the table never scrolls sideways.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty = self.tr("No job has run yet: the server (helpdesk serve) or helpdesk scheduler run "
                             "runs them.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.setMaximumHeight(230)

    def refresh(self) -> None:
        actor = self.actor
        self.ops.run(lambda uow: job_runs.status(uow, actor), self.show_jobs, parent=self)

    def _result(self, row: JobStatus) -> str:
        if row.running:
            return self.tr("running…")
        words = {JobOutcome.OK: self.tr("OK"), JobOutcome.FAILED: self.tr("Failed"),
                 JobOutcome.SKIPPED: self.tr("Skipped")}
        head = words.get(row.outcome, "—") if row.outcome else "—"
        return f"{head}: {row.message}" if row.message else head

    def show_jobs(self, rows: list[JobStatus]) -> None:
        self.table.setRowCount(max(1, len(rows)))
        if not rows:
            self.table.setSpan(0, 0, 1, 4)
            self.table.setItem(0, 0, QTableWidgetItem(self.empty))
            return
        self.table.clearSpans()
        tz = self.actor.timezone
        for i, row in enumerate(rows):
            cells = [_(TITLES.get(row.name, row.name)), local_time(row.last_finished_at, tz),
                     self._result(row), local_time(row.next_due_at, tz)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, column, item)
