"""`hadcoord fhir export`: the directory side as FHIR NDJSON (bulk-data style) for the ARS."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from hadcoord.cli import context
from hadcoord.errors import HadcoordError
from hadcoord.exports.fhir.common import Resource
from hadcoord.exports.fhir.directory import directory
from hadcoord.wording import formats


class ExportFolderError(HadcoordError, OSError):
    """The export folder cannot be written."""


def write_ndjson(folder: Path, resource_type: str, resources: tuple[Resource, ...]) -> Path:
    """``<folder>/<type>.ndjson``, one resource a line, whole or not at all."""
    path = folder / f"{resource_type}.ndjson"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{resource_type}-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        for resource in resources:
            stream.write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")))
            stream.write("\n")
    Path(temporary).replace(path)
    return path


@click.group("fhir")
def fhir() -> None:
    """Exports FHIR R4 (annuaire des HAD : aucune donnée de patient)."""


@fhir.command("export")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Dossier où écrire un fichier NDJSON par type de ressource.")
@click.option("--boundaries/--no-boundaries", default=False,
              help="Ajouter les contours GeoJSON des territoires et des communes (plus lourd).")
def export(out: Path, boundaries: bool) -> None:
    """HAD (Organization, HealthcareService), territoires et communes (Location), hôpitaux."""
    from hadcoord.maps.geometry import map_geometry  # noqa: PLC0415 — folium: this command only

    settings = context.settings()
    catalogue = context.engine().catalogue
    geometry = (map_geometry(catalogue.reference, settings.maps.simplify_tolerance_m,
                             settings.maps.coordinate_decimals) if boundaries else None)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = [(write_ndjson(out, kind, resources), len(resources))
                   for kind, resources in directory(catalogue, geometry).by_type().items()]
    except OSError as error:
        msg = f"impossible d'écrire dans « {out} » ({error.strerror}) : export interrompu"
        raise ExportFolderError(msg) from None
    for path, count in written:
        click.echo(f"{path} : {formats.integer(count)} ressources")
    click.echo("Contours GeoJSON : " + ("inclus" if boundaries else "non inclus "
                                        "(--boundaries pour les ajouter)"))
