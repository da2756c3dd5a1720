"""`hadcoord communes search|show`: find a commune of Occitanie."""

from __future__ import annotations

import json
from typing import Any

import click

from hadcoord.cli import context
from hadcoord.geo import Commune
from hadcoord.geo.search import search_communes
from hadcoord.wording import formats


def commune_json(commune: Commune, **extra: Any) -> dict[str, Any]:
    """The JSON form of a commune shared by the CLI commands."""
    return {
        "code": commune.code,
        "name": commune.name,
        "department": commune.department,
        "department_name": commune.department_name,
        "population": commune.population,
        "postal_codes": list(commune.postal_codes),
        "epci": {"code": commune.epci_code, "name": commune.epci_name},
        "old_codes": list(commune.old_codes),
        "former_names": list(commune.former_names),
        "point": {"lon": commune.lon, "lat": commune.lat, "source": commune.point_source},
        **extra,
    }


def _describe(commune: Commune, label: str) -> str:
    postal = ", ".join(commune.postal_codes)
    population = formats.integer(commune.population)
    return (f"{label:<32} INSEE {commune.code}  {commune.department_name} ({commune.department})"
            f"  CP {postal}  {population} hab.")


@click.group()
def communes() -> None:
    """Rechercher une commune d'Occitanie."""


@communes.command("search")
@click.argument("query")
@click.option("--department", "-d", default=None, help="Limiter à un département (ex. 31).")
@click.option("--limit", "-n", type=click.IntRange(1, 200), default=None,
              help="Nombre de résultats (défaut : config.toml [geo].search_limit).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def search(query: str, department: str | None, limit: int | None, as_json: bool) -> None:
    """Chercher QUERY : nom, ancien nom, code INSEE, ancien code ou code postal."""
    settings = context.settings().geo
    matches = search_communes(context.reference(), query, department=department,
                              limit=limit or settings.search_limit,
                              min_score=settings.fuzzy_min_score)
    if as_json:
        click.echo(json.dumps([commune_json(m.commune, label=m.label, matched_by=m.matched_by,
                                            score=round(m.score, 1)) for m in matches],
                              ensure_ascii=False, indent=2))
        return
    for match in matches:
        how = MATCHED_BY_FR[match.matched_by]
        click.echo(f"{_describe(match.commune, match.label)}  [{how}]")


MATCHED_BY_FR = {
    "code": "code INSEE", "old_code": "ancien code INSEE", "postal_code": "code postal",
    "name": "nom", "former_name": "commune déléguée ou associée", "name_prefix": "début du nom",
    "former_name_prefix": "début d'un ancien nom",
    "fuzzy_name": "nom approché", "fuzzy_former_name": "ancien nom approché",
}


@communes.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def show(code: str, as_json: bool) -> None:
    """Afficher la commune de code INSEE CODE (un ancien code est redirigé)."""
    commune, redirected = context.reference().resolve(code)
    requested = code.strip().upper()
    if as_json:
        extra = {"redirected_from": requested} if redirected else {}
        click.echo(json.dumps(commune_json(commune, **extra), ensure_ascii=False, indent=2))
        return
    if redirected:
        click.echo(f"Le code {requested} est un ancien code : redirigé vers {commune.code}.")
    click.echo(_describe(commune, commune.name))
    click.echo(f"EPCI : {commune.epci_name} ({commune.epci_code})")
    if commune.former_names:
        click.echo("Communes déléguées ou associées : " + ", ".join(commune.former_names))
    if commune.old_codes:
        click.echo("Anciens codes : " + ", ".join(commune.old_codes))
