"""Where hadcoord's shipped files are: config.toml, territories/, templates/, migrations/.

A source checkout (the editable install of `make setup`) keeps them at its top level; a wheel
carries the same folders as package data under ``hadcoord/_data/`` (see setup.py). Both are
found through ``importlib.resources``, so the code never guesses from ``__file__``.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

PACKAGED_DATA = "_data"


def _package_dir() -> Path:
    folder = files("hadcoord")
    if not isinstance(folder, Path):  # a zipped install: the data could not be read as files
        msg = f"hadcoord doit être installé dans un dossier, pas dans une archive : {folder}"
        raise TypeError(msg)
    return folder


def installed_from_wheel() -> bool:
    """Whether the shipped files are the wheel's package data (not a source checkout's)."""
    return (_package_dir() / PACKAGED_DATA).is_dir()


def shipped_dir() -> Path:
    """The folder holding the shipped config.toml, territories/, templates/ and migrations/."""
    package = _package_dir()
    return package / PACKAGED_DATA if installed_from_wheel() else package.parent


def state_dir() -> Path:
    """Where the shipped config.toml's relative database path starts.

    A checkout: its top level (``instance/`` beside ``territories/``, as `make run` expects).
    A wheel: ``<prefix>/var/hadcoord`` (Flask's place for an installed app's instance folder),
    never inside the installed package.
    """
    return Path(sys.prefix) / "var" / "hadcoord" if installed_from_wheel() else shipped_dir()
