"""The desktop fixtures themselves: what one test closed is gone when the next starts."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QApplication, QLabel

from tests.desktop.conftest import delete_closed_widgets

_left: list[QLabel] = []


def test_a_widget_is_closed_by_pytest_qt_after_its_test(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel("closed after this test")
    qtbot.addWidget(label)  # pytest-qt closes it and asks Qt to delete it later
    label.show()
    _left.append(label)


def test_it_is_deleted_before_the_next_test_starts() -> None:
    # Deleted by the autouse fixture, before any restyling or language change could walk it.
    assert _left and not shiboken6.isValid(_left[0])


def test_delete_closed_widgets_deletes_what_waits_for_an_event_loop(qapp: QApplication) -> None:
    label = QLabel("later")
    label.deleteLater()
    assert shiboken6.isValid(label)
    delete_closed_widgets()
    assert not shiboken6.isValid(label)
