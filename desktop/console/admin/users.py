"""Administration › Users: the accounts, an edit form, deactivate/reactivate, password reset,
and the CSV import with its dry run."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from desktop.console.admin.base import ID_ROLE, Page, Table
from desktop.console.admin.hand_over_dialog import HandOverDialog
from shared.auth.permissions import Actor, Permission, can
from shared.errors import ValidationFailed
from shared.models.enums import Role, label
from shared.services import users as people
from shared.services.admin import hand_over, teams, user_import, users
from shared.services.admin.user_import import ImportReport
from shared.services.admin.users import UserFields, UserRow
from shared.services.dto import UserView
from shared.services.uow import UnitOfWork


class UsersPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rows: dict[int, UserRow] = {}
        self._csv_path = ""
        self.search = QLineEdit()
        self.search.setObjectName("adminUserSearch")
        self.search.setPlaceholderText(self.tr("Search by name, user name, e-mail or department…"))
        self.search.returnPressed.connect(self.refresh)
        self.table = Table([self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Teams"),
                            self.tr("State")], "adminUsers")
        self.table.itemSelectionChanged.connect(self._on_pick)

        self.username = QLineEdit()
        self.username.setObjectName("adminUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("adminFullName")
        self.email = QLineEdit()
        self.email.setObjectName("adminEmail")
        self.phone = QLineEdit()
        self.phone.setObjectName("adminPhone")
        self.department = QLineEdit()
        self.department.setObjectName("adminDepartment")
        self.location = QLineEdit()
        self.location.setObjectName("adminLocation")
        self.role = QComboBox()
        self.role.setObjectName("adminRole")
        for role in Role:
            self.role.addItem(label(role), role.value)
        self.teams = QListWidget()
        self.teams.setObjectName("adminUserTeams")
        self.teams.setMaximumHeight(110)
        self.language = QComboBox()
        self.language.setObjectName("adminLanguage")
        self.language.addItem(self.tr("(the desk's)"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Bahasa Indonesia", "id")
        self.timezone = QLineEdit()
        self.timezone.setObjectName("adminTimezone")
        self.timezone.setPlaceholderText("Asia/Jakarta")
        form = QFormLayout()
        for text, widget in ((self.tr("User name:"), self.username), (self.tr("Full name:"), self.full_name),
                             (self.tr("E-mail:"), self.email), (self.tr("Phone:"), self.phone),
                             (self.tr("Department:"), self.department), (self.tr("Location:"), self.location),
                             (self.tr("Role:"), self.role), (self.tr("Teams:"), self.teams),
                             (self.tr("Language:"), self.language), (self.tr("Time zone:"), self.timezone)):
            form.addRow(text, widget)

        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setObjectName("adminUserNew")
        self.new_button.clicked.connect(self.new_user)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.active_button.setObjectName("adminUserActive")
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button = QPushButton(self.tr("Reset password"))
        self.reset_button.setObjectName("adminUserReset")
        self.reset_button.clicked.connect(self.reset_password)
        self.hand_over_button = QPushButton(self.tr("Hand over tickets…"))
        self.hand_over_button.setObjectName("adminUserHandOver")
        self.hand_over_button.clicked.connect(self.ask_hand_over)
        self.hand_over_dialog: HandOverDialog | None = None
        buttons = QHBoxLayout()
        for b in (self.new_button, self.active_button, self.reset_button, self.hand_over_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.setObjectName("adminUserImport")
        self.import_button.clicked.connect(self._choose_csv)
        self.import_run = QPushButton(self.tr("Import these accounts"))
        self.import_run.setObjectName("adminUserImportRun")
        self.import_run.setEnabled(False)
        self.import_run.clicked.connect(lambda: self.import_csv(self._csv_path, dry_run=False))
        self.import_report = QPlainTextEdit()
        self.import_report.setObjectName("adminImportReport")
        self.import_report.setReadOnly(True)
        self.import_report.setMaximumHeight(120)
        self.import_report.hide()

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.search)
        lv.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.import_run)
        row.addStretch(1)
        lv.addLayout(row)
        lv.addWidget(self.import_report)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(form)
        rv.addWidget(self.error)
        rv.addWidget(self.notice)
        rv.addLayout(buttons)
        rv.addStretch(1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([620, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.new_user()
        actor = self.actor
        config = can(actor, Permission.CONFIG_MANAGE)
        self.load(lambda uow: teams.list_teams(uow, actor) if config else [], self._on_teams)
        self.refresh()

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        actor, text = self.actor, self.search.text()
        self.load(lambda uow: users.list_users(uow, actor, text=text), self._on_rows)

    def _on_rows(self, rows: list[UserRow]) -> None:
        self.rows = {r.id: r for r in rows}
        self.table.fill([(r.id, [r.username, r.full_name, label(r.role), ", ".join(r.teams),
                                 self.tr("active") if r.active else self.tr("deactivated")]) for r in rows])

    def _on_teams(self, rows: list[teams.TeamRow]) -> None:
        self.teams.clear()
        for t in rows:
            item = QListWidgetItem(f"{t.name} (L{t.tier})")
            item.setData(ID_ROLE, t.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.teams.addItem(item)

    def _on_pick(self) -> None:
        row = self.rows.get(self.table.current_id())
        if row is not None:
            self.show_user(row)

    # --- the form ---------------------------------------------------------------------------------

    def new_user(self) -> None:
        self.current: UserRow | None = None
        self.table.clearSelection()
        for w in (self.username, self.full_name, self.email, self.phone, self.department, self.location,
                  self.timezone):
            w.clear()
        self.username.setReadOnly(False)
        self.role.setCurrentIndex(self.role.findData(Role.REQUESTER.value))
        self.language.setCurrentIndex(0)
        self._check_teams(())
        self.active_button.setEnabled(False)
        self.reset_button.setEnabled(False)
        self.hand_over_button.setEnabled(False)
        self.error.clear()

    def show_user(self, row: UserRow) -> None:
        self.current = row
        self.username.setText(row.username)
        self.username.setReadOnly(True)
        self.full_name.setText(row.full_name)
        self.email.setText(row.email or "")
        self.phone.setText(row.phone or "")
        self.department.setText(row.department or "")
        self.location.setText(row.location or "")
        self.role.setCurrentIndex(self.role.findData(row.role.value))
        self.language.setCurrentIndex(max(0, self.language.findData(row.language or "")))
        self.timezone.setText(row.timezone)
        self._check_teams(row.team_ids)
        self.active_button.setEnabled(True)
        self.active_button.setText(self.tr("Deactivate") if row.active else self.tr("Reactivate"))
        self.reset_button.setEnabled(True)
        self.hand_over_button.setEnabled(row.role != Role.REQUESTER)
        self.error.clear()

    def _check_teams(self, ids: tuple[int, ...]) -> None:
        for i in range(self.teams.count()):
            item = self.teams.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(ID_ROLE) in ids else Qt.CheckState.Unchecked)

    def _fields(self) -> UserFields:
        checked = tuple(self.teams.item(i).data(ID_ROLE) for i in range(self.teams.count())
                        if self.teams.item(i).checkState() == Qt.CheckState.Checked)
        return UserFields(full_name=self.full_name.text(), email=self.email.text(), phone=self.phone.text(),
                          department=self.department.text(), location=self.location.text(),
                          role=str(self.role.currentData()), team_ids=checked,
                          language=str(self.language.currentData()),
                          timezone=self.timezone.text().strip() or None)

    def save(self) -> None:
        actor, values, current = self.actor, self._fields(), self.current
        if current is None:
            username = self.username.text()
            self.submit(lambda uow: users.add(uow, actor, username, values), self._on_saved)
        else:
            self.submit(lambda uow: users.edit(uow, actor, current.id, values), self._on_saved)

    def _on_saved(self, row: UserRow) -> None:
        self.rows[row.id] = row
        self.show_user(row)
        self.table.select_id(row.id)
        self.notice.setText(self.tr("Saved {user}.").format(user=row.username))

    def toggle_active(self) -> None:
        current, actor = self.current, self.actor
        if current is None:
            return
        self.submit(lambda uow: users.set_active(uow, actor, current.id, not current.active),
                    self._on_active)

    def _on_active(self, result: users.Deactivated) -> None:
        self.show_user(result.user)
        if result.user.active:
            self.notice.setText(self.tr("{user} is active again.").format(user=result.user.username))
        else:
            text = self.tr("{user} is deactivated: no sign-in, no new work.").format(user=result.user.username)
            if result.open_tickets:
                text += " " + self.tr("{n} open tickets are still assigned to them; “Hand over tickets…” "
                                      "gives them to colleagues.").format(n=result.open_tickets)
            self.notice.setText(text)

    def ask_hand_over(self) -> None:
        """How many open tickets, and the active agents who could take them; then ask where to."""
        current, actor = self.current, self.actor
        if current is None:
            return

        def read(uow: UnitOfWork) -> tuple[int, list[UserView]]:
            count = hand_over.open_count(uow, actor, current.id)
            staff = people.list_users(uow, actor, staff_only=True, active_only=True)
            return count, [p for p in staff if p.id != current.id and p.role.agent_tier is not None]

        self.load(read, lambda found: self._ask_hand_over(current, *found))

    def _ask_hand_over(self, row: UserRow, count: int, colleagues: list[UserView]) -> None:
        if not count:
            self.notice.setText(self.tr("{user} has no open tickets.").format(user=row.username))
            return
        dialog = self.hand_over_dialog = HandOverDialog(row.full_name, count, colleagues, self)
        actor = self.actor

        def go() -> None:
            to = dialog.chosen()
            self.submit(lambda uow: hand_over.hand_over(uow, actor, row.id, to=to), self._on_handed_over)

        dialog.accepted.connect(go)
        dialog.open()

    def _on_handed_over(self, done: hand_over.HandedOver) -> None:
        parts = [f"{name}: {n}" for name, n in done.to_agents]
        if done.to_queue:
            parts.append(self.tr("their team's queue: {n}").format(n=done.to_queue))
        self.notice.setText(self.tr("Handed over {n} open tickets of {user} ({where}).").format(
            n=done.count, user=done.username, where=", ".join(parts)))

    def reset_password(self) -> None:
        current, actor = self.current, self.actor
        if current is None:
            return
        self.submit(lambda uow: users.reset_password(uow, actor, current.id),
                    lambda pw: self.notice.setText(self.tr("New password for {user}: {password}").format(
                        user=current.username, password=pw)), reload=False)

    # --- CSV import -------------------------------------------------------------------------------

    def _choose_csv(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import users from CSV"), "",
                                                    self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self.import_csv(path, dry_run=True)

    def import_csv(self, path: str, *, dry_run: bool) -> None:
        """Check the file (dry run) and show what is wrong by line; the real run follows a clean check."""
        actor = self.actor
        self._csv_path = path
        self.import_run.setEnabled(False)

        def op(uow: UnitOfWork) -> ImportReport:
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise ValidationFailed(str(exc), field="file") from None
            return user_import.import_users(uow, actor, user_import.read_csv(text), dry_run=dry_run)
        self.submit(op, self._on_import, reload=not dry_run)

    def _on_import(self, report: ImportReport) -> None:
        lines = [self.tr("line {line}: {message}").format(line=e.line, message=e.message) for e in report.errors]
        if report.errors:
            lines.append(self.tr("{bad} of {n} rows are wrong; nothing was imported.").format(
                bad=len({e.line for e in report.errors}), n=report.rows))
        elif report.dry_run:
            lines.append(self.tr("All {n} rows are fine. Nothing is written yet: press “Import these "
                                 "accounts”.").format(n=report.rows))
            self.import_run.setEnabled(True)
        else:
            lines.append(self.tr("Imported {n} accounts: {names}").format(n=len(report.created),
                                                                          names=", ".join(report.created)))
        self.import_report.setPlainText("\n".join(lines))
        self.import_report.show()
