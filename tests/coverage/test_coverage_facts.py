"""One test per fact of domain.md « HAD establishments linked to IUCT-O » (thesis tables 26-27)."""

from __future__ import annotations

import datetime as dt

import pytest

from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.model import Structure
from hadcoord.coverage.options import CoverageEngine
from tests.coverage.conftest import FACTS_DATE, TODAY

TABLE_26 = {  # id: (structure, main site, departments served)
    "had-chi-val-ariege": (Structure.ATTACHED_PUBLIC_HOSPITAL, "09122", {"09", "31"}),
    "had-korian-quatre-vents": (Structure.PRIVATE_FOR_PROFIT, "11069", {"11"}),
    "had-udsma": (Structure.PRIVATE_NON_PROFIT, "12202", {"12"}),
    "had-croix-rouge-gers": (Structure.PRIVATE_NON_PROFIT, "32013", {"32"}),
    "had-ch-comminges-pyrenees": (Structure.ATTACHED_PUBLIC_HOSPITAL, "31483", {"31"}),
    "had-clinique-pasteur": (Structure.ATTACHED_PRIVATE_CLINIC, "31555", {"31", "09"}),
    "had-sante-relais-domicile": (Structure.PRIVATE_NON_PROFIT, "31555", {"31", "32"}),
    "had-bigorre": (Structure.PRIVATE_NON_PROFIT, "65440", {"65"}),
    "had-ch-cahors": (Structure.ATTACHED_PUBLIC_HOSPITAL, "46042", {"46"}),
    "had-clinique-font-redonde": (Structure.ATTACHED_PRIVATE_CLINIC, "46102", {"46", "12"}),
    "had-ch-albi": (Structure.ATTACHED_PUBLIC_HOSPITAL, "81004", {"81"}),
    "had-korian-pays-ovalie": (Structure.PRIVATE_FOR_PROFIT, "81065", {"81", "31"}),
    "had-ch-montauban": (Structure.ATTACHED_PUBLIC_HOSPITAL, "82121", {"82"}),
    "had-chic-moissac": (Structure.ATTACHED_PUBLIC_HOSPITAL, "82112", {"82"}),
}
TABLE_27 = {  # id: (chemotherapy at home, blinatumomab patients)
    "had-chi-val-ariege": (True, 0), "had-korian-quatre-vents": (False, 0),
    "had-udsma": (False, 1), "had-croix-rouge-gers": (False, 0),
    "had-ch-comminges-pyrenees": (True, 1), "had-clinique-pasteur": (True, 3),
    "had-sante-relais-domicile": (True, 2), "had-bigorre": (True, 2), "had-ch-cahors": (True, 2),
    "had-clinique-font-redonde": (False, 0), "had-ch-albi": (True, 0),
    "had-korian-pays-ovalie": (False, 0), "had-ch-montauban": (True, 4),
    "had-chic-moissac": (False, 0),
}


def test_the_fourteen_establishments_of_table_26(catalogue: Catalogue) -> None:
    assert set(catalogue.by_id) == set(TABLE_26)


@pytest.mark.parametrize("ident", sorted(TABLE_26))
def test_structure_main_site_and_departments_served(catalogue: Catalogue, ident: str) -> None:
    structure, main_site, departments = TABLE_26[ident]
    establishment = catalogue.by_id[ident]
    spanned = {catalogue.reference.by_code[c].department for c in establishment.territory}
    assert (establishment.structure, establishment.main_site) == (structure, main_site)
    assert spanned == departments
    assert main_site in establishment.territory


def test_six_public_hospitals_two_clinics_six_autonomous(catalogue: Catalogue) -> None:
    structures = [e.structure for e in catalogue.establishments]
    assert structures.count(Structure.ATTACHED_PUBLIC_HOSPITAL) == 6
    assert structures.count(Structure.ATTACHED_PRIVATE_CLINIC) == 2
    assert sum(not s.attached for s in structures) == 6


@pytest.mark.parametrize("ident", sorted(TABLE_27))
def test_chemotherapy_and_patients_of_table_27(catalogue: Catalogue, ident: str) -> None:
    authorised, patients = TABLE_27[ident]
    establishment = catalogue.by_id[ident]
    assert establishment.chemo_authorised(FACTS_DATE) is authorised
    assert establishment.blinatumomab.patients == patients


def test_eight_authorised_six_of_them_treated_a_patient_seven_never(
        catalogue: Catalogue) -> None:
    authorised = [e for e in catalogue.establishments if e.chemo_authorised(FACTS_DATE)]
    assert len(authorised) == 8
    assert sum(e.blinatumomab.patients > 0 for e in authorised) == 6
    assert sum(e.blinatumomab.patients == 0 for e in catalogue.establishments) == 7
    # Table 27 adds up to 15 patients although l. 4966-4968 counts 16 in HAD: the table rules.
    assert sum(e.blinatumomab.patients for e in catalogue.establishments) == 15


def test_autonomous_authorised_hads_are_associated_establishments(catalogue: Catalogue) -> None:
    for establishment in catalogue.establishments:
        period = establishment.chemo_period(FACTS_DATE)
        if period is not None:
            expected = "attached" if establishment.structure.attached else "associated"
            assert period.basis.value == expected, establishment.id


def test_pharmacy_supply(catalogue: Catalogue) -> None:
    for establishment in catalogue.establishments:
        if establishment.id == "had-ch-comminges-pyrenees":
            expected = "community_pharmacies"  # chose community pharmacies (l. 5027-5030)
        elif establishment.structure.attached:
            expected = "hospital_pui"
        else:
            expected = "community_pharmacies_with_hospital_conventions"
        assert establishment.pharmacy == expected, establishment.id


def test_annex_sites_exist_but_their_locations_stay_unknown(catalogue: Catalogue) -> None:
    with_annexes = {e.id for e in catalogue.establishments if e.has_annex_sites}
    assert with_annexes == {"had-sante-relais-domicile", "had-bigorre", "had-clinique-pasteur",
                            "had-clinique-font-redonde", "had-chi-val-ariege"}
    assert all(e.annex_sites == () for e in catalogue.establishments)


def test_pump_equipment_is_not_invented(engine: CoverageEngine) -> None:
    assert all(e.micrel_pump is None for e in engine.catalogue.establishments)
    option = engine.match("31555", TODAY).options[0]
    assert option.readiness is not None
    assert option.readiness.pump == "to_provide"


def test_the_fourteen_cover_the_whole_studied_area(catalogue: Catalogue) -> None:
    assert len(catalogue.studied) == 3268
    assert set(catalogue.covering) == set(catalogue.studied)


@pytest.mark.parametrize(("code", "pair"), [
    ("31555", {"had-sante-relais-domicile", "had-clinique-pasteur"}),  # Toulouse
    ("31582", {"had-sante-relais-domicile", "had-korian-pays-ovalie"}),  # Villefranche-de-L.
    ("46127", {"had-ch-cahors", "had-clinique-font-redonde"}),  # Gourdon, north Lot
    ("12096", {"had-clinique-font-redonde", "had-udsma"}),  # Espalion, north Aveyron
])
def test_a_commune_of_each_shared_zone_has_both_hads(catalogue: Catalogue, code: str,
                                                      pair: set[str]) -> None:
    assert set(catalogue.covering[code]) == pair


def test_one_had_per_commune_outside_the_four_shared_zones(catalogue: Catalogue) -> None:
    pairs = {frozenset(ids) for ids in catalogue.covering.values() if len(ids) > 1}
    assert pairs == {frozenset(z.establishments) for z in catalogue.study.shared_zones}
    assert max(len(ids) for ids in catalogue.covering.values()) == 2


@pytest.mark.parametrize("code", [
    "11069", "11076",  # north Aude: Carcassonne, Castelnaudary
    "81065", "81163",  # south Tarn: Castres, Mazamet
    "12202", "12145", "12300",  # Aveyron: Rodez, Millau, Villefranche-de-Rouergue
    "32013", "32107",  # Gers: Auch, Condom
    "82112", "82033",  # west Tarn-et-Garonne: Moissac, Castelsarrasin
    "46102",  # part of Lot: Figeac
])
def test_zones_without_an_authorised_had(engine: CoverageEngine, code: str) -> None:
    assert engine.match(code, TODAY).status in ("derogation_needed", "convention_needed")


@pytest.mark.parametrize("code", ["81004", "82121", "46042", "09122", "31483", "65440"])
def test_the_rest_of_those_departments_has_one(engine: CoverageEngine, code: str) -> None:
    assert engine.match(code, TODAY).status == "authorised_had"


def test_no_gap_in_ariege_haute_garonne_hautes_pyrenees(engine: CoverageEngine) -> None:
    state = engine.state(TODAY, None)
    catalogue = engine.catalogue
    for code in catalogue.studied:
        if catalogue.reference.by_code[code].department in ("09", "31", "65"):
            assert set(catalogue.covering[code]) & state.authorised, code


def test_gaps_lie_south_in_tarn_and_west_in_tarn_et_garonne(engine: CoverageEngine) -> None:
    state = engine.state(TODAY, None)
    catalogue = engine.catalogue

    def mean(department: str, gap: bool, axis: str) -> float:
        communes = [catalogue.reference.by_code[c] for c in catalogue.studied
                    if catalogue.reference.by_code[c].department == department
                    and (not set(catalogue.covering[c]) & state.authorised) is gap]
        values: list[float] = [getattr(c, axis) for c in communes]
        return sum(values) / len(values)

    assert mean("81", True, "lat") < mean("81", False, "lat")
    assert mean("82", True, "lon") < mean("82", False, "lon")


def test_all_of_aveyron_lacks_an_authorised_had_today(engine: CoverageEngine) -> None:
    codes = [c for c in engine.catalogue.studied if c.startswith("12")]
    assert {engine.match(c, TODAY).status for c in codes} <= {"derogation_needed",
                                                               "convention_needed"}


def test_rodez_had_an_authorised_had_on_2017_01_15_but_not_today(
        engine: CoverageEngine) -> None:
    then = engine.match("12202", dt.date(2017, 1, 15))
    assert then.status == "authorised_had"
    assert [o.establishment for o in then.options] == ["had-udsma"]
    assert engine.match("12202", TODAY).status != "authorised_had"
    assert engine.match("12202", FACTS_DATE).status != "authorised_had"


def test_udsma_end_date_is_recorded_as_approximate(catalogue: Catalogue) -> None:
    (period,) = catalogue.by_id["had-udsma"].chemotherapy
    assert period.end == dt.date(2017, 3, 31)
    assert period.end_approximate


def test_training_needed_for_hads_that_never_treated_or_not_for_a_year(
        engine: CoverageEngine) -> None:
    albi = engine.match("81004", TODAY).options[0].readiness
    montauban_now = engine.match("82121", TODAY).options[0].readiness
    montauban_2018 = engine.match("82121", dt.date(2018, 9, 1)).options[0].readiness
    assert albi is not None
    assert albi.training == "needed"
    assert montauban_now is not None
    assert montauban_now.training == "needed"
    assert montauban_2018 is not None
    assert montauban_2018.training == "to_check"
