"""Fixtures shared by the whole suite: the committed settings and commune reference, a CLI
runner, the web app, the clock (frozen) and the process's time zone.

The web app's fixtures (a migrated database per test, accounts, logged-in clients, its engine
and sessions) are in tests/support/web.py, the daily-check ones (patients at home, check
documents) in tests/support/checks.py, both registered here for every folder.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from hadcoord import clock
from hadcoord.clock import PARIS, FrozenClock
from hadcoord.config import PROJECT_ROOT, Settings, load_settings
from hadcoord.geo import CommuneReference, default_reference

pytest_plugins = ["tests.support.web", "tests.support.checks"]

# No timed assertion in the tests: hypothesis's per-example deadline (200 ms) fails on a
# loaded machine for reasons that are not the code's; each property keeps its own examples.
settings.register_profile("hadcoord", deadline=None)
settings.load_profile("hadcoord")

HERE = Path(__file__).parent
# Folders whose every test gets markers: `db` tests also run on PostgreSQL in CI, `browser`
# tests drive Chromium (`make test-fast` leaves them out, with the `slow` ones), `security`
# tests run alone with `pytest -m security`.
FOLDER_MARKERS = {"web": ("db",), "checks": ("db",), "jobs": ("db",), "services": ("db",),
                  "security": ("security", "db"), "e2e": ("browser",), "interop": ("db",)}
FROZEN_AT = dt.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test after its folder (see ``FOLDER_MARKERS``)."""
    for item in items:
        relative = item.path.relative_to(HERE) if HERE in item.path.parents else None
        for marker in FOLDER_MARKERS.get(relative.parts[0], ()) if relative else ():
            item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(scope="session")
def project_settings() -> Settings:
    """The settings of the committed config.toml (no environment override)."""
    return load_settings(PROJECT_ROOT / "config.toml", environ={})


@pytest.fixture(scope="session")
def reference(project_settings: Settings) -> CommuneReference:
    """The committed commune reference (territories/communes/communes.parquet)."""
    return default_reference(project_settings.reference)


@pytest.fixture
def runner() -> CliRunner:
    """A click runner for the `hadcoord` command line."""
    return CliRunner()


@pytest.fixture
def frozen_clock(request: pytest.FixtureRequest) -> Iterator[FrozenClock]:
    """The application's clock stopped at a Paris time: 01/12/2026 10:00 unless parametrized
    (``@pytest.mark.parametrize("frozen_clock", [aware datetime], indirect=True)``); move it
    with ``.set()`` or ``.advance()``. Request it before the fixtures that read the time."""
    frozen = FrozenClock(getattr(request, "param", FROZEN_AT))
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


@pytest.fixture
def process_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process's own time zone (``TZ``) set to the parametrized zone name, then restored."""
    zone: str = request.param
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield zone
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
