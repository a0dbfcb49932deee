"""Machine tokens looked up once per process, not once per report.

A report used to open a transaction of its own only to find its machine by the token's sha256;
here the answer is kept in the process (token hash -> machine id). Revocation stays exact, not
"within the cache's lifetime": the report's own transaction compares the hash with the machine row
it locks (`alerts.check_machine`), so a token replaced by re-enrolment is refused on its very next
report, by every server process, cached or not; the refusal drops the entry here. Unknown tokens
are never cached (a guesser gets no memory of his guesses), entries expire after `ttl` seconds,
and the map is bounded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from shared.services import enrolment
from shared.services.group_commit import GroupCommit
from shared.services.uow import UnitOfWork

# The server's token look-ups (shared.http.deps.AppState.token_reader): token hashes in, machine ids
# (None: no machine holds it) out, every hash waiting looked up in one statement.
TokenReader = GroupCommit[str, "int | None"]


class MachineAuth(NamedTuple):
    machine_id: int
    token_hash: str  # what the report's transaction checks against the machine row


class MachineTokens:
    MAX_ENTRIES = 200_000  # 4x the largest fleet the README plans for; ~40 MB at most

    def __init__(self, ttl: float = 600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl, self._clock = ttl, clock
        self._known: dict[str, tuple[int, float]] = {}  # token hash -> (machine id, expires)
        self._lock = threading.Lock()
        self.lookups = 0  # database look-ups made (tests, benchmarks)

    def _cached(self, token_hash: str) -> MachineAuth | None:
        """The machine of a token this process knows (no database), else None."""
        hit = self._known.get(token_hash)
        if hit is not None and hit[1] > self._clock():
            return MachineAuth(hit[0], token_hash)
        return None

    def machine_for(self, uow: UnitOfWork, bearer: str) -> MachineAuth:
        """The machine of a bearer token: from the cache, else the database. Raises
        AuthenticationFailed for an unknown token."""
        token_hash = enrolment.hash_token(bearer)
        return self._cached(token_hash) or self._keep(
            token_hash, enrolment.known_machine(enrolment.machines_for_hashes(uow, [token_hash])[0]))

    async def look_up(self, reader: TokenReader, bearer: str) -> MachineAuth:
        """`machine_for` on the event loop: a token not cached is looked up by `reader`, the
        server's one thread that looks up every token waiting in one statement. A storm of
        machines the process has not seen yet (a restart, the network back after an outage) then
        costs one connection and a statement per batch, not a worker thread and a pooled
        connection each: at ~1,000 reports a second that churned through SQLAlchemy's overflow
        connections, and each new PostgreSQL connection planned with cold caches (README.md, round twelve)."""
        token_hash = enrolment.hash_token(bearer)
        return self._cached(token_hash) or self._keep(
            token_hash, enrolment.known_machine(await reader.submit_async(token_hash)))

    def _keep(self, token_hash: str, machine_id: int) -> MachineAuth:
        self.lookups += 1
        with self._lock:
            if len(self._known) >= self.MAX_ENTRIES:
                self._known.clear()  # rather than grow without bound; each machine looks up again once
            self._known[token_hash] = (machine_id, self._clock() + self._ttl)
        return MachineAuth(machine_id, token_hash)

    def forget(self, token_hash: str) -> None:
        """Drop a token the database refused."""
        with self._lock:
            self._known.pop(token_hash, None)

    def __len__(self) -> int:
        return len(self._known)
