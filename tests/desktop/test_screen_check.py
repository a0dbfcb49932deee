"""The screen checker itself: it must see a cut text, a cut SLA cell, a sideways scroll bar and an
English text on an Indonesian screen, and must not complain about data or shared words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QTableView, QVBoxLayout, QWidget

from tests.desktop.screen_check import Seen, clipped, horizontal_scroll_bars, seen, untranslated


def _window(qtbot, *widgets: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    window = QWidget()
    layout = QVBoxLayout(window)
    for w in widgets:
        layout.addWidget(w)
    qtbot.addWidget(window)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_label_narrower_than_its_text_is_clipped_and_a_wide_one_is_not(qtbot) -> None:  # type: ignore[no-untyped-def]
    narrow, wide = QLabel("Menunggu pengguna sejak kemarin sore"), QLabel("OK")
    narrow.setObjectName("narrow")
    narrow.setMaximumWidth(60)
    window = _window(qtbot, narrow, wide)
    problems = clipped(seen(window))
    assert len(problems) == 1 and "narrow" in problems[0]


def test_a_cut_sla_cell_is_reported_only_where_it_must_never_be_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Subject", "SLA"])
    model.setItem(0, 0, QStandardItem("A long subject that is elided, as it may be"))
    model.setItem(0, 1, QStandardItem("terlambat 15h 14j"))
    table = QTableView()
    table.setObjectName("queueTable")
    table.setModel(model)
    table.setColumnWidth(0, 60)
    table.setColumnWidth(1, 60)
    window = _window(qtbot, table)
    problems = clipped(seen(window, elide_never={"queueTable": ("SLA",)}))
    assert len(problems) == 1 and "terlambat 15h 14j" in problems[0]


def test_a_list_that_scrolls_sideways_is_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    wide = QListWidget()
    wide.setObjectName("wide")
    wide.addItem("x" * 300)
    window = _window(qtbot, wide)
    assert horizontal_scroll_bars(window) == ["wide"]


def test_english_on_an_indonesian_screen_is_reported_but_data_and_shared_words_are_not(qtbot) -> None:  # type: ignore[no-untyped-def]
    english = [Seen("a", "button", "Reply"), Seen("b", "label", "Everything is fine here"),
               Seen("c", "label", "Rina Kusuma · HD-000123"), Seen("d", "header", "Status")]
    indonesian = [Seen("a", "button", "Reply"), Seen("b", "label", "Everything is fine here"),
                  Seen("c", "label", "Rina Kusuma · HD-000123"), Seen("d", "header", "Status"),
                  Seen("e", "text", "2026-03-02 09:00 · Sistem · Status: Selesai → Ditutup — Closed automatically "
                                    "7 days after resolution", static=False)]
    problems = untranslated(indonesian, english, frozenset({"Rina Kusuma"}))
    assert [p.split(":")[0] for p in problems] == ["button a", "label b", "text e"]


def test_a_button_squeezed_below_its_text_is_clipped(qtbot) -> None:  # type: ignore[no-untyped-def]
    button = QPushButton("Tambah catatan internal")
    button.setObjectName("note")
    button.setMaximumWidth(50)
    window = _window(qtbot, button)
    assert [p.split(":")[0] for p in clipped(seen(window))] == ["button note"]


def test_chart_titles_axis_labels_and_series_are_seen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView

    chart = QChart()
    chart.setTitle("Open backlog by age")
    series = QBarSeries()
    bars = QBarSet("This period")
    bars.append([1, 2])
    series.append(bars)
    chart.addSeries(series)
    axis = QBarCategoryAxis()
    axis.append(["&lt; 1d", "1–3d"])
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    view = QChartView(chart)
    texts = {s.text for s in seen(_window(qtbot, view))}
    assert {"Open backlog by age", "This period", "< 1d", "1–3d"} <= texts
