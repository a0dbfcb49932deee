"""Every service test starts from the defaults a fresh installation has (teams, SLA, categories)."""

import pytest

from tests import factories as f


@pytest.fixture(autouse=True)
def _defaults(request: pytest.FixtureRequest) -> None:
    if "db" in request.fixturenames:  # the migration tests work on their own engines
        f.defaults(request.getfixturevalue("db"))
