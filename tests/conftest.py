"""Fixtures shared by the whole suite: the real commune reference and a CLI runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hadcoord.geo import CommuneReference, default_reference


@pytest.fixture(scope="session")
def reference() -> CommuneReference:
    """The committed commune reference (territories/communes/communes.parquet)."""
    return default_reference()


@pytest.fixture
def runner() -> CliRunner:
    """A click runner for the `hadcoord` command line."""
    return CliRunner()
