"""`hadcoord map`: the ARS coverage map as one standalone HTML file that opens offline."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from hadcoord.cli import context
from hadcoord.coverage.serialize import parse_day
from hadcoord.errors import HadcoordError
from hadcoord.wording import formats


class OutputFileError(HadcoordError, OSError):
    """The map file cannot be written where asked."""


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (temporary file, then rename)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        msg = f"le dossier « {folder} » n'existe pas : rien n'a été écrit"
        raise OutputFileError(msg)
    if path.is_dir():
        msg = f"« {path} » est un dossier : donnez un nom de fichier (ex. carte.html)"
        raise OutputFileError(msg)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".carte-", suffix=".html")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except OSError as error:
        msg = f"impossible d'écrire « {path} » ({error.strerror}) : rien n'a été écrit"
        raise OutputFileError(msg) from None


@click.command("map")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Fichier HTML à écrire (ex. carte.html).")
@click.option("--date", "day", default=None, help="Date AAAA-MM-JJ (défaut : aujourd'hui).")
@click.option("--scenario", default=None, help="Identifiant d'un scénario (territories/scenarios).")
def map_command(out: Path, day: str | None, scenario: str | None) -> None:
    """Carte de la couverture HAD (ARS) en un fichier HTML autonome, lisible hors connexion."""
    engine = context.engine()
    # folium (and pandas under it) only for this command (issue 19: start-up of the others).
    from hadcoord.maps import ars_map, inlined, render_ars_map  # noqa: PLC0415

    data = ars_map(engine, parse_day(day), scenario)
    html = render_ars_map(data, engine.catalogue.reference, context.settings().maps, inlined())
    _write(out, html)
    total = data.summary.total
    size = formats.fixed(len(html.encode("utf-8")) / 1e6, 1)
    click.echo(f"Carte écrite : {out} ({size} Mo)")
    click.echo(f"Situation au {data.day:%d/%m/%Y} ; scénario : "
               f"{data.scenario.title if data.scenario else 'aucun'}")
    click.echo(f"Sans HAD autorisée : {formats.integer(total.population_without)} habitants, "
               f"{formats.integer(total.communes_without)} communes")
    if data.scenario:
        click.echo(f"Grâce au scénario : {formats.signed(data.population_gained)} habitants "
                   f"couverts ({formats.signed(data.communes_gained)} communes)")
