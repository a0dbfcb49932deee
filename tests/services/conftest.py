"""Every service test starts from the defaults a fresh installation has (teams, SLA, categories)."""

import pytest

from tests import factories as f


@pytest.fixture(autouse=True)
def _defaults(request: pytest.FixtureRequest) -> None:
    # The migration tests work on their own engines and use neither database fixture.
    for name in ("committed_db", "db"):
        if name in request.fixturenames:
            f.defaults(request.getfixturevalue(name))
            return
