"""Map fixtures: the real coverage engine and reference, the ARS map of one day."""

from __future__ import annotations

import datetime as dt

import pytest

from hadcoord.config import Settings
from hadcoord.config.maps import MapsSettings
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.options import CoverageEngine
from hadcoord.maps import ArsMap, ars_map, inlined, render_ars_map

DAY = dt.date(2018, 1, 15)  # UDSMA no longer authorised (end of March 2017)
GERS = "croix-rouge-gers-to-pasteur"


@pytest.fixture(scope="session")
def engine(project_settings: Settings) -> CoverageEngine:
    return default_engine(project_settings)


@pytest.fixture(scope="session")
def ars_data(engine: CoverageEngine) -> ArsMap:
    return ars_map(engine, DAY)


@pytest.fixture(scope="session")
def ars_html(engine: CoverageEngine, ars_data: ArsMap) -> str:
    """The standalone export (Leaflet inlined) with the default options."""
    return render_ars_map(ars_data, engine.catalogue.reference, MapsSettings(), inlined())
