"""The domain core (geo, coverage, planning, monitoring, maps) is pure Python: it imports no web
framework, no database layer and nothing of the app's web, CLI, jobs, store or services (the
design: core decisions testable without Flask or SQLAlchemy; web, CLI and jobs stay thin)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "hadcoord"
CORE = ("geo", "coverage", "planning", "monitoring", "maps")
FORBIDDEN = ("flask", "flask_login", "flask_wtf", "werkzeug", "wtforms", "sqlalchemy", "alembic",
             "hadcoord.web", "hadcoord.cli", "hadcoord.jobs", "hadcoord.store",
             "hadcoord.services")


def _imports(source: str, package: str) -> list[str]:
    """The modules ``source`` (a module of ``package``) imports, relative imports resolved."""
    tree = ast.parse(source)
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            names.append(f"{base}.{node.module}" if base and node.module else
                         node.module or base)
    return names


def _package_of(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])


def _forbidden(name: str) -> bool:
    return any(name == top or name.startswith(f"{top}.") for top in FORBIDDEN)


@pytest.mark.parametrize("layer", CORE)
def test_the_core_imports_no_framework_nor_outer_layer(layer: str) -> None:
    found = {f"{path.relative_to(PACKAGE)}: {name}"
             for path in sorted((PACKAGE / layer).rglob("*.py"))
             for name in _imports(path.read_text(encoding="utf-8"), _package_of(path))
             if _forbidden(name)}
    assert found == set()


def test_the_guard_sees_forbidden_imports_however_written() -> None:
    source = ("import flask\nfrom sqlalchemy.orm import Session\nfrom ..store import Patient\n"
              "from hadcoord.coverage.model import Basis\nfrom . import rules\n")
    found = [name for name in _imports(source, "hadcoord.coverage") if _forbidden(name)]
    assert found == ["flask", "sqlalchemy.orm", "hadcoord.store"]
