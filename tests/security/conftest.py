"""Security tests (`pytest -m security`): every test here is marked `security` and `db`.

They reuse the web fixtures (a migrated database per test, one account per role).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import (  # noqa: F401 — fixtures shared with the web tests
    app,
    cheap_password_hashing,
    client_as,
    database_url,
    migrated_sqlite,
    settings,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder `security` (and `db`: it uses the database)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.security)
            item.add_marker(pytest.mark.db)
