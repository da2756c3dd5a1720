"""Fixtures of the planning tests: the default protocol and a plan builder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from hadcoord.planning import Plan, PlanRequest, Protocol, build_plan, default_protocol

Build = Callable[..., Plan]


@pytest.fixture(scope="session")
def protocol() -> Protocol:
    """The protocol with its built-in defaults (SmPC / thesis)."""
    return default_protocol()


@pytest.fixture
def build(protocol: Protocol) -> Build:
    """Build a plan from short arguments: build("2026-03-02T10:00", "rr", 2, "mon-thu")."""

    def _build(start: str, indication: str = "rr", cycles: int = 1,
               change_days: str = "mon-thu", closed: tuple[str, ...] = ()) -> Plan:
        request = PlanRequest(start=datetime.fromisoformat(start), indication=indication,
                              cycles=cycles, change_days=change_days,
                              closures=frozenset(date.fromisoformat(d) for d in closed))
        return build_plan(request, protocol)

    return _build
