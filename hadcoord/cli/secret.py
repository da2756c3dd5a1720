"""`hadcoord secret generate`: a new web secret (session and CSRF signing key)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def secret() -> None:
    """Clé secrète de l'application web."""


@secret.command("generate")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à créer (mode 0600) ; à nommer dans [web].secret_key_file.")
def generate(out: Path) -> None:
    """Écrire une nouvelle clé (48 octets aléatoires) dans un fichier lisible par vous seul."""
    # Imported here: the web package is not loaded for the other commands' start-up.
    from hadcoord.web.auth_secret import write_secret_file  # noqa: PLC0415

    write_secret_file(out)
    click.echo(f"Clé secrète écrite dans {out} (mode 0600). Dans config.toml :\n"
               f'[web]\nsecret_key_file = "{out.resolve()}"')
