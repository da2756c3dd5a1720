"""The options engine: derogations, conventions, recourses, scenarios, outside the dataset."""

from __future__ import annotations

import datetime as dt

import pytest

from hadcoord.config.coverage import CoverageSettings
from hadcoord.config.sections import GeoSettings
from hadcoord.coverage.adjacency import commune_neighbours, components
from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.requests import DEROGATION_CONDITIONS
from hadcoord.coverage.scenarios import UnknownScenarioError
from tests.coverage.conftest import TODAY


@pytest.mark.parametrize(("patient_of", "taken_by"), [
    ("had-korian-pays-ovalie", "had-ch-montauban"),
    ("had-clinique-font-redonde", "had-ch-cahors"),
])
def test_the_two_real_derogations_went_to_a_bordering_territory(
        engine: CoverageEngine, patient_of: str, taken_by: str) -> None:
    assert taken_by in engine.adjacency[patient_of]
    assert patient_of in engine.adjacency[taken_by]


@pytest.mark.parametrize("tolerance", [0.0, 100.0, 500.0])
def test_adjacency_is_robust_to_the_tolerance(catalogue: Catalogue, tolerance: float) -> None:
    engine = CoverageEngine(catalogue, CoverageSettings(adjacency_tolerance_m=tolerance))
    assert "had-ch-montauban" in engine.adjacency["had-korian-pays-ovalie"]
    assert "had-ch-cahors" in engine.adjacency["had-clinique-font-redonde"]
    assert "had-bigorre" not in engine.adjacency["had-ch-albi"]


def test_commune_neighbours_are_symmetric_and_local(catalogue: Catalogue) -> None:
    neighbours = commune_neighbours(catalogue.reference, 100.0)
    assert "31149" in neighbours["31555"]  # Colomiers borders Toulouse
    assert all(code in neighbours[other] for code, others in neighbours.items()
               for other in others)
    assert len(components({"31555", "31149", "12202"}, neighbours)) == 2


def test_derogation_options_carry_the_ars_request(engine: CoverageEngine) -> None:
    result = engine.match("81271", TODAY)  # Saint-Sulpice-la-Pointe, Pays d'Ovalie only
    assert result.status == "derogation_needed"
    derogations = [o for o in result.options if o.kind == "derogation"]
    assert "had-ch-montauban" in [o.establishment for o in derogations]
    distances = [o.distance_km or 0.0 for o in derogations]
    assert distances == sorted(distances)
    request = derogations[0].ars_request
    assert request is not None
    assert (request.commune_code, request.covering) == ("81271", ("HAD Korian Pays d'Ovalie",))
    assert request.proposed_id == derogations[0].establishment
    assert request.distance_km == derogations[0].distance_km
    assert [c.condition for c in request.conditions] == list(DEROGATION_CONDITIONS)
    assert result.options[-1].kind == "convention"


def test_cahors_is_proposed_for_a_font_redonde_patient(engine: CoverageEngine) -> None:
    result = engine.match("46102", TODAY)  # Figeac
    assert [o.establishment for o in result.options if o.kind == "derogation"] == [
        "had-ch-cahors"]


def test_rodez_gets_a_derogation_to_albi_within_an_hour(engine: CoverageEngine) -> None:
    result = engine.match("12202", TODAY)  # Rodez: CH Albi ≈ 76 km by road
    assert result.status == "derogation_needed"
    assert [o.establishment for o in result.options] == ["had-ch-albi", None]
    cahors = next(n for n in result.not_proposed if n.establishment == "had-ch-cahors")
    assert "80 km" in cahors.reason


@pytest.mark.parametrize("factor", [1.0, 1.3, 1.6])
def test_the_detour_factor_sets_the_distances_shown(catalogue: Catalogue, factor: float) -> None:
    # [geo] road_detour_factor: road km = great-circle km from the HAD's main site × factor.
    engine = CoverageEngine(catalogue, CoverageSettings(max_derogation_km=500.0),
                            GeoSettings(road_detour_factor=factor))
    rodez = catalogue.reference.by_code["12202"]
    albi = catalogue.reference.by_code[catalogue.by_id["had-ch-albi"].main_site]
    option = next(o for o in engine.match("12202", TODAY).options
                  if o.establishment == "had-ch-albi")
    assert option.distance_km == pytest.approx(albi.distance_km(rodez) * factor, abs=0.05)
    laguiole = catalogue.reference.by_code["12119"]
    recourse = engine.match("12119", TODAY).first_recourse
    assert recourse is not None
    assert recourse.commune_code is not None
    assert recourse.distance_km is not None
    assert recourse.distance_km > 10  # not the commune's own hospital: the factor shows
    hospital = catalogue.reference.by_code[recourse.commune_code]
    assert recourse.distance_km == pytest.approx(hospital.distance_km(laguiole) * factor,
                                                 abs=0.05)


def test_laguiole_north_aveyron_needs_a_convention(engine: CoverageEngine) -> None:
    result = engine.match("12119", TODAY)
    assert result.status == "convention_needed"
    assert [o.kind for o in result.options] == ["convention"]


def test_too_far_derogation_is_not_proposed_and_the_answer_says_why(
        catalogue: Catalogue) -> None:
    engine = CoverageEngine(catalogue, CoverageSettings(max_derogation_km=70.0))
    result = engine.match("12202", TODAY)  # Rodez: CH Albi ≈ 76 km by road
    assert result.status == "convention_needed"
    assert [o.kind for o in result.options] == ["convention"]
    albi = next(n for n in result.not_proposed if n.establishment == "had-ch-albi")
    assert "70 km" in albi.reason
    assert "convention" in result.message
    wider = CoverageEngine(catalogue, CoverageSettings(max_derogation_km=100.0))
    assert wider.match("12202", TODAY).options[0].establishment == "had-ch-albi"


def test_convention_names_its_parties_and_what_it_settles(engine: CoverageEngine) -> None:
    convention = engine.match("12202", TODAY).options[-1].convention
    assert convention is not None
    assert len(convention.parties) == 5
    assert any("PUI" in p for p in convention.parties)
    assert any("Validation par l'ARS" in s for s in convention.settles)


def test_every_answer_names_first_and_second_recourse(engine: CoverageEngine) -> None:
    result = engine.match("46102", TODAY)
    assert result.first_recourse is not None
    assert (result.first_recourse.commune_code, result.first_recourse.distance_km) == (
        "46102", 0.0)
    assert result.second_recourse.phone == "à compléter"
    far = engine.match("12001", TODAY)  # a small commune: nearest hospital elsewhere
    assert far.first_recourse is not None
    assert (far.first_recourse.distance_km or 0.0) > 0


@pytest.mark.parametrize("code", ["34172", "11262", "66136"])  # Montpellier, Narbonne, Perpignan
def test_outside_the_studied_area_is_said_not_silent(engine: CoverageEngine, code: str) -> None:
    result = engine.match(code, TODAY)
    assert result.status == "not_covered_by_dataset"
    assert result.options == ()
    assert "hors de la zone étudiée" in result.message


def test_croix_rouge_scenario_makes_auch_authorised_from_its_date(engine: CoverageEngine) -> None:
    scenario = "croix-rouge-gers-to-pasteur"
    assert engine.match("32013", TODAY).status != "authorised_had"
    after = engine.match("32013", TODAY, scenario)
    assert after.status == "authorised_had"
    assert "Pasteur" in after.options[0].name
    assert engine.match("32013", dt.date(2018, 1, 1), scenario).status != "authorised_had"


def test_moissac_scenario_makes_moissac_authorised(engine: CoverageEngine) -> None:
    result = engine.match("82112", TODAY, "moissac-associated-montauban")
    assert result.status == "authorised_had"
    assert result.options[0].establishment == "had-chic-moissac"
    assert result.options[0].authorisation == "associated"


def test_unknown_scenario_is_refused_in_french(engine: CoverageEngine) -> None:
    with pytest.raises(UnknownScenarioError, match="scénario inconnu « demain »"):
        engine.match("31555", TODAY, "demain")
