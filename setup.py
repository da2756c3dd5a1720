"""Packaging layout that pyproject.toml cannot express: the top-level data folders in the wheel.

config.toml, territories/, templates/ and migrations/ stay at the top of the repository; the
wheel carries them as the package data of ``hadcoord._data`` (mapped to the repository's top
level), so an installed hadcoord finds them with importlib.resources (hadcoord/config/files.py).
What is included is listed in pyproject.toml ([tool.setuptools.package-data]).
"""

from pathlib import Path
from typing import Any

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

DATA_PACKAGE = "hadcoord._data"
DATA_FOLDERS = ("templates", "territories", "migrations")


def data_packages() -> list[str]:
    """``hadcoord._data`` and its folders.

    Each folder is declared so that setuptools does not warn that a folder with files is
    "absent from the packages configuration".
    """
    here = Path(__file__).parent
    folders = [path for top in DATA_FOLDERS for path in [here / top, *(here / top).rglob("*")]
               if path.is_dir() and not path.name.startswith((".", "__"))]
    names = {".".join((DATA_PACKAGE, *path.relative_to(here).parts)) for path in folders}
    return [DATA_PACKAGE, *sorted(names)]


class BuildPy(build_py):
    """The data package takes no module from the top level (this file)."""

    def find_package_modules(self, package: str, package_dir: str) -> Any:
        """The modules of ``package``: none for the data package."""
        if package == DATA_PACKAGE or package.startswith(f"{DATA_PACKAGE}."):
            return []
        return super().find_package_modules(package, package_dir)


# Namespace discovery: the folders of static files (web/static, maps/templates…) are declared
# too, for the same reason.
setup(packages=[*find_namespace_packages(include=["hadcoord*"], exclude=["*.__pycache__"]),
                *data_packages()],
      package_dir={DATA_PACKAGE: "."}, cmdclass={"build_py": BuildPy})
