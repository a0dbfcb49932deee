"""My tickets: the requester's own tickets, the conversation with the agents, replying, and the
satisfaction rating once a ticket is resolved."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from desktop.console.ticket.timeline import render
from desktop.tray.client import TrayClient
from desktop.tray.outbox import Item, Outbox, new_key
from shared.errors import Unreachable
from shared.models.enums import Status, label
from shared.services.requester import RequesterTicket, RequesterTicketRow

ID_ROLE = Qt.ItemDataRole.UserRole


class CsatPanel(QFrame):
    """How did we do? 1–5 and a comment, once per resolved ticket."""

    sig_rate = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csatPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(self.tr("Your problem was marked as solved. How satisfied are you with the help?"))
        title.setWordWrap(True)
        self.group = QButtonGroup(self)
        stars = QHBoxLayout()
        texts = {1: self.tr("1 · very unhappy"), 2: "2", 3: "3", 4: "4", 5: self.tr("5 · very happy")}
        for value in range(1, 6):
            button = QRadioButton(texts[value])
            button.setObjectName(f"rating{value}")
            self.group.addButton(button, value)
            stars.addWidget(button)
        stars.addStretch(1)
        self.comment = QLineEdit()
        self.comment.setObjectName("csatComment")
        self.comment.setPlaceholderText(self.tr("Anything you want to tell us (optional)"))
        self.send = QPushButton(self.tr("Send rating"))
        self.send.setObjectName("sendRating")
        self.send.setEnabled(False)
        self.group.idClicked.connect(lambda _i: self.send.setEnabled(True))
        self.send.clicked.connect(lambda: self.sig_rate.emit(self.group.checkedId(), self.comment.text()))
        row = QHBoxLayout()
        row.addWidget(self.comment, 1)
        row.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(stars)
        layout.addLayout(row)


class MyTicketsWindow(QWidget):
    sig_loaded = Signal(object)  # RequesterTicket
    sig_list = Signal(int)
    sig_rated = Signal(int)
    sig_queued = Signal(object)  # outbox Item: a reply kept to send when the server is back

    def __init__(self, ops: Ops, client: TrayClient, parent: QWidget | None = None, *,
                 outbox: Outbox | None = None) -> None:
        super().__init__(parent)
        self.ops, self.client, self.outbox = ops, client, outbox
        self.detail: RequesterTicket | None = None
        self._wanted: int | None = None  # a ticket to open once the list is reloaded
        self.setWindowTitle(self.tr("My tickets"))

        self.list = QListWidget()
        self.list.setObjectName("myTickets")
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(1)
        # Long subjects elide ("…") and never scroll sideways: a list that scrolls hides the status.
        # Word wrap stays off, or Qt wraps instead of eliding and a very long word still overflows.
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.currentItemChanged.connect(self._on_pick)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(refresh)

        self.title = QLabel(self.tr("Choose a ticket on the left."))
        self.title.setObjectName("ticketTitle")
        self.title.setWordWrap(True)
        # A subject of one long word would widen the window past the screen: let the label shrink.
        self.title.setMinimumWidth(1)
        self.state = QLabel()
        self.state.setObjectName("ticketState")
        self.timeline = QTextBrowser()
        self.timeline.setObjectName("timeline")
        self.csat = CsatPanel()
        self.csat.sig_rate.connect(self.rate)
        self.csat.hide()
        self.reply_box = QPlainTextEdit()
        self.reply_box.setObjectName("replyBox")
        self.reply_box.setFixedHeight(90)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.send_reply)
        send_row = QHBoxLayout()
        send_row.addStretch(1)
        send_row.addWidget(self.send_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.state)
        right_layout.addWidget(self.timeline, 1)
        right_layout.addWidget(self.csat)
        right_layout.addWidget(self.reply_box)
        right_layout.addLayout(send_row)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([330, 630])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._enable_reply(False)
        place_on_screen(self)
        self.refresh()

    def refresh(self) -> None:
        client = self.client
        self.ops.call(lambda: client.my_tickets(limit=200), self._on_list, parent=self)

    def reload(self) -> None:
        """The list and the open ticket, as they are now (news arrived); a draft reply stays."""
        self.refresh()
        if self.detail is not None:
            self.open_ticket(self.detail.id)

    def show_ticket(self, ticket_id: int) -> None:
        """Reload the list and open `ticket_id` (a ticket just reported from this tray)."""
        self._wanted = ticket_id
        self.refresh()

    def _on_list(self, rows: list[RequesterTicketRow]) -> None:
        wanted, self._wanted = self._wanted, None
        current = wanted or (self.detail.id if self.detail else None)
        self.list.blockSignals(True)
        self.list.clear()
        tz = self.client.actor.timezone
        for r in rows:
            # When it was raised is what people remember a ticket by; the list is ordered by last change.
            opened = self.tr("opened {when}").format(when=local_time(r.created_at, tz))
            item = QListWidgetItem(f"{r.number} · {r.subject}\n{label(r.status)} · {opened}")
            item.setToolTip(f"{r.number} · {r.subject}")  # the whole subject, where the row elides it
            item.setData(ID_ROLE, r.id)
            self.list.addItem(item)
            if r.id == current:
                self.list.setCurrentItem(item)
        if not rows:
            empty = QListWidgetItem(self.tr("You have not reported any problems yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        self.list.blockSignals(False)
        if current is None and rows:  # open the newest one straight away (via _on_pick)
            self.list.setCurrentRow(0)
        elif wanted is not None:
            self.open_ticket(wanted)
        self.sig_list.emit(len(rows))

    def _on_pick(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None) -> None:
        if item is not None and item.data(ID_ROLE) is not None:
            self.open_ticket(int(item.data(ID_ROLE)))

    def open_ticket(self, ticket_id: int) -> None:
        client = self.client
        self._loading = getattr(self, "_loading", 0) + 1
        ticket = self._loading
        # Only the newest request is shown: an older answer may arrive after it.
        self.ops.call(lambda: client.ticket(ticket_id),
                      lambda d: self.show_detail(d) if ticket == self._loading else None, parent=self)

    def show_detail(self, d: RequesterTicket) -> None:
        if self.detail is not None and self.detail.id != d.id:
            self.reply_box.clear()
        self.detail = d
        tz = self.client.actor.timezone
        self.title.setText(f"{d.number} · {d.subject}")
        state = self.tr("Status: {status} · opened {when}").format(status=label(d.status),
                                                                  when=local_time(d.created_at, tz))
        if d.assignee:
            state += " · " + self.tr("handled by {name}").format(name=d.assignee)
        if d.solution and d.status in (Status.RESOLVED, Status.CLOSED):
            state += "\n" + self.tr("Solution: {text}").format(text=d.solution)
        self.state.setText(state)
        self.state.setWordWrap(True)
        dark = self.palette().window().color().lightness() < 128
        description = self.tr("You wrote: {text}").format(text=d.description) if d.description else ""
        self.timeline.setHtml((f"<p>{description}</p>" if description else "")
                              + render(d.entries, timezone=tz, requester_id=d.requester_id, dark=dark))
        self.csat.setVisible(d.status in (Status.RESOLVED, Status.CLOSED) and d.csat_rating is None)
        self._enable_reply(d.status != Status.CLOSED)
        self.sig_loaded.emit(d)

    def _enable_reply(self, on: bool) -> None:
        """The reply box's state and its placeholder, set together every time: the text must
        always describe the ticket shown now, never the one shown before."""
        self.reply_box.setEnabled(on)
        self.reply_box.setReadOnly(not on)
        self.send_button.setEnabled(on)
        self.reply_box.setPlaceholderText(self.reply_hint())

    def reply_hint(self) -> str:
        d = self.detail
        if d is None:
            return self.tr("Choose a ticket on the left to write to the helpdesk.")
        if d.status == Status.CLOSED:
            return self.tr("This ticket is closed. Report a new problem instead.")
        if d.status == Status.RESOLVED:
            return self.tr("Write to the helpdesk… (replying to a solved ticket reopens it)")
        return self.tr("Write to the helpdesk…")

    def send_reply(self) -> None:
        body = self.reply_box.toPlainText()
        if self.detail is None or not body.strip():
            return
        tid, number, version, client = self.detail.id, self.detail.number, self.detail.version, self.client
        outbox, key = self.outbox, new_key()

        def send() -> RequesterTicket | Item:
            try:
                return client.reply(tid, body, expected_version=version, key=key)
            except Unreachable as exc:
                if outbox is None:
                    raise
                # Sent later without a version: by then the agent may have written; it is added after.
                return outbox.add_reply(key, exc.message, ticket_id=tid, number=number, body=body)

        self.ops.call(send, self._on_replied, failure=self._on_reply_failed, parent=self)

    def _on_replied(self, d: RequesterTicket | Item) -> None:
        self.reply_box.clear()
        if isinstance(d, Item):
            self.sig_queued.emit(d)
            return
        self.show_detail(d)
        self.refresh()

    def _on_reply_failed(self, exc: BaseException) -> bool:
        from shared.errors import Conflict
        if isinstance(exc, Conflict) and self.detail is not None:
            self.open_ticket(self.detail.id)  # the draft stays in the box; they press Send again
        return False

    def rate(self, rating: int, comment: str) -> None:
        if self.detail is None or rating not in range(1, 6):
            return
        tid, client = self.detail.id, self.client
        self.ops.call(lambda: client.rate(tid, rating, comment), lambda _r: self._on_rated(tid), parent=self)

    def _on_rated(self, ticket_id: int) -> None:
        self.csat.hide()
        self.sig_rated.emit(ticket_id)
        self.open_ticket(ticket_id)


def place_on_screen(window: QWidget, size: tuple[int, int] = (960, 620)) -> QRect:
    """Size `window` to `size`, shrunk to fit, and centre it on the available geometry of the screen
    under the cursor (the primary one without a cursor): a fixed size once opened in the corner of
    a 1366x768 screen and hung off its edge. Returns the frame it was given."""
    screen = QGuiApplication.screenAt(window.cursor().pos()) or QGuiApplication.primaryScreen()
    width, height = size
    if screen is None:
        window.resize(width, height)
        return window.geometry()
    area = screen.availableGeometry()
    # Leave room for the title bar and borders, which the window manager adds outside geometry().
    width, height = min(width, area.width() - 16), min(height, area.height() - 48)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(area.center())
    window.setGeometry(rect)
    return rect
