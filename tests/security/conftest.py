"""Security tests (`pytest -m security`): every test here is marked `security` and `db`.

They use the web fixtures of tests/support/web.py (a migrated database per test, one account
per role, logged-in clients) and the daily-check fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checks.conftest import check_doc, patients  # noqa: F401 — fixtures shared

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder `security` (and `db`: it uses the database)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.security)
            item.add_marker(pytest.mark.db)
