"""`hadcoord match`: which HAD can take a blinatumomab patient living in a commune."""

from __future__ import annotations

import json

import click

from hadcoord.cli import context
from hadcoord.coverage.results import MatchResult, Option
from hadcoord.coverage.serialize import match_json, parse_day
from hadcoord.errors import AmbiguousCommuneError
from hadcoord.geo.search import find_commune
from hadcoord.wording import formats, labels


def _since(result: MatchResult, ident: str | None) -> str:
    label = next((a.since_label for a in result.authorisations if a.establishment == ident), "")
    return f", {label}" if label else ""


def _option_lines(rank: int, option: Option, result: MatchResult) -> list[str]:
    distance = f", ≈ {option.distance_km:.0f} km" if option.distance_km is not None else ""
    lines = [f"  {rank}. {labels.OPTION_KIND[option.kind]} — {option.name}{distance}"]
    if option.establishment:
        lines.append(f"     autorisation : {labels.authorisation(option.authorisation, None)}"
                     f"{_since(result, option.establishment)}")
    if option.readiness:
        lines.append(f"     formation : {option.readiness.training_reason}")
        lines.append(f"     pompe : {option.readiness.pump_reason}")
    if option.ars_request:
        lines.append("     demande à l'ARS — conditions (CSP R.1435-41) à argumenter :")
        lines += [f"       • {c.condition} : {c.argument}" for c in option.ars_request.conditions]
    if option.convention:
        lines.append("     parties : " + " ; ".join(option.convention.parties))
        lines.append("     à régler : " + " ; ".join(option.convention.settles))
        lines.append(f"     {option.convention.note}")
    return lines


def _human(result: MatchResult) -> str:
    commune = result.commune
    population = formats.integer(commune.population)
    lines = [f"{commune.name} ({commune.code}) — {commune.department_name}, {population} hab.",
             f"Date : {formats.date(result.day)} ; scénario : {result.scenario or 'aucun'}",
             f"Statut : {labels.MATCH_STATUS[result.status]}", result.message]
    if result.covering:
        lines.append("HAD du territoire : " + " ; ".join(
            f"{c.name} (chimiothérapie : {'oui' if c.chemo_authorised else 'non'}"
            f"{_since(result, c.id)})"
            for c in result.covering))
    if result.options:
        lines.append("Options :")
        for rank, option in enumerate(result.options, start=1):
            lines += _option_lines(rank, option, result)
    lines += [f"Non proposée : {n.name} ({n.reason})" for n in result.not_proposed]
    if result.first_recourse:
        first = result.first_recourse
        lines.append(f"1er recours : {first.name} (≈ {first.distance_km:.0f} km)")
    second = result.second_recourse
    lines.append(f"2e recours : {second.name} — tél. {second.phone}")
    if result.provenance:
        lines.append(result.provenance.line)
        lines += [f"Attention : {caveat}" for caveat in result.provenance.caveats]
    return "\n".join(lines)


def _print_candidates(error: AmbiguousCommuneError, query: str) -> None:
    click.echo(f"Erreur : {error}", err=True)
    for number, candidate in enumerate(error.candidates, start=1):
        click.echo(f"  {number}. {candidate}", err=True)
    if error.codes:
        click.echo(f"Relancez avec le code INSEE de la commune voulue, par exemple : "
                   f"hadcoord match --code {error.codes[0]}", err=True)
    if query.strip() in error.codes:
        click.echo(f"(« --code » lit « {query.strip()} » comme un code INSEE.)", err=True)


@click.command()
@click.argument("query")
@click.option("--code", "by_code", is_flag=True,
              help="QUERY est un code INSEE (jamais ambigu, même s'il est aussi un code postal).")
@click.option("--department", "-d", default=None, help="Limiter la recherche à un département.")
@click.option("--date", "day", default=None, help="Date AAAA-MM-JJ (défaut : aujourd'hui).")
@click.option("--scenario", default=None, help="Identifiant d'un scénario (territories/scenarios).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.pass_context
def match(ctx: click.Context, query: str, *, by_code: bool, department: str | None,
          day: str | None, scenario: str | None, as_json: bool) -> None:
    """Quelle HAD peut prendre un patient sous blinatumomab domicilié dans la commune QUERY.

    QUERY : nom, code INSEE ou code postal. Quand plusieurs communes correspondent, elles sont
    listées, numérotées, avec leur code INSEE ; « --code » force la lecture en code INSEE.
    """
    engine = context.engine()  # first: reads the settings, which set the clock's zone
    when = parse_day(day)
    reference = engine.catalogue.reference
    try:
        commune = (reference.get(query) if by_code
                   else find_commune(reference, query, department=department))
    except AmbiguousCommuneError as error:
        _print_candidates(error, query)
        ctx.exit(2)
    result = engine.match(commune.code, when, scenario)
    if as_json:
        click.echo(json.dumps(match_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(_human(result))
