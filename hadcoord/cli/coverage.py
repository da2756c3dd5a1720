"""`hadcoord coverage`: communes and population with and without an authorised HAD."""

from __future__ import annotations

import json

import click

from hadcoord.cli import context
from hadcoord.cli.ranking import rank
from hadcoord.coverage.serialize import parse_day, summary_json
from hadcoord.coverage.summary import CoverageSummary, coverage_summary
from hadcoord.wording import formats


def _human(summary: CoverageSummary) -> str:
    scenario = summary.scenario or "aucun"
    lines = [f"Couverture au {formats.date(summary.day)} ; scénario : {scenario}",
             "", f"{'Département':<24}{'communes':>9}{'population':>12}"
             f"{'sans HAD aut.':>15}{'population':>12}{'%':>6}"]
    for tally in (*summary.departments, summary.total):
        share = tally.population_without / tally.population if tally.population else 0.0
        label = tally.name if tally.key == "total" else f"{tally.key} {tally.name}"
        lines.append(f"{label:<24}{formats.integer(tally.communes):>9}"
                     f"{formats.integer(tally.population):>12}"
                     f"{formats.integer(tally.communes_without):>15}"
                     f"{formats.integer(tally.population_without):>12}{formats.share(share):>6}")
    lines += ["", f"{'Établissement':<62}{'chimio':>7}{'communes':>9}{'population':>12}"]
    for e in summary.establishments:
        lines.append(f"{e.name[:61]:<62}{'oui' if e.chemo_authorised else 'non':>7}"
                     f"{formats.integer(e.communes):>9}{formats.integer(e.population):>12}")
    lines.append("(L'Aude ne compte que ses arrondissements étudiés : Carcassonne et Limoux.)")
    if summary.provenance:
        lines.append(summary.provenance.line)
        lines += [f"Attention : {caveat}" for caveat in summary.provenance.caveats]
    return "\n".join(lines)


@click.group(invoke_without_command=True)
@click.option("--date", "day", default=None, help="Date AAAA-MM-JJ (défaut : aujourd'hui).")
@click.option("--scenario", default=None, help="Identifiant d'un scénario (territories/scenarios).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.pass_context
def coverage(ctx: click.Context, day: str | None, scenario: str | None, as_json: bool) -> None:
    """Communes et population avec ou sans HAD autorisée, par département et par HAD.

    « hadcoord coverage rank » classe les changements qui étendraient la couverture.
    """
    if ctx.invoked_subcommand is not None:
        return
    summary = coverage_summary(context.engine(), parse_day(day), scenario)
    if as_json:
        click.echo(json.dumps(summary_json(summary), ensure_ascii=False, indent=2))
    else:
        click.echo(_human(summary))


coverage.add_command(rank)
