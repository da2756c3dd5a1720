"""The `hadcoord` command line: a thin click layer over the domain core.

Each command group lives in its own module and is registered here by name, imported only when
that command runs (or when ``--help`` lists them): ``hadcoord match`` never imports folium,
pandas or alembic (issue 19: 1.6 s of start-up before). Domain errors (`HadcoordError`) are
printed in French without a traceback and exit with status 2.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from hadcoord import __version__
from hadcoord.errors import HadcoordError

EXIT_BAD_INPUT = 2


# Command name → "module:attribute" of its click command (imported on first use).
COMMANDS = {
    "audit": "hadcoord.cli.audit:audit",
    "communes": "hadcoord.cli.communes:communes", "coverage": "hadcoord.cli.coverage:coverage",
    "data": "hadcoord.cli.data:data", "db": "hadcoord.cli.db:db",
    "demo": "hadcoord.cli.demo:demo", "fhir": "hadcoord.cli.fhir:fhir",
    "jobs": "hadcoord.cli.jobs:jobs",
    "map": "hadcoord.cli.map:map_command", "match": "hadcoord.cli.match:match",
    "pharmacy": "hadcoord.cli.plan:pharmacy", "plan": "hadcoord.cli.plan:plan",
    "plans": "hadcoord.cli.plans:plans",
    "scheduler": "hadcoord.cli.jobs:scheduler_command", "secret": "hadcoord.cli.secret:secret",
    "serve": "hadcoord.cli.serve:serve", "territories": "hadcoord.cli.territories:territories",
    "triage": "hadcoord.cli.triage:triage_command", "users": "hadcoord.cli.users:users",
}


class _Group(click.Group):
    """A click group: domain errors → a French message and exit status 2; lazy commands.

    Each command's module is imported when the command is asked for (``COMMANDS``).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the lazy ones included, by name."""
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported on first use."""
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, _, attribute = COMMANDS[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

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

