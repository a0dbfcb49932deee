"""A real sshd with a tier-2 technician key behind the gate, and a machine pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agent_probe.gate.catalogue import Catalogue, load_catalogue
from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.ssh.client import SshPool
from tests import factories as f
from tests.sshd import TEST_CATALOGUE, Technician


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(TEST_CATALOGUE)


@pytest.fixture(autouse=True)
def _defaults(db: Database) -> None:
    f.defaults(db)


@pytest.fixture
def pool(technician_key: Technician) -> Iterator[SshPool]:
    with SshPool(technician_key.key_path, connect_timeout=10) as p:
        yield p


@pytest.fixture
def l2(db: Database) -> Actor:
    return f.agent(db, tier=2, full_name="Budi Technician")
