"""What the ARS and pathway maps say, checked against the coverage engine and the thesis."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from typing import Any

import pytest

from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.scenarios import UnknownScenarioError
from hadcoord.coverage.summary import coverage_summary
from hadcoord.maps import ArsMap, CoverageClass, ars_map, pathway_map
from hadcoord.maps.labels import CLASS_STYLES
from tests.maps.conftest import DAY, GERS

GAP = (CoverageClass.DEROGATION, CoverageClass.CONVENTION)
AFTER = dt.date(2018, 9, 3)


def communes_payload(html: str) -> dict[str, Any]:
    """The data the page's script draws the communes from."""
    match = re.search(r"hadcoordMap\.communes\((.*)\);\n", html)
    assert match, "no commune layer in the document"
    payload: dict[str, Any] = json.loads(match.group(1))
    return payload


def cell(data: ArsMap, code: str) -> Any:
    return next(c for c in data.communes if c.code == code)


def test_every_commune_once_and_outside_is_not_a_gap(engine: CoverageEngine,
                                                     ars_data: ArsMap) -> None:
    codes = [c.code for c in ars_data.communes]
    assert len(codes) == len(set(codes)) == len(engine.catalogue.reference)
    for commune in ars_data.communes:
        studied = commune.code in engine.catalogue.studied
        assert (commune.coverage is CoverageClass.OUTSIDE) is not studied
    assert cell(ars_data, "34172").coverage is CoverageClass.OUTSIDE  # Montpellier
    assert CLASS_STYLES[CoverageClass.OUTSIDE][0] not in {
        CLASS_STYLES[c][0] for c in GAP}


def test_classes_add_up_to_the_coverage_summary(engine: CoverageEngine,
                                                ars_data: ArsMap) -> None:
    summary = coverage_summary(engine, DAY)
    assert ars_data.summary == summary
    for tally in summary.departments:
        gap = [c for c in ars_data.communes if c.department == tally.key and c.coverage in GAP]
        assert len(gap) == tally.communes_without
        assert sum(c.population for c in gap) == tally.population_without


def test_thesis_facts_on_the_map(ars_data: ArsMap) -> None:
    rodez, laguiole = cell(ars_data, "12202"), cell(ars_data, "12119")
    assert rodez.coverage is CoverageClass.DEROGATION
    assert rodez.derogation is not None
    assert rodez.derogation[0] == "had-ch-albi"
    assert laguiole.coverage is CoverageClass.CONVENTION
    assert laguiole.derogation is None
    assert cell(ars_data, "31555").coverage is CoverageClass.SHARED  # Toulouse: two HADs
    assert cell(ars_data, "82121").coverage is CoverageClass.AUTHORISED  # Montauban
    auch = cell(ars_data, "32013")
    assert auch.coverage in GAP
    assert auch.covering == ("had-croix-rouge-gers",)


def test_the_date_redraws_the_map(engine: CoverageEngine) -> None:
    before = ars_map(engine, dt.date(2017, 1, 15))  # UDSMA still authorised (Aveyron)
    assert cell(before, "12202").coverage is CoverageClass.AUTHORISED
    udsma = next(s for s in before.sites if s.id == "had-udsma")
    assert udsma.authorised
    assert udsma.basis == "unknown"


def test_scenario_difference_and_newly_covered_communes(engine: CoverageEngine) -> None:
    early = ars_map(engine, DAY, GERS)  # before the takeover's effective date (2018-07-31)
    assert early.population_gained == 0
    assert not any(c.newly_covered for c in early.communes)
    data = ars_map(engine, AFTER, GERS)
    gained = [c for c in data.communes if c.newly_covered]
    assert data.population_gained == sum(c.population for c in gained) > 100_000
    assert data.communes_gained == len(gained)
    assert {c.department for c in gained} == {"32"}
    assert cell(data, "32013").coverage is CoverageClass.AUTHORISED
    assert data.baseline is not None
    assert data.scenario is not None
    assert not any(c.newly_covered for c in ars_map(engine, AFTER).communes)


def test_unknown_scenario_is_refused(engine: CoverageEngine) -> None:
    with pytest.raises(UnknownScenarioError, match="inconnu"):
        ars_map(engine, DAY, "pas-un-scenario")


def test_tooltip_data_for_every_commune(engine: CoverageEngine, ars_data: ArsMap,
                                        ars_html: str) -> None:
    payload = communes_payload(ars_html)
    rows = {row[0]: row for row in payload["communes"]}
    assert len(rows) == len(engine.catalogue.reference)
    names = [h[0] for h in payload["had"]]
    rodez = rows["12202"]
    assert rodez[1] == "Rodez"
    assert rodez[2] == engine.catalogue.reference.by_code["12202"].population
    assert [names[i] for i in rodez[4]] == ["UDSMA"]
    assert payload["classes"][rodez[3]]["label"] == CLASS_STYLES[CoverageClass.DEROGATION][1]
    assert names[rodez[6]] == "HAD du CH d'Albi"
    assert 70 < rodez[7] < 80
    assert Counter(payload["classes"][r[3]]["label"] for r in rows.values()) == Counter(
        CLASS_STYLES[c.coverage][1] for c in ars_data.communes)
    for word in ("Population", "HAD du territoire", "Dérogation possible"):
        assert word in payload["words"].values()


def test_panel_legend_and_figures(ars_data: ArsMap, ars_html: str) -> None:
    total = ars_data.summary.total
    assert 'id="legend"' in ars_html
    assert 'id="departments"' in ars_html
    for coverage in CoverageClass:
        assert CLASS_STYLES[coverage][1] in ars_html
    figure = f"{total.population_without:,}".replace(",", "\u202f")
    assert f"<strong>{figure} habitants</strong>" in ars_html
    assert "12 Aveyron" in ars_html
    assert "Situation au <strong>15/01/2018</strong>" in ars_html


def test_site_popups_say_what_the_ars_needs(ars_html: str) -> None:
    popup = re.search(r'bindPopup\(("\\u003cdiv class=\\"hc-popup\\"\\u003e\\n\\u003ch3\\u003e'
                      r'HAD du CH de Cahors.*?"), ', ars_html)
    assert popup, "no popup for the Cahors HAD"
    text = json.loads(popup.group(1))
    for expected in ("HAD rattachée à un hôpital public", "oui — rattachée à un établissement "
                     "autorisé (Centre hospitalier de Cahors)", "Patients sous blinatumomab",
                     "Formation de l'équipe", "Pompe", "à prévoir"):
        assert expected in text


def test_pathway_map_data(engine: CoverageEngine) -> None:
    rodez = pathway_map(engine, engine.match("12202", DAY))
    assert rodez.coverage is CoverageClass.DEROGATION
    assert [s.id for s in rodez.covering] == ["had-udsma"]
    assert [(r.kind, r.site.id) for r in rodez.routes] == [("derogation", "had-ch-albi")]
    assert rodez.first_recourse is not None
    assert rodez.first_recourse.commune_code == "12202"
    montpellier = pathway_map(engine, engine.match("34172", DAY))
    assert montpellier.coverage is CoverageClass.OUTSIDE
    assert montpellier.routes == ()
    assert montpellier.first_recourse is not None  # still the nearest emergency department
