"""What an empty queue says: which view, search or saved filter hides every ticket, and the one
click that shows tickets again. A blank table leaves an agent wondering whether the desk is
quiet, the search too narrow, or the console broken."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from shared.services.queue import QueueQuery, View


class Way(Enum):
    """The way out of an empty view offered by its button."""

    CLEAR_SEARCH = "clear_search"
    SHOW_ALL = "show_all"
    SHOW_UNASSIGNED = "show_unassigned"


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


def reason(query: QueueQuery, view_name: str, filter_name: str | None) -> tuple[str, Way | None]:
    """Why nothing is listed, and the way out (None: the view is simply empty, all is shown)."""
    if filter_name is not None:
        return _tr("No ticket matches the saved filter “{name}”.").format(name=filter_name), Way.SHOW_ALL
    if query.text:
        return (_tr("No ticket in “{view}” matches the search “{text}”.").format(view=view_name, text=query.text),
                Way.CLEAR_SEARCH)
    texts = {
        View.MINE: (_tr("No open ticket is assigned to you."), Way.SHOW_UNASSIGNED),
        View.UNASSIGNED: (_tr("Every open ticket has someone working on it."), Way.SHOW_ALL),
        View.TEAM: (_tr("Your teams have no open ticket."), Way.SHOW_ALL),
        View.SLA: (_tr("No open ticket is near or over its SLA target."), Way.SHOW_ALL),
        View.ALL: (_tr("There are no tickets yet."), None),
        View.OWN: (_tr("You have not reported any problem yet."), None),
    }
    return texts[query.view]


class EmptyQueue(QFrame):
    """Shown in the table's place while the view lists nothing."""

    sig_way = Signal(object)  # Way

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyQueue")
        self.text = QLabel()
        self.text.setObjectName("emptyQueueReason")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton()
        self.button.setObjectName("emptyQueueWayOut")
        self.button.clicked.connect(lambda: self.sig_way.emit(self.way))
        self.way: Way | None = None
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def explain(self, query: QueueQuery, view_name: str, filter_name: str | None) -> None:
        text, self.way = reason(query, view_name, filter_name)
        self.text.setText(text)
        labels = {Way.CLEAR_SEARCH: _tr("Clear the search"), Way.SHOW_ALL: _tr("Show all tickets"),
                  Way.SHOW_UNASSIGNED: _tr("Show unassigned tickets")}
        self.button.setVisible(self.way is not None)
        self.button.setText(labels[self.way] if self.way is not None else "")
