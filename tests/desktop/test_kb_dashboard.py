"""KB browser and editor; the dashboard's figures are metrics.report's."""

from __future__ import annotations

import pytest

from desktop.common.ops import Ops
from desktop.console.dashboard.view import DashboardPane, csat, percent, seconds
from desktop.console.kb.view import KbPane
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models.enums import ArticleStatus, Role
from shared.services import csat as csat_service
from shared.services import kb, metrics, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import click, wait_idle


def test_write_a_draft_edit_it_and_publish_as_supervisor(qtbot, db: Database, ops: Ops) -> None:
    budi = f.agent(db, name="budi")
    pane = KbPane(ops, budi)
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    assert pane.new_button.isEnabled()
    click(qtbot, pane.new_button)
    qtbot.keyClicks(pane.title, "Map a network drive")
    qtbot.keyClicks(pane.tags, "drive, share")
    qtbot.keyClicks(pane.body, "Open Explorer, right-click This PC, Map network drive.")
    with qtbot.waitSignal(pane.sig_saved) as saved:
        click(qtbot, pane.save_button)
    article = saved.args[0]
    assert article.status == ArticleStatus.DRAFT and article.tags == ("drive", "share")
    assert not pane.publish_button.isEnabled()  # L1 may write but not publish
    qtbot.waitUntil(lambda: pane.results.count() == 1 and "[draft]" in pane.results.item(0).text())

    pane.body.setPlainText("Open Explorer → This PC → Map network drive, then \\\\files\\share.")
    with qtbot.waitSignal(pane.sig_saved) as saved:
        click(qtbot, pane.save_button)
    assert saved.args[0].version == article.version + 1

    # Someone else edits it meanwhile: saving the stale copy is refused, the text stays.
    kb.update_article(db.uow(), SYSTEM, article.id, expected_version=saved.args[0].version, title="Map a drive")
    pane.body.setPlainText("My newer text")
    click(qtbot, pane.save_button)
    qtbot.waitUntil(lambda: len(ops.errors) == 1)
    assert pane.body.toPlainText() == "My newer text" and "changed by someone else" in pane.info.text()

    sari = f.user(db, Role.SUPERVISOR, name="sari", teams=("Service Desk",))
    boss = KbPane(ops, sari)
    qtbot.addWidget(boss)
    with qtbot.waitSignal(boss.sig_loaded):
        boss.open_article(article.id)
    assert boss.publish_button.isEnabled()
    with qtbot.waitSignal(boss.sig_saved) as saved:
        click(qtbot, boss.publish_button)
    assert saved.args[0].status == ArticleStatus.PUBLISHED
    assert boss.archive_button.isEnabled()
    wait_idle(qtbot, ops)


def test_dashboard_figures_equal_metrics_report(qtbot, db: Database, ops: Ops, clock: FakeClock) -> None:
    sari = f.user(db, Role.SUPERVISOR, name="sari", teams=("Service Desk",))
    agent = f.agent(db, name="budi")
    people = [f.user(db) for _ in range(3)]
    for i in range(12):
        clock.advance(hours=5)
        t = tickets.create(db.uow(), people[i % 3], subject=f"Laptop problem {i}", description="slow")
        if i % 3 != 2:
            t = tickets.reply(db.uow(), agent, t.id, "On it", expected_version=t.version)
            clock.advance(hours=1)
            t = workflow.resolve(db.uow(), agent, t.id, "Fixed", expected_version=t.version)
            if i % 2:
                csat_service.submit(db.uow(), people[i % 3], t.id, 4 if i % 4 == 1 else 5)
    pane = DashboardPane(ops, sari)
    qtbot.addWidget(pane)
    pane.resize(1300, 800)
    pane.show()
    wait_idle(qtbot, ops)
    with qtbot.waitSignal(pane.sig_loaded) as loaded:
        pane.refresh()
    shown = loaded.args[0]
    start, end = pane.period()
    expected = metrics.report(db.uow(), sari, start, end)
    assert shown == expected
    assert start.tzinfo is not None and (end - start).days == 30  # whole days in the user's zone
    assert pane.tiles["backlog"].value.text() == str(expected.open_backlog) == "4"
    assert pane.tiles["sla"].value.text() == percent(expected.sla_compliance)
    assert pane.tiles["fcr"].value.text() == percent(expected.fcr_rate)
    assert pane.tiles["resolution"].value.text() == seconds(expected.resolution_mean_s)
    assert pane.tiles["csat"].value.text() == csat(expected.csat_average, expected.csat_responses)
    assert pane.tiles["created"].value.text() == f"{expected.created} / {expected.resolved}" == "12 / 8"
    per_day = pane.charts["per_day"].chart().series()[0]
    assert sum(p.y() for p in per_day.points()) == expected.created
    assert pane.charts["tier"].chart().series()[0].barSets()[0].at(0) == dict(expected.backlog_by_tier)[1]

    pane.preset.setCurrentIndex(0)  # last 7 days
    with qtbot.waitSignal(pane.sig_loaded) as loaded:
        pane.preset.activated.emit(0)
    assert (pane.end.date().toPython() - pane.start.date().toPython()).days == 6
    start, end = pane.period()
    assert loaded.args[0] == metrics.report(db.uow(), sari, start, end)


def test_dashboard_is_closed_to_l1_agents(qtbot, db: Database, ops: Ops) -> None:
    pane = DashboardPane(ops, f.agent(db))
    qtbot.addWidget(pane)
    pane.show()
    assert pane.denied.isVisible() and not pane.content.isVisible()
    wait_idle(qtbot, ops)
    assert pane.report is None and ops.errors == []


def test_dashboard_shows_the_scheduled_jobs(qtbot, db: Database, ops: Ops, clock: FakeClock) -> None:
    from shared.mail.config import MailSettings
    from shared.scheduler.config import SchedulerSettings
    from shared.scheduler.runner import Scheduler

    sari = f.user(db, Role.SUPERVISOR, name="sari", teams=("Service Desk",))
    pane = DashboardPane(ops, sari)
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    table = pane.jobs.table
    assert table.rowCount() == 1 and "No job has run yet" in table.item(0, 0).text()

    Scheduler(db, SchedulerSettings(), mail=lambda: MailSettings(imap_host=None, smtp_host=None)).run_due()
    pane.refresh()
    wait_idle(qtbot, ops)
    rows = {table.item(i, 0).text(): table.item(i, 2).text() for i in range(table.rowCount())}
    assert rows["SLA warnings and breaches"] == "OK: 0 new warnings, 0 new breaches"
    assert rows["Fetch mail"] == "Skipped: No IMAP server is configured."
    assert table.item(0, 1).text().startswith("2026-03-02")  # in the supervisor's zone


def test_dashboard_shows_each_agents_workload(qtbot, db: Database, ops: Ops, clock: FakeClock) -> None:
    sari = f.user(db, Role.SUPERVISOR, name="sari", teams=("Service Desk",))
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    from shared.services import roster

    roster.set_capacity(db.uow(), sari, budi.id, 2)
    requester = f.user(db)
    for _ in range(2):
        f.ticket(db, requester, impact="high", urgency="high")
    clock.advance(hours=1)  # both P1 responses overdue
    pane = DashboardPane(ops, sari)
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    table = pane.workload.table
    rows = {table.item(i, 0).text(): [table.item(i, c).text() for c in range(1, 6)] for i in range(table.rowCount())}
    assert rows["Budi Santoso"] == ["2", "0", "2", "2 / 2", "yes"]
    assert table.item(0, 0).text() == "Budi Santoso"  # the most overdue first
    assert "At capacity" in table.item(0, 4).toolTip()


def test_breakdown_per_agent_and_the_exports(qtbot, db: Database, ops: Ops, clock: FakeClock, tmp_path) -> None:
    sari = f.user(db, Role.SUPERVISOR, name="sari", teams=("Service Desk",))
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    requester = f.user(db)
    for i in range(3):
        clock.advance(hours=3)
        t = tickets.create(db.uow(), requester, subject=f"Printer jam {i}")
        t = tickets.reply(db.uow(), budi, t.id, "On it", expected_version=t.version)
        workflow.resolve(db.uow(), budi, t.id, "Cleared", expected_version=t.version)
    pane = DashboardPane(ops, sari)
    qtbot.addWidget(pane)
    pane.resize(1400, 860)
    pane.show()
    wait_idle(qtbot, ops)
    table = pane.breakdown.table
    assert table.item(0, 0).text() == "Budi Santoso" and table.item(0, 2).text() == "3"
    with qtbot.waitSignal(pane.breakdown.sig_loaded):
        pane.breakdown.group.setCurrentIndex(pane.breakdown.group.findData("category"))
    assert table.item(0, 0).text() == "Hardware / Printer"
    wait_idle(qtbot, ops)
    assert pane.export(tmp_path / "r.csv", "csv") == 1
    assert (tmp_path / "r.csv").read_text().splitlines()[1].startswith("Hardware / Printer,3,3,")
    assert b"\r" not in (tmp_path / "r.csv").read_bytes()  # written as is, never translated (Windows: \r\n)
    pages = pane.export(tmp_path / "r.pdf", "pdf")
    data = (tmp_path / "r.pdf").read_bytes()
    assert pages >= 1 and data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type/Page") >= 1


@pytest.mark.parametrize("size", [(1440, 860), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "id"])
def test_top_category_names_are_shown_whole(qtbot, qapp, db: Database, ops: Ops, size: tuple[int, int],  # type: ignore[no-untyped-def]
                                            language: str) -> None:
    from desktop.common.theme import apply_language
    from desktop.console.main_window import MainWindow
    from shared.services.names import shown_path

    sari = f.user(db, Role.SUPERVISOR, name="sari")
    rina = f.user(db)
    subjects = ["Laptop battery swollen", "Locked out, reset password please", "Wi-Fi drops on floor 2",
                "Excel license expired", "Printer toner empty", "Outlook mailbox full"]
    for i, subject in enumerate(subjects):
        for _ in range(6 - i):
            f.ticket(db, rina, subject=subject)
    try:
        apply_language(qapp, language)
        window = MainWindow(ops, sari)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        pane = window.dashboard
        with qtbot.waitSignal(pane.sig_loaded) as loaded:
            window.tabs.setCurrentWidget(pane)
            pane.refresh()
        wait_idle(qtbot, ops)
        qapp.processEvents()
        report = loaded.args[0]
        assert len(report.top_categories) == 5
        assert [n.text() for n in pane.categories.names] == [shown_path(c.category) for c in report.top_categories]
        for label in pane.categories.names:  # each name whole on one line: never elided
            assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width(), label.text()
        window.close()
    finally:
        apply_language(qapp, "en")
