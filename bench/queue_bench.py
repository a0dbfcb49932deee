"""The console's queue on 100,000 tickets: open, deep scrolls and sort changes, through the real
QueueModel and a QTableView (offscreen), timed from the user's action until the rows are there.

    QT_QPA_PLATFORM=offscreen python -m bench.queue_bench [--size 100k] [--samples 30]

Data: bench/data.py's realistic generator (bulk inserts), cached in bench/out/ by bench/run.py;
this script works on a copy so it never races the other benchmark.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import select

from bench import data
from desktop.common.compat import guard_none_refcount
from desktop.common.ops import Ops
from desktop.console.queue.model import COLUMNS, QueueModel
from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.db.migrate import upgrade
from shared.models import User
from shared.models.enums import Role
from shared.services import users
from shared.services.queue import QueueQuery, View

OUT = Path(__file__).resolve().parent / "out"


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the queue did not answer in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def database(size: str, folder: Path) -> Database:
    cached = OUT / f"helpdesk-{size}.sqlite3"
    target = folder / "queue-bench.sqlite3"
    url = f"sqlite:///{target.as_posix()}"
    if cached.exists() and not Path(f"{cached}-wal").exists():
        shutil.copyfile(cached, target)
        engine = make_engine(url)
        upgrade(engine)
    else:
        engine = make_engine(url)
        print(f"generating {size} tickets …", flush=True)
        data.populate(engine, size)
    settings = Settings(database_url=url, language="en")
    return Database(settings, engine, make_session_factory(engine), lambda: data.NOW)


def actor_with(db: Database, role: Role):  # type: ignore[no-untyped-def]
    with db.uow() as uow:
        name = uow.session.scalar(select(User.username).where(User.role == role).order_by(User.id).limit(1))
    assert name is not None
    return users.actor_for(db.uow(), name)


def summary(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{name:<34} {len(ms):>4} {statistics.median(ms):>10.1f} {p95:>10.1f} {ms[-1]:>10.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="100k", choices=sorted(data.SIZES))
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args(argv)
    guard_none_refcount()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = database(args.size, Path(tmp))
        actor = actor_with(db, Role.SUPERVISOR)
        ops = Ops(db)
        model = QueueModel(ops, actor, page_size=100)
        view = QTableView()
        view.setModel(model)
        view.resize(1400, 900)
        view.show()

        def first_rows_visible() -> bool:
            top = view.rowAt(0)
            return model.loaded and (model.rowCount() == 0 or (top >= 0 and model.has_page_for(top)))

        opened: list[float] = []
        for _ in range(max(5, args.samples // 3)):
            t0 = time.perf_counter()
            model.set_query(QueueQuery(view=View.ALL))
            model.loaded = False
            wait_for(lambda: model.loaded)
            view.viewport().repaint()  # paint asks for the visible rows: the first page
            wait_for(first_rows_visible)
            opened.append(time.perf_counter() - t0)
        total = model.rowCount()

        scrolls: list[float] = []
        for _ in range(args.samples):
            row = rng.randrange(total)
            t0 = time.perf_counter()
            view.scrollTo(model.index(row, 0), QTableView.ScrollHint.PositionAtTop)
            view.viewport().repaint()
            wait_for(lambda r=row: model.has_page_for(r) and model.has_page_for(min(total - 1, r + 30)))
            view.viewport().repaint()
            scrolls.append(time.perf_counter() - t0)

        sorts: list[float] = []
        per_sort: dict[str, list[float]] = {}
        for _ in range(max(1, args.samples // 20)):
            for column, name in enumerate(COLUMNS):
                for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                    if (name, order == Qt.SortOrder.DescendingOrder) == (model.query.sort, model.query.descending):
                        continue  # not a change: nothing to time
                    view.scrollToTop()
                    t0 = time.perf_counter()
                    model.loaded = False
                    model.sort(column, order)
                    wait_for(lambda: model.loaded)
                    view.viewport().repaint()
                    wait_for(first_rows_visible)
                    elapsed = time.perf_counter() - t0
                    sorts.append(elapsed)
                    per_sort.setdefault(name, []).append(elapsed)
        ops.wait()
        fetched, cached = model.pages_fetched, model.cached_rows()
        db.close()

    print(f"\nQueueModel on {total:,} tickets (view: all, supervisor), SQLite, page size 100")
    print(f"{'operation':<34} {'n':>4} {'median ms':>10} {'p95 ms':>10} {'max ms':>10}")
    print(summary("open (first page visible)", opened))
    print(summary("scroll to a random deep row", scrolls))
    print(summary("change sort (any column, both ways)", sorts))
    for name, samples in per_sort.items():
        print(summary(f"  sort by {name}", samples))
    print(f"pages fetched in all: {fetched}; rows held in the cache at the end: {cached:,} of {total:,}")
    _ = app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
