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
TIMESTAMP_AND_ZONE = 2  # datetime.fromtimestamp(t, tz)


def sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != CLOCK)


def _owner(node: ast.expr) -> str:
    """``date`` for ``date``, ``dt.date`` and ``datetime.date``."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _in_the_server_zone(call: ast.Call, name: str) -> bool:
    """``x.astimezone()``, ``datetime.fromtimestamp(t)``, ``time.localtime()``: the server's
    own time zone."""
    if name == "astimezone":
        return not call.args and not call.keywords
    if name == "fromtimestamp":
        return len(call.args) < TIMESTAMP_AND_ZONE and not call.keywords
    return name in {"localtime", "mktime"}


def system_time_lines(code: str) -> list[int]:
    """Lines calling date.today(), datetime.now() / today() / utcnow(), or converting a time in
    the server's own zone."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if (_owner(node.func.value), name) in SYSTEM_TIME or _in_the_server_zone(node, name):
            found.append(node.lineno)
    return sorted(found)


def test_the_detector_finds_system_time_and_server_zone_reads() -> None:
    code = ("moment.astimezone()\nmoment.astimezone(PARIS)\ndatetime.fromtimestamp(t)\n"
            "datetime.fromtimestamp(t, PARIS)\ntime.localtime()\ndt.date.today()\n"
            "datetime.now(UTC)\nclock.today()\n")
    assert system_time_lines(code) == [1, 3, 5, 6, 7]
    assert system_time_lines(CLOCK.read_text(encoding="utf-8"))  # the clock's own call


def test_no_module_but_the_clock_reads_the_system_time() -> None:
    assert len(sources()) > 50
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}" for path in sources()
             for line in system_time_lines(path.read_text(encoding="utf-8"))]
    assert found == []


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
