"""`hadcoord coverage`: communes and population with and without an authorised HAD."""

from __future__ import annotations

import json

import click

from hadcoord.cli import context
from hadcoord.coverage.serialize import parse_day, summary_json
from hadcoord.coverage.summary import CoverageSummary, coverage_summary


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _human(summary: CoverageSummary) -> str:
    lines = [f"Couverture au {summary.day:%d/%m/%Y} ; scénario : {summary.scenario or 'aucun'}",
             "", f"{'Département':<24}{'communes':>9}{'population':>12}"
             f"{'sans HAD aut.':>15}{'population':>12}{'%':>6}"]
    for tally in (*summary.departments, summary.total):
        share = tally.population_without / tally.population if tally.population else 0.0
        label = tally.name if tally.key == "total" else f"{tally.key} {tally.name}"
        lines.append(f"{label:<24}{tally.communes:>9}{_number(tally.population):>12}"
                     f"{tally.communes_without:>15}{_number(tally.population_without):>12}"
                     f"{share:>6.0%}")
    lines += ["", f"{'Établissement':<62}{'chimio':>7}{'communes':>9}{'population':>12}"]
    for e in summary.establishments:
        lines.append(f"{e.name[:61]:<62}{'oui' if e.chemo_authorised else 'non':>7}"
                     f"{e.communes:>9}{_number(e.population):>12}")
    lines.append("(L'Aude ne compte que ses arrondissements étudiés : Carcassonne et Limoux.)")
    return "\n".join(lines)


@click.command()
@click.option("--date", "day", default=None, help="Date AAAA-MM-JJ (défaut : aujourd'hui).")
@click.option("--scenario", default=None, help="Identifiant d'un scénario (territories/scenarios).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def coverage(day: str | None, scenario: str | None, as_json: bool) -> None:
    """Communes et population avec ou sans HAD autorisée, par département et par HAD."""
    summary = coverage_summary(context.engine(), parse_day(day), scenario)
    if as_json:
        click.echo(json.dumps(summary_json(summary), ensure_ascii=False, indent=2))
    else:
        click.echo(_human(summary))
