"""A commune outside the studied area (Hérault): the nearest listed hospital stays on the map,
with a note that the list only covers the studied area (it is never passed off as the real
first recourse, nor dropped)."""

from __future__ import annotations

import html
import json
import re

from hadcoord.config.maps import MapsSettings
from hadcoord.coverage.options import CoverageEngine
from hadcoord.maps import inlined, pathway_map, render_pathway_map
from tests.maps.conftest import DAY

NOTE = "la liste des hôpitaux ne couvre que la zone étudiée"


def rendered(engine: CoverageEngine, code: str) -> str:
    data = pathway_map(engine, engine.match(code, DAY))
    return render_pathway_map(data, engine.catalogue.reference, MapsSettings(), inlined())


def popups(document: str) -> list[str]:
    return [json.loads(m) for m in re.findall(r"\.bindPopup\((\".*?\"), \{", document)]


def test_an_herault_patients_hospital_is_shown_with_a_note(engine: CoverageEngine) -> None:
    document = rendered(engine, "34172")  # Montpellier
    legend = html.unescape(document[document.index('id="legend"'):])
    assert "1er recours (le plus proche de la liste)" in legend
    assert NOTE in legend
    assert "à vérifier" in legend
    hospital = [p for p in popups(document) if "Hôpital de premier recours" in p]
    assert len(hospital) == 1
    assert NOTE in html.unescape(hospital[0])


def test_inside_the_studied_area_no_such_note(engine: CoverageEngine) -> None:
    document = rendered(engine, "12202")  # Rodez
    assert NOTE not in html.unescape(document)
    assert "1er recours : " in html.unescape(document)
