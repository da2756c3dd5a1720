"""Commune search as a coordinator uses it: what the patient wrote → the right commune."""

from __future__ import annotations

import pytest

from hadcoord.errors import AmbiguousCommuneError, UnknownCommuneError
from hadcoord.geo import CommuneReference
from hadcoord.geo.normalize import normalize_name
from hadcoord.geo.search import find_commune, resolve_commune, search_communes


def top(reference: CommuneReference, query: str, department: str | None = None) -> str:
    return search_communes(reference, query, department=department)[0].commune.code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saint-Gaudens", "saint gaudens"),
        ("ST GAUDENS", "saint gaudens"),
        ("Ste-Croix-Volvestre", "sainte croix volvestre"),
        ("L'Isle-Jourdain", "l isle jourdain"),
        ("Castelnau-d’Estrétefonds", "castelnau d estretefonds"),
        ("  Lézat   sur Lèze ", "lezat sur leze"),
        ("Cœur", "coeur"),
    ],
)
def test_normalisation(text: str, expected: str) -> None:
    assert normalize_name(text) == expected


def test_by_insee_code(reference: CommuneReference) -> None:
    match = search_communes(reference, "31555")[0]
    assert (match.commune.name, match.matched_by) == ("Toulouse", "code")


def test_old_code_leads_to_the_current_commune(reference: CommuneReference) -> None:
    match = search_communes(reference, "09036")[0]
    assert (match.commune.code, match.matched_by) == ("09306", "old_code")


def test_delegated_commune_name_leads_to_the_commune_nouvelle(
    reference: CommuneReference,
) -> None:
    match = search_communes(reference, "Conques")[0]
    assert (match.commune.code, match.matched_by) == ("12218", "former_name")
    assert find_commune(reference, "conques").name == "Conques-en-Rouergue"


def test_postal_code_lists_all_its_communes(reference: CommuneReference) -> None:
    matches = search_communes(reference, "31800", limit=50)
    assert len(matches) == 21
    assert {m.matched_by for m in matches} == {"postal_code"}
    assert matches[0].commune.name == "Saint-Gaudens"  # most populated first


def test_postal_code_and_name_together(reference: CommuneReference) -> None:
    assert find_commune(reference, "31800 st gaudens").code == "31483"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("toulouse", "31555"),
        ("TOULOUSE", "31555"),
        ("st gaudens", "31483"),
        ("Saint Gaudens", "31483"),
        ("ste croix volvestre", "09257"),
        ("l isle jourdain", "32160"),
        ("isle jourdain", "32160"),
        ("bastide de serou", "09042"),
        ("villefranche de lauragais", "31582"),
        ("Castelnaudary", "11076"),
        ("beziers", "34032"),
    ],
)
def test_names_insensitive_to_case_accents_abbreviations_and_hyphens(
    reference: CommuneReference, query: str, expected: str
) -> None:
    assert top(reference, query) == expected


@pytest.mark.parametrize(
    ("typo", "expected"),
    [("Toulouze", "31555"), ("Montaubant", "82121"), ("Carcasonne", "11069"),
     ("Villfranche de Rouergue", "12300"), ("Mazamé", "81163"), ("Pamier", "09225")],
)
def test_typos_are_tolerated(reference: CommuneReference, typo: str, expected: str) -> None:
    assert find_commune(reference, typo).code == expected


def test_exact_matches_come_before_fuzzy_ones(reference: CommuneReference) -> None:
    matches = search_communes(reference, "Rodez")
    assert matches[0].matched_by == "name"
    assert all(m.matched_by.startswith("fuzzy") for m in matches[1:])


def test_homonyms_carry_their_department(reference: CommuneReference) -> None:
    labels = {m.label for m in search_communes(reference, "Villeneuve")
              if m.matched_by == "name"}
    assert labels == {"Villeneuve (09)", "Villeneuve (12)"}
    five = [m for m in search_communes(reference, "st michel") if m.matched_by == "name"]
    assert len(five) == 5
    assert all(m.label.startswith("Saint-Michel (") for m in five)


def test_homonyms_are_ambiguous_until_a_department_is_given(
    reference: CommuneReference,
) -> None:
    with pytest.raises(AmbiguousCommuneError) as error:
        find_commune(reference, "Villeneuve")
    assert "Villeneuve (12) — INSEE 12301" in error.value.candidates
    assert find_commune(reference, "Villeneuve", department="12").code == "12301"
    assert find_commune(reference, "Villeneuve", department="9").code == "09335"


def test_nothing_found_gives_suggestions(reference: CommuneReference) -> None:
    with pytest.raises(UnknownCommuneError) as error:
        search_communes(reference, "Tolosa de Llenguadoc")
    assert "ne correspond" in str(error.value)
    assert error.value.suggestions


@pytest.mark.parametrize("query", ["", "   ", "75056", "qwxzkj", "2A004"])
def test_bad_queries_raise_a_clear_error(reference: CommuneReference, query: str) -> None:
    with pytest.raises(UnknownCommuneError):
        search_communes(reference, query)


def test_unknown_department_is_refused(reference: CommuneReference) -> None:
    with pytest.raises(UnknownCommuneError, match="hors d'Occitanie"):
        search_communes(reference, "Toulouse", department="75")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("To", "Toulouse"), ("Tou", "Toulouse"), ("Toul", "Toulouse"), ("Toulo", "Toulouse"),
     ("Toulou", "Toulouse"), ("Montau", "Montauban"), ("Carcass", "Carcassonne"),
     ("Saint-Gau", "Saint-Gaudens"), ("st gau", "Saint-Gaudens"), ("ST-GAU", "Saint-Gaudens"),
     ("Villefranche-de-R", "Villefranche-de-Rouergue"), ("mazam", "Mazamet"),
     ("Boul", "Le Boulou"), ("le boul", "Le Boulou"), ("isle-j", "L'Isle-Jourdain"),
     ("Bézi", "Béziers"), ("bezi", "Béziers")],
)
def test_as_you_type_the_start_of_a_name_finds_the_commune(
    reference: CommuneReference, typed: str, expected: str
) -> None:
    matches = search_communes(reference, typed)
    assert matches[0].commune.name == expected
    assert matches[0].matched_by == "name_prefix"


def test_prefix_matches_are_ranked_by_population_before_fuzzy_ones(
    reference: CommuneReference,
) -> None:
    matches = search_communes(reference, "Toulou", limit=10)
    kinds = [m.matched_by for m in matches]
    assert kinds.index("fuzzy_name") > kinds.index("name_prefix")  # Le Boulou after Toulouse
    prefixed = [m.commune.population for m in matches if m.matched_by == "name_prefix"]
    assert prefixed == sorted(prefixed, reverse=True)
    assert "Saint-Gal" not in [m.commune.name for m in search_communes(reference, "Saint-Gau",
                                                                       limit=3)]


def test_rodes_is_not_taken_for_rodes_66_without_asking(reference: CommuneReference) -> None:
    resolution = resolve_commune(reference, "Rodes")
    assert (resolution.commune.name, resolution.commune.department) == ("Rodès", "66")
    assert not resolution.certain
    assert "Rodez" in [m.commune.name for m in resolution.alternatives]


@pytest.mark.parametrize("query", ["Rodès", "RODÈS", "rodez", "beziers", "31555", "12000 rodez",
                                   "st gaudens", "Conques"])
def test_exact_names_and_codes_are_certain(reference: CommuneReference, query: str) -> None:
    assert resolve_commune(reference, query).certain


@pytest.mark.parametrize("query", ["Toulouze", "Toul", "Carcass", "Montaubant"])
def test_corrected_or_partial_names_need_confirmation(reference: CommuneReference,
                                                      query: str) -> None:
    assert not resolve_commune(reference, query).certain


def test_a_number_both_insee_and_postal_code_lists_both_readings(
    reference: CommuneReference,
) -> None:
    with pytest.raises(AmbiguousCommuneError) as error:
        resolve_commune(reference, "81140")
    assert error.value.codes[0] == "81140"
    assert error.value.candidates[0] == "Lavaur — INSEE 81140 (son code INSEE)"
    assert all(c.endswith("(son code postal)") for c in error.value.candidates[1:])
    assert all("81140" in reference.by_code[code].postal_codes for code in error.value.codes[1:])


def test_unknown_names_suggest_communes_with_their_codes(reference: CommuneReference) -> None:
    with pytest.raises(UnknownCommuneError) as error:
        search_communes(reference, "Tolosa de Llenguadoc")
    assert len(error.value.codes) == len(error.value.suggestions)
    assert all(code in reference.by_code for code in error.value.codes)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Gaud", "Saint-Gaudens"), ("rouerg", "Villefranche-de-Rouergue"),
     ("Jourd", "L'Isle-Jourdain"), ("lauragais", "Villefranche-de-Lauragais")],
)
def test_the_start_of_a_later_word_finds_the_commune(
    reference: CommuneReference, typed: str, expected: str
) -> None:
    """Who remembers « Gaudens » but not the « Saint » in front finds it among the first."""
    names = [m.commune.name for m in search_communes(reference, typed, limit=5)]
    assert expected in names
    kinds = [m.matched_by for m in search_communes(reference, typed, limit=5)]
    assert "word_prefix" in kinds


def test_word_matches_rank_after_the_start_of_the_name(reference: CommuneReference) -> None:
    matches = search_communes(reference, "Toul", limit=10)
    kinds = [m.matched_by for m in matches]
    assert kinds[0] == "name_prefix"
    assert kinds == sorted(kinds, key=["name_prefix", "former_name_prefix", "word_prefix",
                                       "fuzzy_name", "fuzzy_former_name"].index)


@pytest.mark.parametrize(
    ("typed", "department", "expected"),
    [("Caste", "82", "Castelsarrasin"), ("Caste", "11", "Castelnaudary"),
     ("Caste", "31", "Castelginest"), ("Ville", "12", "Villefranche-de-Rouergue"),
     ("Ville", "34", "Villeneuve-lès-Maguelone"), ("Tou", "65", "Tournay")],
)
def test_a_department_hint_puts_its_communes_first_without_hiding_others(
    reference: CommuneReference, typed: str, department: str, expected: str
) -> None:
    """The coordinator's department first (« Caste » in Tarn-et-Garonne: Castelsarrasin)."""
    matches = search_communes(reference, typed, prefer_department=department, limit=10)
    assert matches[0].commune.name == expected
    assert {m.commune.department for m in matches} - {department}  # others still listed


def test_without_a_hint_the_most_populous_comes_first(reference: CommuneReference) -> None:
    assert search_communes(reference, "Caste")[0].commune.name == "Castelnau-le-Lez"


def test_an_unknown_department_hint_is_refused(reference: CommuneReference) -> None:
    with pytest.raises(UnknownCommuneError, match="hors d'Occitanie"):
        search_communes(reference, "Toulouse", prefer_department="75")
