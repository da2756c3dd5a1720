"""Fixtures of the coverage tests: the committed catalogue, an engine, a copy of territories/."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from hadcoord.config import Settings
from hadcoord.coverage.catalogue import Catalogue, load_catalogue
from hadcoord.coverage.options import CoverageEngine
from hadcoord.geo import CommuneReference

# The situation the thesis describes (end of data collection, July 2018, l. 4580).
FACTS_DATE = dt.date(2018, 7, 31)
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="session")
def territories_dir(project_settings: Settings) -> Path:
    """The committed territories/ folder."""
    return project_settings.reference.territories_dir


@pytest.fixture(scope="session")
def catalogue(territories_dir: Path, reference: CommuneReference) -> Catalogue:
    """The committed coverage reference data."""
    return load_catalogue(territories_dir, reference)


@pytest.fixture(scope="session")
def engine(catalogue: Catalogue) -> CoverageEngine:
    """An engine with the default rules (80 km, 100 m, 12 months)."""
    return CoverageEngine(catalogue)


@pytest.fixture
def territories_copy(tmp_path: Path, territories_dir: Path) -> Path:
    """A writable copy of territories/ (the commune reference is linked, not copied)."""
    target = tmp_path / "territories"
    shutil.copytree(territories_dir, target, ignore=shutil.ignore_patterns("communes", "ars"))
    (target / "communes").mkdir()
    (target / "communes" / "communes.parquet").symlink_to(
        territories_dir / "communes" / "communes.parquet")
    return target
