"""Fixtures shared by the whole suite: the real commune reference, a CLI runner, the web app.

The web app's fixtures (a migrated database per test, accounts, logged-in clients, its engine
and sessions) are in tests/support/web.py, registered here for every folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.geo import CommuneReference, default_reference

pytest_plugins = ["tests.support.web"]

HERE = Path(__file__).parent
# Folders whose every test gets a marker: `db` tests also run on PostgreSQL in CI, `browser`
# tests drive Chromium (`make test-fast` leaves them out, with the `slow` ones).
FOLDER_MARKERS = {"web": "db", "checks": "db", "jobs": "db", "services": "db",
                  "e2e": "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test after its folder (see ``FOLDER_MARKERS``)."""
    for item in items:
        relative = item.path.relative_to(HERE) if HERE in item.path.parents else None
        marker = FOLDER_MARKERS.get(relative.parts[0]) if relative else None
        if marker is not None:
            item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(scope="session")
def reference() -> CommuneReference:
    """The committed commune reference (territories/communes/communes.parquet)."""
    return default_reference()


@pytest.fixture
def runner() -> CliRunner:
    """A click runner for the `hadcoord` command line."""
    return CliRunner()
