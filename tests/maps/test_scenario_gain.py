"""One scenario gain: the ARS page, the ARS map and its export state the same difference."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.summary import NO_GAIN, coverage_summary, scenario_gain
from hadcoord.maps import ars_map
from hadcoord.web.formats import french_signed
from tests.maps.conftest import GERS
from tests.support.web import ClientAs

AFTER = dt.date(2018, 9, 3)  # the takeover is effective from 2018-07-31


def test_gain_is_the_baseline_minus_the_scenario(engine: CoverageEngine) -> None:
    with_scenario = coverage_summary(engine, AFTER, GERS)
    baseline = coverage_summary(engine, AFTER, None)
    gain = scenario_gain(with_scenario, baseline)
    assert gain.population_covered == (baseline.total.population_without
                                       - with_scenario.total.population_without) > 100_000
    assert gain.communes_covered == (baseline.total.communes_without
                                     - with_scenario.total.communes_without) > 0
    assert scenario_gain(baseline, None) == NO_GAIN


@pytest.mark.db
def test_the_page_and_the_map_state_the_same_gain(engine: CoverageEngine,
                                                  client_as: ClientAs) -> None:
    data = ars_map(engine, AFTER, GERS)
    expected = (f"{french_signed(data.population_gained)} habitants couverts",
                f"{french_signed(data.communes_gained)} communes")
    client = client_as("ars")
    page = html.unescape(client.get(f"/ars/?date={AFTER}&scenario={GERS}").get_data(
        as_text=True))
    exported = html.unescape(client.get(
        f"/ars/carte/telecharger?date={AFTER}&scenario={GERS}").get_data(as_text=True))
    for text in expected:
        assert text in page
        assert text in exported
