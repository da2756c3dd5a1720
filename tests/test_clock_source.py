"""One clock: no module but hadcoord/clock.py reads the system's time or names the zone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import hadcoord

PACKAGE = Path(hadcoord.__file__).parent
CLOCK = PACKAGE / "clock.py"
# What `grep -rn "date.today()\|datetime.now(" hadcoord` finds (the issue's own check).
GREP = re.compile(r"date.today\(\)|datetime.now\(")
SYSTEM_TIME = {("date", "today"), ("datetime", "today"), ("datetime", "now"),
               ("datetime", "utcnow")}


def sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != CLOCK)


def _owner(node: ast.expr) -> str:
    """``date`` for ``date``, ``dt.date`` and ``datetime.date``."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def system_time_calls(path: Path) -> list[str]:
    """``file:line`` of each call to date.today(), datetime.now() / today() / utcnow()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and (_owner(node.func.value), node.func.attr) in SYSTEM_TIME):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_the_sources_are_parsed() -> None:
    assert len(sources()) > 50
    assert system_time_calls(CLOCK)  # the detector sees the clock's own call


def test_no_module_but_the_clock_reads_the_system_time() -> None:
    assert [call for path in sources() for call in system_time_calls(path)] == []


def test_the_issue_grep_finds_nothing_outside_the_clock() -> None:
    hits = [f"{path}:{number}" for path in sources()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if GREP.search(line)]
    assert hits == []


def zone_names(path: Path) -> list[str]:
    """``file:line`` of each ``"Europe/Paris"`` literal or ``ZoneInfo("…")`` call."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        literal = isinstance(node, ast.Constant) and node.value == "Europe/Paris"
        zone = (isinstance(node, ast.Call) and _owner(node.func) == "ZoneInfo" and node.args
                and isinstance(node.args[0], ast.Constant))
        if literal or zone:
            found.append(f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}")
    return found


def test_the_zone_is_named_once() -> None:
    assert zone_names(CLOCK)
    assert [name for path in sources() for name in zone_names(path)] == []
