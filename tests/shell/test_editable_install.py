"""`make run` installs the project in place without a build warning (issue 15).

setuptools' default editable mode printed « BuildBackendWarning: Editable installation … Please
be careful with folders in your working directory … » at every `make run`: English text on the
very first screen a new user sees. The Makefile's own options are used here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from hadcoord.config import PROJECT_ROOT

pytestmark = pytest.mark.slow

COPIED = shutil.ignore_patterns(
    ".git", ".venv", ".venv-lock", "build", "*.egg-info", "__pycache__", "tests", "bench",
    "instance", "test-artifacts", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis")


def _makefile_editable_environment() -> dict[str, str]:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r'^EDITABLE_ENV\s*:=\s*(\w+)="(.*)"$', makefile, flags=re.MULTILINE)
    assert found, "the Makefile names the environment of its editable install (EDITABLE_ENV)"
    return {found.group(1): found.group(2)}


def test_the_editable_install_prints_no_warning_and_uses_the_working_tree(
        tmp_path: Path) -> None:
    source, venv = tmp_path / "src", tmp_path / "venv"
    shutil.copytree(PROJECT_ROOT, source, ignore=COPIED)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths(vars={"base": str(venv)})["purelib"])
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python = venv / "bin" / "python"
    environment = {**os.environ, **_makefile_editable_environment()}
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                           "--no-deps", "-e", str(source)], env=environment,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "Warning" not in output, output
    assert "careful" not in output
    where = subprocess.run([str(python), "-c", "import hadcoord; print(hadcoord.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert Path(where.stdout.strip()).resolve().is_relative_to(source.resolve())
