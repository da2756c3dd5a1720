"""`hadcoord territories check|import`: validate the reference data, import an ARS list."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import click

from hadcoord import clock
from hadcoord.cli import context
from hadcoord.coverage.ars import (
    IMPORTS_FILE,
    ArsImportError,
    ars_csv_text,
    diff_territories,
    imports_toml_text,
    parse_ars_csv,
    read_imports,
)
from hadcoord.coverage.catalogue import load_catalogue
from hadcoord.coverage.checks import run_checks
from hadcoord.coverage.establishments import read_establishment
from hadcoord.coverage.model import Establishment
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.provenance import authorisation
from hadcoord.errors import ReferenceDataError

SHOWN_CODES = 15


@click.group()
def territories() -> None:
    """Référentiel des HAD : vérifier les territoires, importer une liste de l'ARS."""


@territories.command("check")
@click.pass_context
def check(ctx: click.Context) -> None:
    """Vérifier établissements, territoires, scénarios et faits de la thèse."""
    settings = context.settings()
    directory = settings.reference.territories_dir
    engine = CoverageEngine(load_catalogue(directory, context.reference()), settings.coverage,
                            settings.geo)
    report = run_checks(engine)
    click.echo(f"Référentiel : {directory}")
    for item in report.items:
        tag = "ÉCHEC" if not item.ok else "AVERTISSEMENT" if item.warning else "OK"
        click.echo(f"[{tag}] {item.title}")
        for detail in item.details:
            click.echo(f"      {detail}")
    sources = sorted({e.territory_source for e in engine.catalogue.establishments
                      if e.territory_source.endswith(".csv")})
    click.echo("Listes de l'ARS importées : " + (", ".join(sources) if sources else "aucune "
               "(territoires reconstruits d'après la thèse)"))
    failed = sum(not item.ok for item in report.items)
    click.echo("Tout est conforme." if report.ok else f"{failed} vérification(s) en échec.")
    if report.warnings:
        click.echo(f"{report.warnings} avertissement(s) : limites connues de la reconstruction, "
                   "à corriger par les listes de l'ARS.")
    if not report.ok:
        ctx.exit(1)


def _codes(codes: tuple[str, ...], names: dict[str, str]) -> str:
    shown = ", ".join(f"{names[c]} ({c})" for c in codes[:SHOWN_CODES])
    return shown + (f" … (+{len(codes) - SHOWN_CODES})" if len(codes) > SHOWN_CODES else "")


def _write_all(files: dict[Path, str]) -> None:
    """Write every file to a temporary name first, then move them in place."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            staged.append((temporary, path))
    except OSError as error:
        for temporary, _path in staged:
            Path(temporary).unlink(missing_ok=True)
        msg = f"écriture impossible ({error}) : rien n'a été écrit"
        raise ReferenceDataError(msg) from None
    for temporary, path in staged:
        Path(temporary).replace(path)


def _describe(establishment: Establishment, day: dt.date) -> list[str]:
    fact = authorisation(establishment, day)
    period = establishment.chemotherapy[-1] if establishment.chemotherapy else None
    chemo = (f"oui, {fact.since_label}" if fact.authorised
             else f"à partir du {period.start:%d/%m/%Y}" if period and period.start
             and period.start > day else "non")
    return [f"  {establishment.name} ({establishment.id}) : "
            f"{len(establishment.territory)} communes, départements "
            f"{', '.join(establishment.departments_served)}",
            f"  chimiothérapie à domicile : {chemo}"]


def _import_establishment(ctx: click.Context, path: Path, yes: bool, dry_run: bool) -> None:
    """A new establishment decided by the ARS: validated, shown, then written."""
    directory = context.settings().reference.territories_dir
    catalogue = load_catalogue(directory, context.reference())
    establishment = read_establishment(path, catalogue.reference)
    current = catalogue.by_id.get(establishment.id)
    if current is not None and not current.added_by_ars:
        msg = (f"{path} : « {establishment.id} » est un établissement de la thèse ; pour changer "
               "son territoire, importez une liste de communes (CSV)")
        raise ReferenceDataError(msg)
    if current is None:
        click.echo("Nouvel établissement :")
    else:
        added = len(establishment.territory - current.territory)
        removed = len(current.territory - establishment.territory)
        click.echo(f"Remplace l'établissement ajouté par l'ARS (+{added}, -{removed} communes) :")
    for line in _describe(establishment, clock.today()):
        click.echo(line)
    if dry_run:
        click.echo("Simulation : rien n'a été écrit.")
        return
    if not yes and not click.confirm("Ajouter cet établissement au référentiel ?", default=False):
        click.echo("Abandon : rien n'a été écrit.")
        return
    imports = read_imports(directory / "ars" / IMPORTS_FILE)
    imports[establishment.id] = (clock.today(), path.name)
    target = directory / "ars" / "establishments" / f"{establishment.id}.toml"
    _write_all({target: path.read_text(encoding="utf-8"),
                directory / "ars" / IMPORTS_FILE: imports_toml_text(imports)})
    click.echo(f"Écrit : {target}")
    click.echo("Lancez « hadcoord territories check » pour vérifier le référentiel.")


@territories.command("import")
@click.argument("csv_file", metavar="FICHIER.csv|FICHIER.toml",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Écrire sans demander de confirmation.")
@click.option("--dry-run", is_flag=True, help="Afficher les différences sans rien écrire.")
@click.pass_context
def import_list(ctx: click.Context, csv_file: Path, yes: bool, dry_run: bool) -> None:
    """Importer une liste de communes de l'ARS (CSV : establishment_id, commune_code).

    Un fichier .toml (format de territories/establishments/, voir son README) ajoute un nouvel
    établissement décidé par l'ARS, avec son territoire et son autorisation.
    """
    if csv_file.suffix.casefold() == ".toml":
        _import_establishment(ctx, csv_file, yes, dry_run)
    else:
        _import_csv(ctx, csv_file, yes, dry_run)


def _import_csv(ctx: click.Context, csv_file: Path, yes: bool, dry_run: bool) -> None:
    """An ARS commune list: validated, the difference shown, then written."""
    directory = context.settings().reference.territories_dir
    catalogue = load_catalogue(directory, context.reference())
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        msg = f"{csv_file} : fichier illisible ({error})"
        raise ReferenceDataError(msg) from None
    try:
        imported = parse_ars_csv(text, str(csv_file), catalogue.reference, set(catalogue.by_id))
    except ArsImportError as error:
        click.echo(f"Erreur : {error}", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        ctx.exit(2)
    names = {c.code: c.name for c in catalogue.reference.communes}
    current = {e.id: e.territory for e in catalogue.establishments}
    click.echo(f"{imported.rows} lignes lues ({imported.duplicates} doublon(s) ignoré(s)).")
    for diff in diff_territories(current, imported):
        click.echo(f"{diff.establishment} : {diff.unchanged} inchangée(s), "
                   f"+{len(diff.added)}, -{len(diff.removed)}")
        if diff.added:
            click.echo(f"  ajoutées : {_codes(diff.added, names)}")
        if diff.removed:
            click.echo(f"  retirées : {_codes(diff.removed, names)}")
    if dry_run:
        click.echo("Simulation : rien n'a été écrit.")
        return
    if not yes and not click.confirm("Écrire ces listes dans le référentiel ?", default=False):
        click.echo("Abandon : rien n'a été écrit.")
        return
    files = {directory / "ars" / f"{ident}.csv": ars_csv_text(ident, codes)
             for ident, codes in imported.territories.items()}
    imports = read_imports(directory / "ars" / IMPORTS_FILE)
    imports.update({ident: (clock.today(), csv_file.name) for ident in imported.territories})
    files[directory / "ars" / IMPORTS_FILE] = imports_toml_text(imports)
    _write_all(files)
    for path in files:
        click.echo(f"Écrit : {path}")
    click.echo("Lancez « hadcoord territories check » pour vérifier le référentiel.")
