"""Group commit: writes submitted from many threads share transactions.

A server thread per request writing its own transaction pays the commit, the session set-up and
the per-call lookups (rules, SLA policies, candidate agents) once per request, and on SQLite the
writers queue for one lock anyway. Here one writer thread takes every item waiting when it is free
and runs them as one batch in one transaction, so batches grow with the load and an idle server
adds no delay. When a batch fails, its items are run again one by one, so each caller gets its
own result or its own error, never a neighbour's.

`linger`: while the writer is busy (its last batch held more than one item), it waits that long
after the first item for more before it runs the batch. A batch costs mostly its fixed part (the
report writer: ~2.3 ms of CPU for a report alone, ~0.9 ms a report in a batch of 4, ~0.6 ms in
one of 8, bench/ingest_bench.py on SQLite), so under load a short wait buys larger batches and less
CPU per item. A writer whose last batch was a lone item does not wait: a quiet server adds no delay.

A coroutine's item (`submit_async`) waits on a future of its own event loop, and the writer hands a
batch's answers to each loop in one call: one wake-up of the loop per batch, not one per item
through a thread-safe future chained to an asyncio one (`asyncio.wrap_future`).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from shared.db.database import Database
from shared.errors import busy
from shared.services.uow import UnitOfWork

Item = TypeVar("Item")
Result = TypeVar("Result")

log = logging.getLogger(__name__)


class _LoopWaiter(Generic[Result]):
    """A coroutine's place in the queue: the asyncio future it awaits on its own event loop."""

    __slots__ = ("future", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.future: asyncio.Future[Result] = loop.create_future()

    def set_running_or_notify_cancel(self) -> bool:
        """False when the caller gave up (cancelled, or timed out) before the item ran: it is skipped,
        as a cancelled concurrent Future's item is. Read from the writer's thread: a caller that
        gives up later gets its CancelledError and the item runs, as with a running Future."""
        return not self.future.cancelled()


Waiter = Future[Result] | _LoopWaiter[Result]
Outcome = tuple[Waiter[Result], Result | None, BaseException | None]


def _settle_on_loop(outcomes: list[tuple[asyncio.Future[Result], Result | None, BaseException | None]]) -> None:
    for future, result, error in outcomes:
        if future.done():  # the caller gave up meanwhile
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]


class GroupCommit(Generic[Item, Result]):
    def __init__(self, db: Database, run_batch: Callable[[UnitOfWork, Sequence[Item]], Sequence[Result]],
                 run_one: Callable[[UnitOfWork, Item], Result], *, max_batch: int = 100,
                 name: str = "group-commit", linger: float = 0.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.db, self.run_batch, self.run_one = db, run_batch, run_one
        self.max_batch, self.name = max_batch, name
        self.linger, self._sleep = linger, sleep
        self._busy = False  # the last batch held more than one item: the next one may linger
        self._queue: queue.SimpleQueue[tuple[Item, Waiter[Result]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0  # how many transactions ran (tests, benchmarks)

    def submit(self, item: Item, timeout: float | None = 60.0) -> Result:
        """Run `item` in the next batch and return its result, or raise its error; `Busy` when it
        has no answer within `timeout` seconds (an item not started by then is dropped)."""
        future: Future[Result] = Future()
        self._ensure_writer()
        self._queue.put((item, future))
        try:
            return future.result(timeout)
        except TimeoutError:
            if future.done():
                raise  # the item's own error
            future.cancel()  # not started yet: the writer skips it
            raise busy() from None

    def post(self, item: Item) -> None:
        """Queue `item` and return at once: its result is not wanted and an error is only logged
        (a write that keeps a record up to date, such as a session's last_seen_at)."""
        future: Future[Result] = Future()
        future.add_done_callback(_log_failure)
        self._ensure_writer()
        self._queue.put((item, future))

    async def submit_async(self, item: Item, timeout: float | None = 60.0) -> Result:
        """`submit` for a coroutine: the event loop waits for the writer without a thread of its own."""
        waiter: _LoopWaiter[Result] = _LoopWaiter(asyncio.get_running_loop())
        self._ensure_writer()
        self._queue.put((item, waiter))
        # Unlike wait_for, no task of its own per call. Running out of time cancels the waiter's
        # future, so an item the writer has not started yet is skipped (set_running_or_notify_cancel).
        deadline = asyncio.timeout(timeout)
        try:
            async with deadline:
                return await waiter.future
        except TimeoutError:
            if deadline.expired():
                raise busy() from None
            raise  # the item's own error

    @property
    def waiting(self) -> int:
        """Requests queued for the next batch."""
        return self._queue.qsize()

    def close(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=30)

    def _ensure_writer(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._write_loop, name=self.name, daemon=True)
                self._thread.start()

    def _write_loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            closing = self._take_waiting(batch)
            if self._busy and self.linger > 0 and not closing and len(batch) < self.max_batch:
                self._sleep(self.linger)
                self._take_waiting(batch)
            self._busy = len(batch) > 1
            self._run(batch)

    def _take_waiting(self, batch: list[tuple[Item, Waiter[Result]]]) -> bool:
        """Move the waiting items into `batch`, up to max_batch; True when the writer is closing."""
        while len(batch) < self.max_batch:
            try:
                nxt = self._queue.get_nowait()
            except queue.Empty:
                return False
            if nxt is None:  # closing: finish what is queued first
                self._queue.put(None)
                return True
            batch.append(nxt)
        return False

    def _run(self, batch: list[tuple[Item, Waiter[Result]]]) -> None:
        live = [(item, waiter) for item, waiter in batch if waiter.set_running_or_notify_cancel()]
        if not live:
            return
        if len(live) > 1:
            try:
                results = self.run_batch(self.db.uow(), [item for item, _w in live])
            except Exception:
                log.debug("%s: a batch of %d failed; running them one by one", self.name, len(live), exc_info=True)
            else:
                self.batches += 1
                _settle([(waiter, result, None) for (_item, waiter), result in zip(live, results, strict=True)])
                return
        for item, waiter in live:  # each answered as soon as it ran
            outcome: Outcome[Result]
            try:
                outcome = (waiter, self.run_one(self.db.uow(), item), None)
            except BaseException as exc:
                outcome = (waiter, None, exc)
            _settle([outcome])
            self.batches += 1


def _log_failure(future: Future[Any]) -> None:
    error = None if future.cancelled() else future.exception()
    if error is not None:
        log.warning("group commit: a posted item failed: %s", error)


def _settle(outcomes: list[Outcome[Result]]) -> None:
    """Hand each waiter its result or error: a thread's Future directly, the coroutines of one
    event loop all in one call on that loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Result], Result | None,
                                                         BaseException | None]]] = {}
    for waiter, result, error in outcomes:
        if isinstance(waiter, _LoopWaiter):
            by_loop.setdefault(waiter.loop, []).append((waiter.future, result, error))
        elif error is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(result)  # type: ignore[arg-type]
    for loop, settled in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle_on_loop, settled)
        except RuntimeError:  # the loop is closed: nobody waits for these any more
            log.debug("group commit: %d answers for a closed event loop", len(settled))
