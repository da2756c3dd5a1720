"""The built wheel works on its own: installed in a fresh virtualenv outside the checkout.

The wheel is built from a copy of the sources (`pip wheel --no-deps`), installed without its
dependencies into a new virtualenv that borrows them from the test environment (a .pth file),
then `hadcoord match`, `hadcoord map --out`, `hadcoord db upgrade` and `hadcoord serve` run
from a folder outside the checkout, with no HADCOORD_* variable set but the server's secret.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from hadcoord.config import PROJECT_ROOT
from hadcoord.web.auth_secret import generate_secret

pytestmark = pytest.mark.slow

NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", "build", "*.egg-info", "__pycache__", "tests", "bench", "instance",
    "test-artifacts", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis")
STARTUP_LIMIT_S = 60.0  # waitress starting, not a performance figure: the test only waits


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtualenv where only the built wheel is installed."""
    root = tmp_path_factory.mktemp("wheel")
    source, dist, venv = root / "src", root / "dist", root / "venv"
    shutil.copytree(PROJECT_ROOT, source, ignore=NOT_SHIPPED)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w",
                            str(dist), str(source)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    # Issue 15: `make run` printed dozens of setuptools warnings (a deprecated licence table,
    # data folders "absent from the packages configuration").
    warnings = [line for line in (built.stdout + built.stderr).splitlines()
                if "Warning:" in line]
    assert warnings == []
    wheel = next(dist.glob("hadcoord-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths(vars={"base": str(venv)})["purelib"])
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                           "install", "--no-deps", "-q", str(wheel)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working folder outside the checkout, an environment without hadcoord settings but the
    secret a server outside demo mode needs."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("HADCOORD_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["HADCOORD_SECRET_KEY"] = generate_secret()
    return tmp_path, env


def test_the_installed_package_is_the_wheels(installed: Path,
                                             outside: tuple[Path, dict[str, str]]) -> None:
    folder, env = outside
    code = ("import hadcoord.config as c; print(c.PROJECT_ROOT); "
            "print(c.load_settings().database.url)")
    shown = run(str(installed / "python"), "-c", code, cwd=folder, env=env)
    assert shown.returncode == 0, shown.stderr
    data, url = shown.stdout.splitlines()
    assert Path(data).is_relative_to(installed.parent)
    assert Path(data).name == "_data"
    assert url == f"sqlite:///{installed.parent}/var/hadcoord/instance/hadcoord.sqlite3"
    # The reference data's licence and attribution notes travel with it.
    notes = (Path(data) / "territories" / "communes" / "README.md").read_text(encoding="utf-8")
    assert "Licence Ouverte" in notes
    leaflet = Path(data).parent / "web" / "static" / "vendor" / "leaflet-1.9.4" / "LICENSE"
    assert leaflet.is_file()


def test_match_and_map(installed: Path, outside: tuple[Path, dict[str, str]]) -> None:
    folder, env = outside
    match = run(str(installed / "hadcoord"), "match", "Rodez", cwd=folder, env=env)
    assert match.returncode == 0, match.stderr
    assert "Rodez (12202)" in match.stdout
    assert "HAD du CH d'Albi" in match.stdout
    drawn = run(str(installed / "hadcoord"), "map", "--out", "carte.html", cwd=folder, env=env)
    assert drawn.returncode == 0, drawn.stderr
    page = (folder / "carte.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Sans HAD autorisée" in page


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture
def served(installed: Path, outside: tuple[Path, dict[str, str]]) -> Iterator[str]:
    """`hadcoord db upgrade` then `hadcoord serve` on a free loopback port; stopped after."""
    folder, env = outside
    upgraded = run(str(installed / "hadcoord"), "db", "upgrade", cwd=folder, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    port = free_port()
    log = (folder / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([str(installed / "hadcoord"), "serve", "--host", "127.0.0.1",
                               "--port", str(port)], cwd=folder, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while server.poll() is None and time.monotonic() < deadline:
            try:
                get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_serve(served: str) -> None:
    status, health = get(f"{served}/healthz")
    assert (status, json.loads(health)) == (200, {"status": "ok"})
    status, login = get(f"{served}/login")
    assert status == 200
    assert "csrf_token" in login  # the template shipped in the wheel
    assert get(f"{served}/static/hadcoord.css")[0] == 200
