"""`hadcoord coverage rank`: single changes ranked by population newly covered, greedy sequence."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hadcoord.cli import main
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.ranking import ChangeKind, greedy_sequence, rank_changes, rank_key
from hadcoord.coverage.summary import coverage_summary

DAY = dt.date(2026, 1, 15)


def test_every_uncovered_commune_counts_once_and_the_sequence_covers_them(
        engine: CoverageEngine) -> None:
    ranking = rank_changes(engine, DAY)
    summary = coverage_summary(engine, DAY)
    assert ranking.uncovered_population == summary.total.population_without
    assert ranking.uncovered_communes == summary.total.communes_without
    assert ranking.fully_covered
    assert ranking.sequence[-1].population_covered == ranking.uncovered_population
    added = [c for step in ranking.sequence for c in step.communes_added]
    assert len(added) == len(set(added)) == ranking.uncovered_communes


def test_authorising_each_non_authorised_had_is_a_candidate(engine: CoverageEngine) -> None:
    ranking = rank_changes(engine, DAY)
    authorise = {c.establishment for c in ranking.changes if c.kind is ChangeKind.AUTHORISE}
    # The six HADs without the authorisation today (thesis table 27, UDSMA since 2017).
    assert authorise == {"had-udsma", "had-korian-quatre-vents", "had-korian-pays-ovalie",
                         "had-croix-rouge-gers", "had-clinique-font-redonde", "had-chic-moissac"}
    udsma = next(c for c in ranking.changes if c.key == "authorise:had-udsma")
    aveyron = {d.key: d for d in coverage_summary(engine, DAY).departments}["12"]
    # Every uncovered commune of UDSMA's territory: the Aveyron minus Font Redonde's own part.
    assert "12202" in udsma.communes
    assert udsma.population < aveyron.population_without


def test_corridors_go_from_a_bordering_authorised_had_within_the_distance(
        engine: CoverageEngine) -> None:
    ranking = rank_changes(engine, DAY)
    corridors = [c for c in ranking.changes if c.kind is ChangeKind.CORRIDOR]
    keys = {c.key for c in corridors}
    # The two derogations of the thesis (l. 5223-5229) are among the corridors.
    assert "corridor:had-ch-montauban:had-korian-pays-ovalie" in keys
    assert "corridor:had-ch-cahors:had-clinique-font-redonde" in keys
    state = engine.state(DAY, None)
    reference = engine.catalogue.reference
    for corridor in corridors:
        assert corridor.establishment in state.authorised
        assert corridor.into not in state.authorised
        assert corridor.establishment in engine.adjacency[corridor.into or ""]
        helper = state.establishments[corridor.establishment]
        assert all(engine.distance_km(helper, reference.by_code[c]) <= 80.0
                   for c in corridor.communes)
    near = rank_changes(engine, DAY, max_distance_km=30.0)
    assert sum(c.kind is ChangeKind.CORRIDOR for c in near.changes) < len(corridors)
    assert all((c.farthest_km or 0.0) <= 30.0 for c in near.changes)


def test_changes_are_ranked_by_population_then_communes(engine: CoverageEngine) -> None:
    ranking = rank_changes(engine, DAY)
    keys = [rank_key(c.population, len(c.communes), c.key) for c in ranking.changes]
    assert keys == sorted(keys)
    assert ranking.sequence[0].change == ranking.changes[0]
    covered = [s.population_covered for s in ranking.sequence]
    assert covered == sorted(covered)


def test_a_scenario_leaves_fewer_changes(engine: CoverageEngine) -> None:
    after = rank_changes(engine, dt.date(2018, 9, 1), "croix-rouge-gers-to-pasteur")
    assert "authorise:had-croix-rouge-gers" not in {c.key for c in after.changes}


def test_rank_command_text_and_json(runner: CliRunner) -> None:
    text = runner.invoke(main, ["coverage", "rank", "--date", "2026-01-15"])
    assert text.exit_code == 0, text.output
    assert "  1. Autorisation de chimiothérapie à domicile pour l'UDSMA" in text.output
    assert "Rodez (12202)" in text.output
    assert "Changements cumulés" in text.output
    assert "Sources : territoire : reconstruction d'après la thèse (2018)" in text.output
    result = runner.invoke(main, ["coverage", "rank", "--date", "2026-01-15", "--json",
                                  "--max-distance-km", "60"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["max_distance_km"] == 60.0
    assert data["changes"][0]["key"] == data["sequence"][0]["change"]
    assert all(c["farthest_km"] is None or c["farthest_km"] <= 60.0 for c in data["changes"])
    assert data["sequence"][-1]["population_covered"] == data["uncovered_population"]


def test_rank_command_refuses_bad_input_in_french(runner: CliRunner) -> None:
    for args, message in ((["--max-distance-km", "loin"], "distance invalide « loin »"),
                          (["--max-distance-km", "0"], "distance invalide « 0 »"),
                          (["--max-distance-km", "nan"], "distance invalide « nan »"),
                          (["--date", "2026-02-30"], "date invalide « 2026-02-30 »"),
                          (["--scenario", "rien"], "scénario inconnu « rien »")):
        result = runner.invoke(main, ["coverage", "rank", *args])
        assert result.exit_code == 2, args
        assert message in result.output


def test_plain_coverage_command_still_answers(runner: CliRunner) -> None:
    result = runner.invoke(main, ["coverage", "--date", "2026-01-15"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Couverture au 15/01/2026")


CODES = [f"c{i}" for i in range(12)]
populations = st.dictionaries(st.sampled_from(CODES), st.integers(0, 10_000), min_size=1)
candidate_lists = st.lists(st.frozensets(st.sampled_from(CODES)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(populations, candidate_lists)
def test_greedy_sequence_properties(population: dict[str, int],
                                    sets: list[frozenset[str]]) -> None:
    candidates = [(f"k{i}", codes) for i, codes in enumerate(sets)]
    steps = greedy_sequence(population, candidates)
    gains = [(sum(population[c] for c in added), len(added)) for _, added in steps]
    cumulated = [sum(p for p, _ in gains[:n]) for n in range(1, len(gains) + 1)]
    assert cumulated == sorted(cumulated)  # cumulated population never decreases
    # Greedy on a coverage function: each step adds no more than the one before.
    assert [p for p, _ in gains] == sorted((p for p, _ in gains), reverse=True)
    added = [c for _, codes in steps for c in codes]
    assert len(added) == len(set(added))
    assert set(added) <= set(population)
    singles = [(rank_key(sum(population[c] for c in codes & set(population)),
                         len(codes & set(population)), key), index)
               for index, (key, codes) in enumerate(candidates) if codes & set(population)]
    if singles:
        assert steps[0][0] == min(singles)[1]  # the first step is the best single change
    else:
        assert steps == []
    left = set(population) - set(added)
    used = {index for index, _ in steps}
    assert not left or all(not (codes & left) for i, (_, codes) in enumerate(candidates)
                           if i not in used)
