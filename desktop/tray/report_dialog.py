"""Report a problem. While the user types, matching help articles are offered; "this solved it"
records a deflection and raises no ticket. The same dialog corrects an outbox item the server
refused (`edit`): it opens filled in with what was kept, and sends under a new key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from desktop.tray.client import NewAttachment, TrayClient
from desktop.tray.machine_snapshot import MachineSnapshot, machine_snapshot, summary
from desktop.tray.outbox import Item, Outbox, new_key, unfiles
from shared.errors import HelpdeskError, Unreachable
from shared.models.enums import Level
from shared.services.catalog import CategoryView
from shared.services.kb import ArticleView
from shared.services.names import shown_path
from shared.services.requester import RequesterTicket
from shared.triage.similar import SimilarTicket


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def grab_screenshot() -> NewAttachment | None:
    """The primary screen as a PNG attachment (None when there is no screen to grab)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return None
    pixmap = screen.grabWindow(0)
    if pixmap.isNull():
        return None
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    buffer.close()
    return NewAttachment("screenshot.png", "image/png", bytes(data.data()))


class ReportDialog(QDialog):
    sig_submitted = Signal(object)  # RequesterTicket
    sig_deflected = Signal(int)  # article id
    sig_articles = Signal(int)  # how many articles were offered
    sig_queued = Signal(object)  # outbox Item: kept to send when the server is back
    sig_snapshot = Signal(object)  # MachineSnapshot | None, once collected
    sig_same = Signal(int)  # how many own open tickets look the same
    sig_added = Signal(object)  # RequesterTicket: the words went to an existing ticket
    sig_refused = Signal(str)  # a corrected outbox item was refused again: the server's reason

    def __init__(self, ops: Ops, client: TrayClient, parent: QWidget | None = None, *,
                 outbox: Outbox | None = None,
                 snapshot_source: Callable[[], MachineSnapshot] | None = machine_snapshot) -> None:
        super().__init__(parent)
        self.ops, self.client, self.outbox = ops, client, outbox
        self.machine: MachineSnapshot | None = None
        self._snapshot_source = snapshot_source
        self.files: list[NewAttachment] = []  # kept with an outbox item being corrected
        self.replaces: str | None = None  # that item's key: the one this submission replaces
        self._category: int | None = None  # its category, chosen once the list has come
        self.setWindowTitle(self.tr("Report a problem"))
        self.resize(880, 560)
        self.articles: list[ArticleView] = []

        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.subject.setPlaceholderText(self.tr("In a few words: what is wrong?"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText(self.tr("What happened, since when, any error message…"))
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(self.tr("I don't know"), None)
        self.urgency = QComboBox()
        self.urgency.setObjectName("urgency")
        for text, level in ((self.tr("It can wait"), Level.LOW), (self.tr("It slows me down"), Level.MEDIUM),
                            (self.tr("I cannot work"), Level.HIGH)):
            self.urgency.addItem(text, level.value)
        self.urgency.setCurrentIndex(1)
        self.impact = QComboBox()
        self.impact.setObjectName("impact")
        for text, level in ((self.tr("Just me"), Level.LOW), (self.tr("My team"), Level.MEDIUM),
                            (self.tr("Many people / the whole office"), Level.HIGH)):
            self.impact.addItem(text, level.value)
        self.screenshot = QCheckBox(self.tr("Attach a screenshot of my screen"))
        self.screenshot.setObjectName("screenshot")
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachments")
        self.attachments.setMaximumHeight(70)
        self.remove_file = QPushButton(self.tr("Remove attachment"))
        self.remove_file.setObjectName("removeAttachment")
        self.remove_file.clicked.connect(self._on_remove_file)
        files = QWidget()
        files_layout = QVBoxLayout(files)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.attachments)
        files_layout.addWidget(self.remove_file, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        form.addRow(self.tr("Subject:"), self.subject)
        form.addRow(self.tr("Description:"), self.description)
        form.addRow(self.tr("Category:"), self.category)
        form.addRow(self.tr("How urgent is it?"), self.urgency)
        form.addRow(self.tr("Who is affected?"), self.impact)
        form.addRow("", self.screenshot)
        form.addRow(self.tr("Attachments:"), files)
        self._form, self._files_row = form, files
        form.setRowVisible(files, False)
        # What is sent about this computer, readable, before it is sent; unticked, nothing is.
        self.send_snapshot = QCheckBox(self.tr("Send this computer's details"))
        self.send_snapshot.setObjectName("sendSnapshot")
        self.send_snapshot.setToolTip(self.tr("They help the helpdesk find the cause. Untick to leave them out."))
        self.send_snapshot.setChecked(snapshot_source is not None)
        self.send_snapshot.setEnabled(False)
        self.snapshot_view = QPlainTextEdit()
        self.snapshot_view.setObjectName("snapshotPreview")
        self.snapshot_view.setReadOnly(True)
        self.snapshot_view.setMaximumHeight(130)
        self.snapshot_view.setPlaceholderText(self.tr("Collecting this computer's details…"))
        self.send_snapshot.toggled.connect(self.snapshot_view.setEnabled)
        form.addRow("", self.send_snapshot)
        form.addRow("", self.snapshot_view)
        left = QWidget()
        left.setLayout(form)

        # The user's own open tickets that look the same: adding to one beats a duplicate.
        self.same_title = QLabel(self.tr("You already reported something like this:"))
        self.same_title.setObjectName("sectionTitle")
        self.same_title.setWordWrap(True)
        self.same_list = QListWidget()
        self.same_list.setObjectName("sameProblems")
        self.same_list.setMaximumHeight(80)
        self.same_list.setWordWrap(True)
        self.same_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.same_button = QPushButton(self.tr("Same problem: add my words to it"))
        self.same_button.setObjectName("addToSame")
        self.same_button.setToolTip(self.tr("Your description goes to that ticket as a reply; no new ticket."))
        self.same_button.clicked.connect(self.add_to_same)
        self.same_problems: list[SimilarTicket] = []
        hint = QLabel(self.tr("These help articles may solve it right away:"))
        hint.setObjectName("sectionTitle")
        hint.setWordWrap(True)
        self.article_list = QListWidget()
        self.article_list.setObjectName("articles")
        self.article_list.currentRowChanged.connect(self._on_article)
        self.article_text = QTextBrowser()
        self.article_text.setObjectName("articleText")
        self.solved_button = QPushButton(self.tr("This solved it"))
        self.solved_button.setObjectName("solvedButton")
        self.solved_button.setEnabled(False)
        self.solved_button.clicked.connect(self.solved)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.same_title, self.same_list, self.same_button):
            right_layout.addWidget(widget)
            widget.hide()
        right_layout.addWidget(hint)
        right_layout.addWidget(self.article_list, 1)
        right_layout.addWidget(self.article_text, 2)
        right_layout.addWidget(self.solved_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([500, 380])
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Submit"))
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self._debounce = QTimer(self, singleShot=True, interval=400)
        self._debounce.timeout.connect(self.check_articles)
        self.subject.textChanged.connect(self._on_typed)
        self.description.textChanged.connect(self._on_typed)
        self._update_submit()
        self._show_articles([])
        ops.call(client.categories, self._on_categories, parent=self)
        if snapshot_source is None:
            self.send_snapshot.hide()
            self.snapshot_view.hide()
        else:
            ops.call(snapshot_source, self._on_snapshot, failure=self._on_snapshot_failed, parent=self)

    def edit(self, item: Item) -> None:
        """Fill the form with a failed outbox item, to correct what the server refused and send
        again; a failed reply (its ticket closed) becomes the description of a new report."""
        p = item.payload or {}
        self.replaces = item.key
        self.setWindowTitle(self.tr("Edit and send again"))
        if item.kind == "reply":
            self.subject.setText(self.tr("About {number}").format(number=item.title))
            self.description.setPlainText(str(p.get("body", "")))
        else:
            self.subject.setText(str(p.get("subject", "")))
            self.description.setPlainText(str(p.get("description", "")))
            for combo, value in ((self.urgency, p.get("urgency")), (self.impact, p.get("impact"))):
                if (index := combo.findData(value)) >= 0:
                    combo.setCurrentIndex(index)
            self._category = p.get("category_id")
            self._pick_category()
            self.files = unfiles(p.get("attachments") or [])
            self._show_files()
            if p.get("snapshot"):  # what was collected then is what goes; untick to leave it out
                self._snapshot_source = None
                self.send_snapshot.show()
                self.snapshot_view.show()
                self.send_snapshot.setChecked(True)
                self._on_snapshot(MachineSnapshot(p["snapshot"], p.get("machine_id"), False), kept=True)
        self.screenshot.setChecked(False)  # a new screenshot only if they ask for one
        self.status.setText(self.tr("The helpdesk refused it: {reason}").format(reason=item.reason))

    def _show_files(self) -> None:
        self.attachments.clear()
        for f in self.files:
            self.attachments.addItem(QListWidgetItem(f"{f.filename} ({_size(len(f.data))})"))
        if self.files:
            self.attachments.setCurrentRow(0)
        self._form.setRowVisible(self._files_row, bool(self.files))

    def _on_remove_file(self) -> None:
        row = self.attachments.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self._show_files()

    def _pick_category(self) -> None:
        if self._category is None:
            return
        index = self.category.findData(self._category)
        if index >= 0:
            self.category.setCurrentIndex(index)
            self._category = None

    def _on_snapshot(self, machine: MachineSnapshot, *, kept: bool = False) -> None:
        self.machine = machine
        source = (self.tr("Kept with the report:") if kept
                  else self.tr("From this computer's helpdesk probe:") if machine.from_probe
                  else self.tr("Collected just now:"))
        self.snapshot_view.setPlainText("\n".join([source, *summary(machine.snapshot)]))
        self.send_snapshot.setEnabled(True)
        self.sig_snapshot.emit(machine)

    def _on_snapshot_failed(self, _exc: BaseException) -> bool:
        self.send_snapshot.setChecked(False)
        self.snapshot_view.setPlaceholderText(self.tr("This computer's details could not be collected."))
        self.sig_snapshot.emit(None)
        return True  # the report goes without them; nothing for the user to do

    def _on_categories(self, categories: list[CategoryView]) -> None:
        for c in categories:
            self.category.addItem(shown_path(c.path), c.id)
        self._pick_category()
        if self._category is not None:  # the one it had is gone: that may be why it was refused
            self._category = None
            self.status.setText(self.tr("The category it had is no longer offered; choose another, "
                                        "or leave “I don't know”."))

    def _on_typed(self) -> None:
        self._update_submit()
        self._debounce.start()

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(bool(self.subject.text().strip()))

    def check_articles(self) -> None:
        self._debounce.stop()
        text = f"{self.subject.text()} {self.description.toPlainText()}"
        client = self.client
        self.ops.call(lambda: client.search_articles(text, 5), self._show_articles, parent=self)
        subject, description = self.subject.text(), self.description.toPlainText()
        self.ops.call(lambda: client.same_problems(subject, description), self._show_same, parent=self)

    def _show_same(self, found: list[SimilarTicket]) -> None:
        self.same_problems = list(found)
        self.same_list.clear()
        for s in self.same_problems:
            self.same_list.addItem(QListWidgetItem(f"{s.number} · {s.subject}"))
        if self.same_problems:
            self.same_list.setCurrentRow(0)
        for widget in (self.same_title, self.same_list, self.same_button):
            widget.setVisible(bool(self.same_problems))
        self.sig_same.emit(len(self.same_problems))

    def add_to_same(self) -> None:
        """Send what was written as a reply to the chosen own ticket instead of opening another."""
        row = self.same_list.currentRow()
        if not 0 <= row < len(self.same_problems):
            return
        same, client, outbox, replaces = self.same_problems[row], self.client, self.outbox, self.replaces
        body = self.description.toPlainText().strip() or self.subject.text().strip()
        self.submit_button.setEnabled(False)
        self.same_button.setEnabled(False)
        self.status.setText(self.tr("Sending…"))

        def send() -> RequesterTicket | Item:
            if replaces is None or outbox is None:
                return client.reply(same.id, body)
            # A corrected outbox item: the reply takes its place, as a report would (see submit).
            copy = outbox.reply_item(new_key(), "", ticket_id=same.id, number=same.number, body=body,
                                     replaces=replaces)
            sent, ticket = outbox.resend(client, copy)
            return ticket or sent

        def failed(exc: BaseException) -> bool:
            self.same_button.setEnabled(True)
            return self._on_failed(exc)
        self.ops.call(send, self._on_added, failure=failed, parent=self)

    def _on_added(self, detail: RequesterTicket | Item) -> None:
        if isinstance(detail, Item):  # the server cannot be reached: the reply waits in the outbox
            self.sig_queued.emit(detail)
            self.accept()
            return
        self.status.setText(self.tr("Added to {number}.").format(number=detail.number))
        self.sig_added.emit(detail)
        self.accept()

    def _show_articles(self, articles: list[ArticleView]) -> None:
        self.articles = list(articles)
        self.article_list.clear()
        for a in self.articles:
            self.article_list.addItem(QListWidgetItem(a.title))
        if self.articles:
            self.article_list.setCurrentRow(0)
        else:
            self.article_text.setPlainText(self.tr("Describe the problem and matching articles appear here."))
            self.solved_button.setEnabled(False)
        self.sig_articles.emit(len(self.articles))

    def _on_article(self, row: int) -> None:
        if 0 <= row < len(self.articles):
            self.article_text.setPlainText(self.articles[row].body)
            self.solved_button.setEnabled(True)

    def solved(self) -> None:
        row = self.article_list.currentRow()
        if not 0 <= row < len(self.articles):
            return
        article_id, client = self.articles[row].id, self.client
        self.ops.call(lambda: client.record_deflection(article_id), lambda _r: self._on_deflected(article_id),
                      parent=self)

    def _on_deflected(self, article_id: int) -> None:
        self.sig_deflected.emit(article_id)
        self.accept()

    def submit(self) -> None:
        subject, description = self.subject.text(), self.description.toPlainText()
        category_id = self.category.currentData()
        urgency, impact = Level(self.urgency.currentData()), Level(self.impact.currentData())
        files = list(self.files)
        if self.screenshot.isChecked():
            # Grab on the GUI thread (Qt requires it) before the background op starts.
            shot = grab_screenshot()
            if shot is not None:
                files.append(shot)
        # A correction gets a new key: the server answers the refused one with the same refusal.
        client, outbox, key, replaces = self.client, self.outbox, new_key(), self.replaces
        wanted = self.send_snapshot.isChecked()
        ready = self.machine if wanted else None
        # Submitted before the preview was ready: collect it in the send op rather than drop it.
        late = self._snapshot_source if wanted and ready is None else None
        self.submit_button.setEnabled(False)
        self.status.setText(self.tr("Sending…"))
        stored: list[str] = []  # the key of the corrected copy, once it is in the outbox

        def send() -> RequesterTicket | Item:
            machine = ready or (late() if late is not None else None)
            snapshot = machine.snapshot if machine else None
            machine_id = machine.machine_id if machine else None
            if replaces is not None and outbox is not None:
                # Stored in place of the refused item before the first try, then tried: never lost,
                # never sent twice (the outbox's flush takes the same lock).
                item = outbox.report_item(key, "", subject=subject, description=description,
                                          category_id=category_id, urgency=urgency, impact=impact,
                                          attachments=files, snapshot=snapshot, machine_id=machine_id,
                                          replaces=replaces)
                stored.append(key)
                sent, ticket = outbox.resend(client, item)
                return ticket or sent
            # The key is chosen before the first try: a resend from the outbox is the same submission.
            try:
                return client.report_problem(subject=subject, description=description, category_id=category_id,
                                             urgency=urgency, impact=impact, attachments=files, key=key,
                                             snapshot=snapshot, machine_id=machine_id)
            except Unreachable as exc:
                if outbox is None:
                    raise
                return outbox.add_report(key, exc.message, subject=subject, description=description,
                                         category_id=category_id, urgency=urgency, impact=impact,
                                         attachments=files, snapshot=snapshot, machine_id=machine_id)

        def failed(exc: BaseException) -> bool:
            if stored and isinstance(exc, HelpdeskError):  # refused again: that copy is the one to correct now
                self.replaces = stored[0]
                self.sig_refused.emit(exc.message)
            return self._on_failed(exc)

        self.ops.call(send, self._on_sent, failure=failed, parent=self)

    def _on_sent(self, result: RequesterTicket | Item) -> None:
        if isinstance(result, Item):
            self.sig_queued.emit(result)
            self.accept()
        else:
            self._on_submitted(result)

    def _on_submitted(self, detail: RequesterTicket) -> None:
        self.status.setText(self.tr("Sent as {number}.").format(number=detail.number))
        self.sig_submitted.emit(detail)
        self.accept()

    def _on_failed(self, _exc: BaseException) -> bool:
        self.status.clear()
        self._update_submit()
        return False  # shown by show_error; the text stays in the form
