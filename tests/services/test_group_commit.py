"""Group commit: concurrent callers' writes share transactions, and each gets its own answer."""

import asyncio
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.errors import Busy, ValidationFailed
from shared.services import creation, tickets
from shared.services.dto import TicketDetail
from shared.services.group_commit import GroupCommit
from shared.services.tickets import NewTicket
from shared.services.uow import UnitOfWork
from tests import factories as f
from tests.conftest import PATIENCE

Request = tuple[Actor, NewTicket]


class GatedWriter:
    """The writer's first transaction waits until every other caller has queued behind it, so the
    test knows exactly which batch each request lands in."""

    def __init__(self, db: Database) -> None:
        self.release, self.entered = threading.Event(), threading.Event()
        self.batch_sizes: list[int] = []
        self.writer: GroupCommit[Request, TicketDetail] = GroupCommit(db, self.batch, self.one)

    def batch(self, uow: UnitOfWork, requests: Sequence[Request]) -> list[TicketDetail]:
        self.batch_sizes.append(len(requests))
        return creation.create_batch(uow, requests)

    def one(self, uow: UnitOfWork, request: Request) -> TicketDetail:
        self.entered.set()
        self.release.wait(10)
        self.batch_sizes.append(1)
        return creation.create_batch(uow, [request])[0]


def _queued(gate: GatedWriter, requests: list[Request]) -> list[object]:
    """Submit the first request, then the rest while the first is held; return results or errors."""
    writer = gate.writer

    def submit(r: Request) -> object:
        try:
            return writer.submit(r)
        except Exception as exc:  # the test looks at which caller got which error
            return exc

    with ThreadPoolExecutor(len(requests)) as pool:
        first = pool.submit(submit, requests[0])
        assert gate.entered.wait(10)  # the writer has taken the first one and is held
        rest = [pool.submit(submit, r) for r in requests[1:]]
        while writer.waiting < len(requests) - 1:
            threading.Event().wait(0.005)
        gate.release.set()
        return [first.result(), *(r.result() for r in rest)]


@pytest.fixture
def gate(committed_db: Database) -> Iterator[GatedWriter]:
    """The writer thread commits on its own connection: `db` is `committed_db` in these tests."""
    g = GatedWriter(committed_db)
    yield g
    g.release.set()
    g.writer.close()


def test_waiting_requests_share_one_transaction(db: Database, gate: GatedWriter) -> None:
    people = [f.user(db) for _ in range(6)]
    results = _queued(gate, [(p, NewTicket(f"Printer {i} jams")) for i, p in enumerate(people)])
    assert gate.batch_sizes == [1, 5]  # the first alone, the five that waited behind it together
    for person, made in zip(people, results, strict=True):
        assert isinstance(made, TicketDetail)
        detail = tickets.get(db.uow(), person, made.id)
        assert detail.requester.id == person.id and detail.subject == made.subject


def test_a_bad_request_fails_alone(db: Database, gate: GatedWriter) -> None:
    people = [f.user(db) for _ in range(4)]
    requests = [(p, NewTicket("   " if i == 2 else f"Laptop {i} slow")) for i, p in enumerate(people)]
    results = _queued(gate, requests)
    assert isinstance(results[2], ValidationFailed) and results[2].field == "subject"
    assert "of 3" not in results[2].message  # its own error, not a batch position
    made = [r for i, r in enumerate(results) if i != 2]
    assert all(isinstance(r, TicketDetail) for r in made)
    assert gate.batch_sizes == [1, 3, 1, 1, 1]  # the batch of three failed and was retried one by one


def test_the_writer_stops_and_starts_again(db: Database, gate: GatedWriter) -> None:
    gate.release.set()
    alice = f.user(db)
    assert gate.writer.submit((alice, NewTicket("First"))).subject == "First"
    gate.writer.close()
    assert gate.writer.submit((alice, NewTicket("After a restart"))).subject == "After a restart"


def test_a_coroutine_gets_its_own_result_or_error(db: Database) -> None:
    """`submit_async` (the probe's report route): the event loop waits for the writer's answer
    without a thread; a lone item gets its result, a failing one its own error."""

    def one(_uow: UnitOfWork, n: int) -> int:
        if n < 0:
            raise ValidationFailed("negative")
        return n * 2

    writer: GroupCommit[int, int] = GroupCommit(db, lambda uow, items: [one(uow, n) for n in items], one)

    async def main() -> tuple[int, list[int | BaseException]]:
        alone = await writer.submit_async(21)
        together = await asyncio.gather(*(writer.submit_async(n) for n in (1, -1, 3)), return_exceptions=True)
        return alone, together

    try:
        alone, together = asyncio.run(main())
    finally:
        writer.close()
    assert alone == 42
    assert together[0] == 2 and together[2] == 6
    assert isinstance(together[1], ValidationFailed)


def test_a_batchs_answers_reach_the_event_loop_in_one_call(db: Database) -> None:
    """The coroutines' answers of one batch are handed to their loop together (one wake-up of the
    loop per batch, not one per item); a caller that gave up before its batch ran is skipped."""
    entered, release = threading.Event(), threading.Event()
    ran: list[list[int]] = []

    def batch(_uow: UnitOfWork, items: Sequence[int]) -> list[int]:
        ran.append(list(items))
        return [n * 2 for n in items]

    def one(_uow: UnitOfWork, n: int) -> int:
        entered.set()
        release.wait(PATIENCE)
        ran.append([n])
        return n * 2

    writer: GroupCommit[int, int] = GroupCommit(db, batch, one)

    async def main() -> tuple[list[int | BaseException], int]:
        loop = asyncio.get_running_loop()
        calls = 0
        threadsafe = loop.call_soon_threadsafe

        def counted(*args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            return threadsafe(*args, **kwargs)  # type: ignore[arg-type]

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        first = asyncio.ensure_future(writer.submit_async(1))
        await asyncio.to_thread(entered.wait, PATIENCE)  # the writer holds item 1 alone
        rest = [asyncio.ensure_future(writer.submit_async(n)) for n in (2, 3, 4, 5)]
        while writer.waiting < 4:
            await asyncio.sleep(0.001)
        rest[1].cancel()  # item 3's caller gives up while it waits: it does not run
        await asyncio.sleep(0)
        calls = 0
        release.set()
        answers = await asyncio.gather(first, *rest, return_exceptions=True)
        return answers, calls

    try:
        answers, calls = asyncio.run(main())
    finally:
        release.set()
        writer.close()
    assert answers[0] == 2 and answers[1] == 4 and answers[3:] == [8, 10]
    assert isinstance(answers[2], asyncio.CancelledError)
    assert ran == [[1], [2, 4, 5]]
    assert calls == 2  # item 1's answer, then the batch's three in one call


def test_a_busy_writer_lingers_for_more_and_a_quiet_one_does_not(db: Database) -> None:
    """`linger`: after a batch of more than one item the writer waits (here a fake sleep, during
    which one more item arrives) before its next batch; after a lone item it runs at once."""
    gate, running = threading.Event(), threading.Event()
    sizes: list[int] = []
    sleeps: list[float] = []
    pending: list[object] = []
    pool = ThreadPoolExecutor(4)

    def batch(_uow: UnitOfWork, items: Sequence[str]) -> list[str]:
        sizes.append(len(items))
        return list(items)

    def one(_uow: UnitOfWork, item: str) -> str:
        if item == "block":
            running.set()
            assert gate.wait(PATIENCE)
        sizes.append(1)
        return item

    def wait_queued(n: int) -> None:
        deadline = time.monotonic() + PATIENCE
        while writer.waiting < n:
            assert time.monotonic() < deadline, "the item was not queued"
            time.sleep(0.001)

    def sleep(seconds: float) -> None:  # the writer's wait: the first time, another item comes in
        sleeps.append(seconds)
        if len(sleeps) == 1:
            pending.append(pool.submit(writer.submit, "d"))
            wait_queued(1)

    writer: GroupCommit[str, str] = GroupCommit(db, batch, one, linger=0.25, sleep=sleep)
    try:
        blocked = pool.submit(writer.submit, "block")  # the writer runs it alone, and waits on the gate
        assert running.wait(PATIENCE)  # only then the next two: they wait together for the writer
        b1, b2 = pool.submit(writer.submit, "b1"), pool.submit(writer.submit, "b2")
        wait_queued(2)
        gate.set()
        assert (blocked.result(PATIENCE), b1.result(PATIENCE), b2.result(PATIENCE)) == ("block", "b1", "b2")
        assert sizes == [1, 2] and sleeps == []  # after a lone item: no wait
        assert writer.submit("c") == "c"  # after a batch of 2: it waits, and "d" joins it
        assert sizes == [1, 2, 2] and sleeps == [0.25]
        assert writer.submit("e") == "e"  # busy still: it waits, nothing comes, "e" runs alone
        assert writer.submit("f") == "f"  # after a lone item: no wait
        assert sizes == [1, 2, 2, 1, 1] and sleeps == [0.25, 0.25]
    finally:
        writer.close()
        pool.shutdown()


class _Held:
    """A writer whose first item waits until released: what comes behind it waits in the queue."""

    def __init__(self, db: Database) -> None:
        self.release, self.entered = threading.Event(), threading.Event()
        self.ran: list[str] = []
        self.writer: GroupCommit[str, str] = GroupCommit(db, lambda uow, items: [self.one(uow, i) for i in items],
                                                         self.one)

    def one(self, _uow: UnitOfWork, item: str) -> str:
        if item == "hold":
            self.entered.set()
            assert self.release.wait(PATIENCE)
        if item == "own timeout":
            raise TimeoutError("the item's own")
        self.ran.append(item)
        return item.upper()


def test_a_caller_that_waits_too_long_is_told_the_server_is_busy(db: Database) -> None:
    """Not a bare TimeoutError (a 500 and a traceback on the server): a 503 that says so, and the
    item that never started is dropped, not run after its caller gave up."""
    held = _Held(db)
    holder = threading.Thread(target=held.writer.submit, args=("hold",))
    holder.start()
    try:
        assert held.entered.wait(PATIENCE)
        with pytest.raises(Busy) as raised:
            held.writer.submit("late", timeout=0.05)
        assert raised.value.http_status == 503 and "too busy" in raised.value.message

        async def late_async() -> str:
            return await held.writer.submit_async("late async", timeout=0.05)

        with pytest.raises(Busy):
            asyncio.run(late_async())
    finally:
        held.release.set()
        holder.join(PATIENCE)
    assert held.writer.submit("after") == "AFTER"
    held.writer.close()
    assert held.ran == ["hold", "after"]  # the two that gave up were skipped


def test_an_items_own_timeout_is_its_own_error(db: Database) -> None:
    held = _Held(db)

    async def own() -> str:
        return await held.writer.submit_async("own timeout", timeout=PATIENCE)

    try:
        with pytest.raises(TimeoutError, match="the item's own"):
            held.writer.submit("own timeout", timeout=PATIENCE)
        with pytest.raises(TimeoutError, match="the item's own"):
            asyncio.run(own())
    finally:
        held.writer.close()
