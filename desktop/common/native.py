"""Widgets made by Qt's own code, not by Python, where painting asks the widget about itself a lot.

A widget made from Python is an instance of PySide's wrapper subclass, whose metaObject() goes
through PySide (a locked lookup of the wrapper, then the type's meta-object builder) at every
qobject_cast. The console has a style sheet, and Qt's style-sheet style casts the widget it paints
for ~23 times a cell of an item view (is it a QFrame, a QLineEdit, a QComboBox…): ~5,000 casts,
~10 % of a repaint of the queue table (bench/repaint_profile.py). A table made by Qt's UI loader
is a plain QTableView: the same widget, signals, event filters and methods from Python, but its
class answers the casts in C++. Only for widgets nobody overrides a virtual method of.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QTableView, QWidget


def table_view(parent: QWidget | None = None) -> QTableView:
    """A QTableView made by Qt (see the module's docstring)."""
    # The loader loads every Designer plugin it finds under the library paths when it is made
    # (PySide's own: ~19 ms); it needs none to make a standard widget.
    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        loader = QUiLoader()
    finally:
        QCoreApplication.setLibraryPaths(paths)
    table = loader.createWidget("QTableView", parent)
    assert isinstance(table, QTableView)
    return table
