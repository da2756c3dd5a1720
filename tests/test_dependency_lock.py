"""The dependency locks (issue 16): `requirements.lock` (what a deployment installs) and
`requirements-dev.lock` (`make run` / `make test`), both made by `make lock` (uv, every Python
≥ 3.11 and platform, with hashes). Each must pin every dependency of pyproject.toml within its
bounds (caldav < 2, SQLAlchemy < 3, APScheduler < 4), with its hashes, and nothing twice for
the same environment."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from hadcoord.config import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME_LOCK = PROJECT_ROOT / "requirements.lock"
DEV_LOCK = PROJECT_ROOT / "requirements-dev.lock"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)"
                 r"(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$")
# The environments a deployment or a contributor may have (Debian's Python 3.11 to 3.13).
ENVIRONMENTS = [{"python_version": minor, "python_full_version": f"{minor}.0",
                 "sys_platform": "linux", "platform_system": "Linux",
                 "platform_python_implementation": "CPython", "implementation_name": "cpython",
                 "os_name": "posix", "platform_machine": "x86_64"}
                for minor in ("3.11", "3.12", "3.13")]


@dataclass(frozen=True)
class Pin:
    """One ``name==version ; marker`` line and how many hashes follow it."""

    name: str
    version: Version
    marker: Marker | None
    hashes: int


def read_lock(path: Path) -> list[Pin]:
    pins: list[Pin] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            marker = match["marker"]
            pins.append(Pin(canonicalize_name(match["name"]), Version(match["version"]),
                            Marker(marker) if marker else None, 0))
        elif line.strip().startswith("--hash=sha256:") and pins:
            last = pins[-1]
            pins[-1] = Pin(last.name, last.version, last.marker, last.hashes + 1)
    return pins


def in_environment(pins: list[Pin], environment: dict[str, str]) -> dict[str, Version]:
    chosen: dict[str, Version] = {}
    for pin in pins:
        if pin.marker is None or pin.marker.evaluate(environment):
            assert pin.name not in chosen, f"{pin.name} pinned twice for {environment}"
            chosen[pin.name] = pin.version
    return chosen


def requirements(extra: str | None) -> list[Requirement]:
    project = PYPROJECT["project"]
    listed = list(project["dependencies"])
    if extra:
        listed += project["optional-dependencies"][extra]
    return [Requirement(text) for text in listed]


LOCKS = [(RUNTIME_LOCK, None), (DEV_LOCK, "dev")]


@pytest.mark.parametrize(("lock", "extra"), LOCKS, ids=["deployment", "dev"])
@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda e: e["python_version"])
def test_the_lock_pins_every_dependency_within_its_bounds(lock: Path, extra: str | None,
                                                         environment: dict[str, str]) -> None:
    pinned = in_environment(read_lock(lock), environment)
    for requirement in requirements(extra):
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock.name} ne fige pas {name} (lancer « make lock »)"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock.name} : {name}=={pinned[name]} hors de « {requirement.specifier} »")


@pytest.mark.parametrize(("lock", "extra"), LOCKS, ids=["deployment", "dev"])
def test_every_pin_has_its_hashes(lock: Path, extra: str | None) -> None:
    pins = read_lock(lock)
    assert pins
    assert [pin.name for pin in pins if pin.hashes == 0] == []


@pytest.mark.parametrize(("name", "below"), [("caldav", "2"), ("sqlalchemy", "3"),
                                             ("apscheduler", "4")])
def test_the_majors_that_broke_before_stay_capped(name: str, below: str) -> None:
    versions = [pin.version for pin in read_lock(DEV_LOCK) if pin.name == name]
    assert versions
    assert all(version < Version(below) for version in versions)


def test_the_deployment_lock_holds_no_development_tool() -> None:
    runtime = {pin.name for pin in read_lock(RUNTIME_LOCK)}
    assert not runtime & {"pytest", "mypy", "ruff", "playwright", "schemathesis", "caldav"}
    assert runtime <= {pin.name for pin in read_lock(DEV_LOCK)}


def test_the_lock_covers_the_dependencies_of_dependencies() -> None:
    """Every distribution hadcoord needs here, directly or not, is in the dev lock (a
    dependency of a dependency too: pip refuses one the lock lacks in hash-checking mode)."""
    import sys

    here = {**ENVIRONMENTS[0], "python_version": f"{sys.version_info[0]}.{sys.version_info[1]}",
            "python_full_version": ".".join(map(str, sys.version_info[:3]))}
    pinned = in_environment(read_lock(DEV_LOCK), here)
    missing: list[str] = []
    seen: set[str] = set()
    todo = [Requirement(text) for text in metadata.requires("hadcoord") or []]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen or (requirement.marker and not requirement.marker.evaluate(
                {**here, "extra": "dev"})):
            continue
        seen.add(name)
        if name not in pinned:
            missing.append(name)
            continue
        todo += [Requirement(text) for text in metadata.requires(name) or []
                 if "extra ==" not in text]
    assert missing == []


def test_the_installs_use_the_locks_in_hash_checking_mode() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r $(DEV_LOCK)" in makefile
    assert "pip install --quiet --no-deps -e ." in makefile
    assert "$(STAMP): pyproject.toml $(DEV_LOCK)" in makefile  # a new lock reinstalls
    install = (PROJECT_ROOT / "deploy" / "install.sh").read_text(encoding="utf-8")
    assert 'install --quiet --require-hashes -r "$top/requirements.lock"' in install
    assert 'install --quiet --no-deps "$top"' in install
