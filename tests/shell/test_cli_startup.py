"""`hadcoord` starts without importing what its command does not use (issue 19: `match`
took 1.6 s, `--help` 1.2 s, because folium, pandas and alembic were imported for every
command). Checked on the modules a fresh interpreter holds after the command, not on time."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("folium", "pandas", "alembic", "geopandas", "branca")


def modules_after(*args: str) -> set[str]:
    """The top-level modules a fresh interpreter imported to run ``hadcoord ARGS``."""
    script = ("import sys, json, contextlib, io\n"
              "from hadcoord.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              "    try:\n"
              f"        main({list(args)!r})\n"
              "    except SystemExit as stop:\n"
              "        assert stop.code in (0, None), stop.code\n"
              "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(loaded)


@pytest.mark.parametrize("args", [("match", "Rodez", "--json"), ("--help",),
                                  ("communes", "search", "rodez"), ("plan", "--help")])
def test_commands_do_not_import_maps_dataframes_or_migrations(args: tuple[str, ...]) -> None:
    loaded = modules_after(*args)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_match_does_not_load_the_database_layer() -> None:
    assert "sqlalchemy" not in modules_after("match", "Rodez", "--json")


def test_every_command_is_still_listed_and_runs() -> None:
    from hadcoord.cli import COMMANDS, main

    assert set(COMMANDS) <= set(main.list_commands(None))  # type: ignore[arg-type]
    for name in COMMANDS:
        command = main.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None, name
        assert command.name == name
