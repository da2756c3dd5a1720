"""Fixtures shared by the whole suite: the committed settings and reference, a CLI runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hadcoord.config import PROJECT_ROOT, Settings, load_settings
from hadcoord.geo import CommuneReference, default_reference


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
