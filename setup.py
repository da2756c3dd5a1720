"""Packaging layout that pyproject.toml cannot express: the top-level data folders in the wheel.

config.toml, territories/, templates/ and migrations/ stay at the top of the repository; the
wheel carries them as the package data of ``hadcoord._data`` (mapped to the repository's top
level), so an installed hadcoord finds them with importlib.resources (hadcoord/config/files.py).
What is included is listed in pyproject.toml ([tool.setuptools.package-data]).
"""

from typing import Any

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

DATA_PACKAGE = "hadcoord._data"


class BuildPy(build_py):
    """The data package takes no module from the top level (this file)."""

    def find_package_modules(self, package: str, package_dir: str) -> Any:
        """The modules of ``package``: none for the data package."""
        return [] if package == DATA_PACKAGE else super().find_package_modules(package,
                                                                                package_dir)


setup(packages=[*find_packages(include=["hadcoord*"]), DATA_PACKAGE],
      package_dir={DATA_PACKAGE: "."}, cmdclass={"build_py": BuildPy})
