"""The "Run diagnostic" dialog: pick an approved entry, fill its typed form, run it through the
machine's SSH gate and read the output. The service records every attempt on the ticket.

Refusals are caught in two places before the gate: the form (each field with the catalogue's own
rules, message inline) and the full request line (`parse_request`, tier and OS included). A refusal
by the gate or a connection / host-key problem is shown through `show_error`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agent_probe.gate.catalogue import Catalogue, Diagnostic, RequestRefusedError, encode_request, parse_request
from desktop.common.errors import show_error
from desktop.console.diagnostics.form import ERROR_STYLE, ParamForm
from desktop.console.diagnostics.session import DiagnosticsSession
from shared.auth.permissions import Actor
from shared.errors import HelpdeskError, ValidationFailed
from shared.i18n import catalogue_text
from shared.services.diagnostics import Outcome, RunOutcome, RunRecord, actor_tier, os_key
from shared.services.dto import parse_ticket_ref
from shared.services.machines import MachineView

ROLE_ID = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


class RunProblem(HelpdeskError):
    """A run the service recorded but that did not complete (refused by the gate, gate failure)."""


def available(catalogue: Catalogue, actor: Actor, machine: MachineView) -> list[Diagnostic]:
    """The entries this actor's tier may run on this machine's operating system."""
    tier, system = actor_tier(actor) or 0, os_key(machine.os_name)
    return [d for d in catalogue.diagnostics.values() if d.min_tier <= tier and d.template_for(system) is not None]


class DiagnosticDialog(QDialog):
    sig_finished = Signal(object)  # RunRecord, after a run came back (completed or not)
    sig_failed = Signal(object)  # the exception; the one error presenter shows it

    def __init__(self, parent: QWidget | None, session: DiagnosticsSession, actor: Actor, machine: MachineView,
                 catalogue: Catalogue, *, ticket_id: int | None = None, ticket_number: str = "",
                 ask_ticket: bool = False) -> None:
        super().__init__(parent)
        self.session, self.actor, self.machine, self.catalogue = session, actor, machine, catalogue
        self.ticket_id = ticket_id
        self.running = False
        self.last: RunRecord | None = None
        self.form: ParamForm | None = None
        self.setWindowTitle(self.tr("Run diagnostic on {host}").format(host=machine.hostname))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.resize(900, 620)

        where = QLabel(self.tr("{host} · {os} · {user}@{target}:{port}").format(
            host=machine.hostname, os=f"{machine.os_name} {machine.os_version}".strip(),
            user=machine.ssh_user, target=machine.ssh_host, port=machine.ssh_port))
        where.setObjectName("machineLine")
        top = QFormLayout()
        top.addRow(self.tr("Machine:"), where)
        self.ticket = QLineEdit(ticket_number)
        self.ticket.setObjectName("ticket")
        self.ticket.setPlaceholderText("HD-000123")
        self.ticket.setReadOnly(not ask_ticket)
        self.ticket_error = self._error_label("ticketError")
        self.ticket.textChanged.connect(lambda _t: self.ticket_error.hide())
        ticket_cell = QWidget()
        ticket_column = QVBoxLayout(ticket_cell)
        ticket_column.setContentsMargins(0, 0, 0, 0)
        ticket_column.addWidget(self.ticket)
        ticket_column.addWidget(self.ticket_error)
        top.addRow(self.tr("Record on ticket:"), ticket_cell)

        self.entries = QListWidget()
        self.entries.setObjectName("diagnostics")
        self.entries.setWordWrap(True)
        self.entries.setMinimumWidth(260)
        self.entries.setAlternatingRowColors(True)  # each entry is two lines: keep them apart
        self.entries.setSpacing(2)
        for d in available(catalogue, actor, machine):
            item = QListWidgetItem(f"{catalogue_text(d.title)}\n{catalogue_text(d.description)}")
            item.setData(ROLE_ID, d.id)
            item.setToolTip(catalogue_text(d.description))
            self.entries.addItem(item)
        self.entries.currentItemChanged.connect(lambda item, _prev: self._select(item))

        self.description = QLabel()
        self.description.setObjectName("description")
        self.description.setWordWrap(True)
        self.form_box = QVBoxLayout()
        self.request_error = self._error_label("requestError")
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setObjectName("runButton")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.status = QLabel()
        self.status.setObjectName("runStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output = QPlainTextEdit()
        self.output.setObjectName("output")
        self.output.setReadOnly(True)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)  # when the platform names no fixed font (offscreen)
        mono.setFixedPitch(True)
        self.output.setFont(mono)
        self.output.setPlaceholderText(self.tr("The output appears here."))
        run_row = QHBoxLayout()
        run_row.addWidget(self.status, 1)
        run_row.addWidget(self.run_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.description)
        right_layout.addLayout(self.form_box)
        right_layout.addWidget(self.request_error)
        right_layout.addLayout(run_row)
        right_layout.addWidget(self.output, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.entries)
        split.addWidget(right)
        split.setStretchFactor(1, 2)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        if self.entries.count():
            self.entries.setCurrentRow(0)
        else:
            self.description.setText(self.tr("No approved diagnostic is available for your tier on this machine."))
        self._update_run()

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    # --- choosing ------------------------------------------------------------------------------

    def select(self, diagnostic_id: str) -> None:
        for row in range(self.entries.count()):
            if self.entries.item(row).data(ROLE_ID) == diagnostic_id:
                self.entries.setCurrentRow(row)
                return
        raise KeyError(diagnostic_id)

    def selected(self) -> Diagnostic | None:
        item = self.entries.currentItem()
        return self.catalogue.get(item.data(ROLE_ID)) if item is not None else None

    def _select(self, item: QListWidgetItem | None) -> None:
        if self.form is not None:
            self.form_box.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        self.request_error.hide()
        diagnostic = self.catalogue.get(item.data(ROLE_ID)) if item is not None else None
        if diagnostic is None:
            self.description.clear()
        else:
            self.description.setText(f"<b>{html.escape(catalogue_text(diagnostic.title))}</b><br>"
                                     f"{html.escape(catalogue_text(diagnostic.description))}")
            self.form = ParamForm(diagnostic, self)
            self.form_box.addWidget(self.form)
        self._update_run()

    def _update_run(self) -> None:
        self.run_button.setEnabled(not self.running and self.selected() is not None)

    # --- running -------------------------------------------------------------------------------

    def _ticket_id(self) -> int | None:
        text = self.ticket.text().strip()
        try:
            if not text:
                raise ValidationFailed(self.tr("Enter the ticket to record the run on."), field="ticket")
            return parse_ticket_ref(text)
        except ValidationFailed as exc:
            self.ticket_error.setText(exc.message)
            self.ticket_error.show()
            return None

    def request(self) -> tuple[int, str, dict[str, str | int]] | None:
        """(ticket id, diagnostic id, params) after every check the console makes, or None after
        showing what was refused. Nothing has been sent or recorded at that point."""
        diagnostic, form = self.selected(), self.form
        if diagnostic is None or form is None:
            return None
        ticket_id = self.ticket_id if self.ticket.isReadOnly() else self._ticket_id()
        params = form.values()
        if ticket_id is None or params is None:
            return None
        try:  # the whole line, as the gate will read it: length, tier and OS as well
            parse_request(encode_request(diagnostic.id, params), self.catalogue,
                          tier=actor_tier(self.actor) or 0, os_key=os_key(self.machine.os_name))
        except RequestRefusedError as exc:
            self.request_error.setText(str(exc))
            self.request_error.show()
            return None
        self.request_error.hide()
        return ticket_id, diagnostic.id, params

    def run(self) -> None:
        if self.running:
            return
        checked = self.request()
        if checked is None:
            return
        ticket_id, diagnostic_id, params = checked
        self.ticket_id = ticket_id
        self.running = True
        self._update_run()
        self.output.clear()
        self.status.setText(self.tr("Running {id} on {host}…").format(id=diagnostic_id, host=self.machine.hostname))
        self.session.run(self.actor, ticket_id, self.machine.id, diagnostic_id, params,
                         success=self._on_result, failure=self._on_failed, parent=self)

    def _on_result(self, record: RunRecord) -> None:
        self.running = False
        self._update_run()
        self.last = record
        o = record.outcome
        self.output.setPlainText(_output_text(o))
        if o.outcome == Outcome.COMPLETED:
            self.status.setText(" · ".join(self._completed_parts(o)))
        else:
            title = (self.tr("Refused by the machine's gate") if o.outcome == Outcome.REFUSED_BY_GATE
                     else self.tr("The diagnostic failed"))
            self.status.setText(f"{title}: {o.message}" if o.message else title)
            show_error(self, RunProblem(self.status.text()))
        self.sig_finished.emit(record)

    def _completed_parts(self, o: RunOutcome) -> list[str]:
        parts = [self.tr("Exit code {code}").format(code=o.exit_code if o.exit_code is not None else "—"),
                 self.tr("{ms} ms").format(ms=o.duration_ms)]
        if o.timed_out:
            parts.append(self.tr("Timed out: stopped at the catalogue's time limit"))
        if o.truncated:
            parts.append(self.tr("Truncated: output cut at the catalogue's size limit"))
        if o.message:
            parts.append(o.message)
        return parts

    def _on_failed(self, exc: BaseException) -> bool:
        self.running = False
        self._update_run()
        self.status.setText(self.tr("Not run: {reason}").format(
            reason=exc.message if isinstance(exc, HelpdeskError) else type(exc).__name__))
        self.sig_failed.emit(exc)
        return False  # shown by the one error presenter


def _output_text(o: RunOutcome) -> str:
    if not o.stderr:
        return o.stdout
    sep = "" if not o.stdout or o.stdout.endswith("\n") else "\n"
    return f"{o.stdout}{sep}--- stderr ---\n{o.stderr}"
