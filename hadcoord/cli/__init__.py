"""The `hadcoord` command line: a thin click layer over the domain core.

Each command group lives in its own module and is registered here. Domain errors
(`HadcoordError`) are printed in French without a traceback and exit with status 2.
"""

from __future__ import annotations

from typing import Any

import click

from hadcoord import __version__
from hadcoord.cli.communes import communes
from hadcoord.cli.coverage import coverage
from hadcoord.cli.data import data
from hadcoord.cli.db import db
from hadcoord.cli.demo import demo
from hadcoord.cli.fhir import fhir
from hadcoord.cli.jobs import jobs, scheduler_command
from hadcoord.cli.map import map_command
from hadcoord.cli.match import match
from hadcoord.cli.plan import pharmacy, plan
from hadcoord.cli.secret import secret
from hadcoord.cli.serve import serve
from hadcoord.cli.territories import territories
from hadcoord.cli.triage import triage_command
from hadcoord.cli.users import users
from hadcoord.errors import HadcoordError

EXIT_BAD_INPUT = 2


class _Group(click.Group):
    """A click group that turns domain errors into a French message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HadcoordError as error:
            click.echo(f"Erreur : {error}", err=True)
            suggestions = getattr(error, "suggestions", None)
            if suggestions:
                click.echo("Vouliez-vous dire : " + " ; ".join(suggestions) + " ?", err=True)
            ctx.exit(EXIT_BAD_INPUT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hadcoord")
def main() -> None:
    """hadcoord — coordination de l'HAD des patients sous blinatumomab en Occitanie."""


for command in (communes, data, db, demo, pharmacy, plan, serve, triage_command, users, coverage,
                match, territories, jobs, scheduler_command, map_command, secret, fhir):
    main.add_command(command)
