"""`hadcoord coverage rank`: the ARS decisions that would extend coverage, best first."""

from __future__ import annotations

import json

import click

from hadcoord.cli import context
from hadcoord.coverage.ranking import Change, Ranking, rank_changes
from hadcoord.coverage.serialize import parse_day, parse_distance, ranking_json
from hadcoord.geo import CommuneReference
from hadcoord.wording import formats

SHOWN_COMMUNES = 8


def _communes(change_codes: tuple[str, ...], reference: CommuneReference) -> str:
    shown = ", ".join(f"{reference.by_code[c].name} ({c})" for c in change_codes[:SHOWN_COMMUNES])
    more = len(change_codes) - SHOWN_COMMUNES
    return shown + (f" … (+{formats.integer(more)})" if more > 0 else "")


def _change_lines(number: int, change: Change, reference: CommuneReference) -> list[str]:
    return [f"{number:>3}. {change.label}",
            f"     +{formats.integer(change.population)} hab., "
            f"+{formats.integer(len(change.communes))} communes : "
            f"{_communes(change.communes, reference)}"]


def _human(ranking: Ranking, reference: CommuneReference) -> str:
    share = (ranking.uncovered_population / ranking.studied_population
             if ranking.studied_population else 0.0)
    lines = [f"Changements classés au {formats.date(ranking.day)} ; scénario : "
             f"{ranking.scenario or 'aucun'} ; dérogations jusqu'à "
             f"{ranking.max_distance_km:.0f} km par la route",
             f"Sans HAD autorisée : {formats.integer(ranking.uncovered_population)} hab. "
             f"({formats.share(share)} de la zone étudiée, "
             f"{formats.integer(ranking.uncovered_communes)} communes)", ""]
    if not ranking.changes:
        lines.append("Aucun changement ne couvrirait de nouvelle commune.")
    else:
        lines.append("Chaque changement seul, par habitants nouvellement couverts :")
        for number, change in enumerate(ranking.changes, start=1):
            lines += _change_lines(number, change, reference)
        lines += ["", "Changements cumulés (à chaque étape, celui qui ajoute le plus) :"]
        for step in ranking.sequence:
            lines.append(f"{step.number:>3}. {step.change.label}")
            lines.append(f"     +{formats.integer(step.population_added)} hab. → "
                         f"{formats.integer(step.population_covered)} hab. couverts "
                         f"({formats.integer(step.communes_covered)} communes)")
        lines.append("Toute la zone étudiée est alors couverte." if ranking.fully_covered
                     else "Aucun autre changement n'ajoute d'habitant couvert.")
    if ranking.provenance:
        lines.append(ranking.provenance.line)
        lines += [f"Attention : {caveat}" for caveat in ranking.provenance.caveats]
    return "\n".join(lines)


@click.command()
@click.option("--date", "day", default=None, help="Date AAAA-MM-JJ (défaut : aujourd'hui).")
@click.option("--scenario", default=None, help="Identifiant d'un scénario (territories/scenarios).")
@click.option("--max-distance-km", "max_km", default=None,
              help="Distance maximale d'une dérogation, en km par la route "
                   "(défaut : [coverage].max_derogation_km).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def rank(day: str | None, scenario: str | None, max_km: str | None, as_json: bool) -> None:
    """Classer les changements (autorisation, dérogation) par habitants nouvellement couverts.

    Puis la séquence cumulée : à chaque étape, le changement qui ajoute le plus d'habitants.
    """
    engine = context.engine()
    ranking = rank_changes(engine, parse_day(day), scenario, parse_distance(max_km))
    if as_json:
        click.echo(json.dumps(ranking_json(ranking), ensure_ascii=False, indent=2))
    else:
        click.echo(_human(ranking, engine.catalogue.reference))
