"""The ARS's scenario editor (issue 18): edits, their result against today, and the TOML export."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from hadcoord.coverage.catalogue import Catalogue, load_catalogue
from hadcoord.coverage.comparison import Comparison, compare, evaluate
from hadcoord.coverage.desk import (
    Draft,
    Edit,
    EditError,
    EditKind,
    check_draft,
    epci_names,
    scenario_toml,
    to_scenario,
)
from hadcoord.coverage.model import Basis
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.results import MatchStatus
from hadcoord.coverage.scenarios import read_scenario
from hadcoord.coverage.summary import coverage_summary
from hadcoord.errors import ReferenceDataError
from tests.coverage.conftest import TODAY

GERS = "had-croix-rouge-gers"
PASTEUR = "had-clinique-pasteur"
AUCH = "32013"


def _draft(*edits: Edit, title: str = "Essai") -> Draft:
    return Draft(title, "", TODAY, edits)


def _result(engine: CoverageEngine, *edits: Edit) -> Comparison:
    scenario = to_scenario(_draft(*edits), engine.catalogue)
    return compare(evaluate(engine, TODAY, None), evaluate(engine, TODAY, scenario), engine)


def _population(catalogue: Catalogue, codes: frozenset[str] | set[str]) -> int:
    return sum(catalogue.reference.by_code[c].population for c in codes)


def test_authorising_the_gers_covers_its_uncovered_communes(engine: CoverageEngine) -> None:
    catalogue = engine.catalogue
    gers = catalogue.by_id[GERS]
    assert not gers.chemo_authorised(TODAY)
    before = coverage_summary(engine, TODAY)
    authorised = {e.id for e in catalogue.establishments if e.chemo_authorised(TODAY)}
    uncovered = {c for c in gers.territory
                 if authorised.isdisjoint(catalogue.covering.get(c, ()))}
    result = _result(engine, Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch"))
    assert result.communes_covered == len(uncovered) > 100
    assert result.population_covered == _population(catalogue, uncovered)
    assert result.after.summary.total.population_without == (
        before.total.population_without - result.population_covered)
    assert result.headline.startswith("+")
    assert "habitants couverts (+" in result.headline
    gers_row = next(d for d in result.departments if d.key == "32")
    assert gers_row.population_covered > 0
    assert {c.code for c in result.changed} >= uncovered
    assert all(c.after is MatchStatus.AUTHORISED_HAD for c in result.changed if c.code in uncovered)
    assert result.changed[0].population >= result.changed[-1].population


def test_withdrawing_an_authorisation_loses_coverage(engine: CoverageEngine) -> None:
    result = _result(engine, Edit(EditKind.WITHDRAW, "had-ch-montauban"))
    assert result.population_covered < 0
    assert result.communes_covered < 0
    assert result.headline.startswith("-") or result.headline.startswith("\u2212")
    assert any(c.before is MatchStatus.AUTHORISED_HAD for c in result.changed)


def test_merge_gives_the_absorbed_territory_to_the_other_had(engine: CoverageEngine) -> None:
    """Croix-Rouge → Pasteur (thesis l. 6031-6033): the Gers becomes Pasteur's, authorised."""
    catalogue = engine.catalogue
    scenario = to_scenario(_draft(Edit(EditKind.MERGE, GERS, into=PASTEUR)), catalogue)
    scoped = engine.with_scenario(scenario)
    state = scoped.state(TODAY, scenario.id)
    assert state.establishments[GERS].territory == frozenset()
    assert state.establishments[PASTEUR].territory == (catalogue.by_id[PASTEUR].territory
                                                       | catalogue.by_id[GERS].territory)
    assert scoped.match(AUCH, TODAY, scenario.id).status is MatchStatus.AUTHORISED_HAD
    assert engine.match(AUCH, TODAY).status is not MatchStatus.AUTHORISED_HAD
    merged = _result(engine, Edit(EditKind.MERGE, GERS, into=PASTEUR))
    authorised = _result(engine, Edit(EditKind.AUTHORISE, GERS, Basis.ATTACHED, "Pasteur"))
    assert merged.population_covered == authorised.population_covered > 0


def test_extend_by_epci_and_shrink_by_commune(engine: CoverageEngine) -> None:
    catalogue = engine.catalogue
    epci = catalogue.reference.by_code[AUCH].epci_code
    assert epci in epci_names(catalogue)
    members = {c for c in catalogue.studied if catalogue.reference.by_code[c].epci_code == epci}
    extended = _result(engine, Edit(EditKind.EXTEND, PASTEUR, epci=epci))
    assert extended.communes_covered == len(members)
    assert AUCH in {c.code for c in extended.changed}
    shrunk = _result(engine, Edit(EditKind.SHRINK, "had-ch-montauban", communes=("82121",)))
    change = next(c for c in shrunk.changed if c.code == "82121")
    assert change.before is MatchStatus.AUTHORISED_HAD
    assert change.after is not MatchStatus.AUTHORISED_HAD
    assert shrunk.population_covered == -catalogue.reference.by_code["82121"].population


def test_affected_pathways_are_counted_by_commune(engine: CoverageEngine) -> None:
    result = _result(engine, Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch"))
    assert result.affected([AUCH, AUCH, "31555", "82121"]) == 2


@pytest.mark.parametrize(("edit", "field", "words"), [
    (Edit(EditKind.AUTHORISE, "had-inconnue", Basis.ATTACHED, "X"), "establishment",
     "choisissez un établissement"),
    (Edit(EditKind.AUTHORISE, "had-ch-montauban", Basis.ATTACHED, "X"), "establishment",
     "déjà autorisée"),
    (Edit(EditKind.AUTHORISE, GERS, None, "X"), "basis", "rattachement ou association"),
    (Edit(EditKind.AUTHORISE, GERS, Basis.UNKNOWN, "X"), "basis", "rattachement ou association"),
    (Edit(EditKind.AUTHORISE, GERS, Basis.ATTACHED, "  "), "partner", "centre autorisé"),
    (Edit(EditKind.WITHDRAW, GERS), "establishment", "n'est pas autorisée"),
    (Edit(EditKind.EXTEND, GERS), "epci", "un EPCI ou des communes"),
    (Edit(EditKind.EXTEND, GERS, epci="999999999"), "epci", "EPCI inconnu"),
    (Edit(EditKind.EXTEND, GERS, communes=("99999",)), "communes", "commune inconnue"),
    (Edit(EditKind.EXTEND, GERS, communes=("34172",)), "communes", "hors de la zone étudiée"),
    (Edit(EditKind.MERGE, GERS, into=GERS), "into", "une autre HAD"),
    (Edit(EditKind.MERGE, GERS), "into", "une autre HAD"),
])
def test_bad_edits_are_refused_with_their_field(catalogue: Catalogue, edit: Edit, field: str,
                                                words: str) -> None:
    with pytest.raises(EditError, match=words) as caught:
        check_draft(_draft(edit), catalogue)
    assert caught.value.field == field


def test_authorising_twice_is_refused(catalogue: Catalogue) -> None:
    edit = Edit(EditKind.AUTHORISE, GERS, Basis.ATTACHED, "Pasteur")
    with pytest.raises(EditError, match="déjà autorisée"):
        check_draft(_draft(edit, edit), catalogue)
    check_draft(_draft(edit, Edit(EditKind.WITHDRAW, GERS), edit), catalogue)


def test_a_draft_needs_a_title(catalogue: Catalogue) -> None:
    with pytest.raises(EditError) as caught:
        check_draft(Draft("  ", "", TODAY, ()), catalogue)
    assert caught.value.field == "title"


def test_edits_round_trip_through_json() -> None:
    edits = [Edit(EditKind.AUTHORISE, GERS, Basis.ATTACHED, "Pasteur"),
             Edit(EditKind.EXTEND, PASTEUR, communes=(AUCH, "32107")),
             Edit(EditKind.SHRINK, PASTEUR, epci="200066926"),
             Edit(EditKind.MERGE, GERS, into=PASTEUR),
             Edit(EditKind.WITHDRAW, PASTEUR)]
    assert [Edit.from_json(e.to_json()) for e in edits] == edits
    with pytest.raises(EditError):
        Edit.from_json({"kind": "teleport", "establishment": GERS})
    with pytest.raises(EditError):
        Edit.from_json({"kind": "authorise", "establishment": GERS, "partner": 12})


def test_a_draft_date_out_of_range_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(EditError, match="hors de la période") as caught:
        check_draft(Draft("x", "", dt.date(1, 1, 1), (Edit(EditKind.WITHDRAW, GERS),)),
                    catalogue)
    assert caught.value.field == "date"


ALL_KINDS = (Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch « test »"),
             Edit(EditKind.WITHDRAW, "had-ch-montauban"),
             Edit(EditKind.EXTEND, "had-ch-albi", communes=("81065", "81105")),
             Edit(EditKind.SHRINK, "had-ch-cahors", communes=("46042",)),
             Edit(EditKind.MERGE, "had-chic-moissac", into="had-ch-montauban"))


def test_export_loads_with_the_reference_loader_and_gives_the_same_coverage(
        engine: CoverageEngine, catalogue: Catalogue, tmp_path: Path) -> None:
    draft = Draft("Essai « complet » : 5 changements", "Une description\nsur deux lignes.", TODAY,
                  ALL_KINDS)
    scenario = to_scenario(draft, catalogue)
    path = tmp_path / f"{scenario.id}.toml"
    path.write_text(scenario_toml(scenario, "ars@example.org", TODAY), encoding="utf-8")
    loaded = read_scenario(path, set(catalogue.by_id), catalogue.reference.by_code)
    assert loaded == scenario
    direct = evaluate(engine, TODAY, scenario)
    reloaded = evaluate(engine, TODAY, loaded)
    assert reloaded.statuses == direct.statuses
    assert reloaded.summary.departments == direct.summary.departments


def test_an_exported_scenario_becomes_reference_data(catalogue: Catalogue,
                                                     territories_copy: Path) -> None:
    """Dropped in territories/scenarios/, the engine's own scenario gives the editor's result."""
    scenario = to_scenario(_draft(*ALL_KINDS, title="Versé aux données"), catalogue)
    (territories_copy / "scenarios" / f"{scenario.id}.toml").write_text(
        scenario_toml(scenario), encoding="utf-8")
    reloaded = CoverageEngine(load_catalogue(territories_copy, catalogue.reference))
    assert scenario.id in reloaded.catalogue.scenarios
    from_file = evaluate(reloaded, TODAY, reloaded.catalogue.scenarios[scenario.id])
    from_editor = evaluate(CoverageEngine(catalogue), TODAY, scenario)
    assert from_file.statuses == from_editor.statuses
    assert coverage_summary(reloaded, TODAY, scenario.id).total == from_editor.summary.total


def test_status_is_the_match_status(engine: CoverageEngine, catalogue: Catalogue) -> None:
    scenario = to_scenario(_draft(*ALL_KINDS), catalogue)
    scoped = engine.with_scenario(scenario)
    for code in sorted(catalogue.studied)[::7]:
        for ident in (None, scenario.id):
            assert scoped.status(code, TODAY, ident) is scoped.match(code, TODAY, ident).status


def test_a_scenario_file_with_an_unknown_commune_is_refused(catalogue: Catalogue,
                                                            tmp_path: Path) -> None:
    scenario = to_scenario(_draft(ALL_KINDS[2]), catalogue)
    bad = dataclasses.replace(scenario, changes=(dataclasses.replace(
        scenario.changes[0], territory_added=frozenset({"99999"})),))
    path = tmp_path / f"{bad.id}.toml"
    path.write_text(scenario_toml(bad), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"ligne \d+ : .* code commune inconnu « 99999 »"):
        read_scenario(path, set(catalogue.by_id), catalogue.reference.by_code)


def test_ident_is_the_title_in_ascii() -> None:
    assert _draft(title="Reprise de l'HAD Croix-Rouge — Gers").ident == (
        "reprise-de-l-had-croix-rouge-gers")
    assert Draft("«»", "", dt.date(2026, 1, 1), ()).ident == "scenario"
