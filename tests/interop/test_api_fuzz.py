"""Schemathesis against a live server (waitress on loopback) with a coordinator's and an HAD
nurse's sessions: 0 answers ≥ 500 and every answer as the OpenAPI document says.

Two runs of the same plan. The quick one (part of every run, ``make test-fast`` too) draws a few
cases per operation, generation mode and user; the long one (``slow`` marker) draws
``HADCOORD_FUZZ_EXAMPLES`` cases (default 300) within ``HADCOORD_FUZZ_BUDGET_S`` seconds for the
whole run (default 900; an operation's slice left unused passes to the next ones; what the
budget cuts is counted and printed). Patient routes
are also fuzzed on a real patient of the nurse's HAD, so that their 200/201 answers are checked
too, not only their 404s. The counts are printed (``-s``).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hadcoord.services.accounts import create_user
from hadcoord.store import open_session
from tests.interop.live import serving, signed_in
from tests.support.patients import at_home_patient
from tests.support.web import NURSE_HAD, PASSWORD

QUICK_EXAMPLES = 8
QUICK_BUDGET_S = 30.0
LONG_EXAMPLES = int(os.environ.get("HADCOORD_FUZZ_EXAMPLES", "300"))
LONG_BUDGET_S = float(os.environ.get("HADCOORD_FUZZ_BUDGET_S", "900"))
Operation = schemathesis.APIOperation[Any, Any, Any, Any]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


class OutOfTimeError(Exception):
    """The operation's time slice is used up: its remaining examples are not run."""


@dataclass
class Run:
    """What the run did: cases per operation, statuses, failures; its time slices."""

    examples: int
    budget_s: float
    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    slices_cut: int = 0  # runs whose examples the time slice cut short
    started: float = field(default_factory=time.monotonic)
    slice_end: float = 0.0

    def next_slice(self, runs_left: int) -> None:
        """This run's slice: an equal share of what is left (unused time passes on)."""
        now = time.monotonic()
        self.slice_end = now + (self.started + self.budget_s - now) / runs_left

    def over_budget(self) -> bool:
        return time.monotonic() > self.slice_end


@dataclass
class Live:
    url: str
    users: dict[str, requests.Session]
    patient_id: int


@pytest.fixture
def live(database_url: str) -> Iterator[Live]:
    """The app on the test database (PostgreSQL too in CI), a nurse's patient at home."""
    url = database_url
    with open_session(url) as session:
        for role in ("coordinator", "had_nurse"):
            create_user(session, f"{role}@example.fr", role, PASSWORD,
                        NURSE_HAD if role == "had_nurse" else None)
        patient_id = at_home_patient(session, "P-FUZZ01", NURSE_HAD).id
        session.commit()
    with serving(url, {"HADCOORD_SECURITY_API_REQUESTS_PER_MINUTE": "100000"}) as base:
        users = {role: signed_in(base, f"{role}@example.fr", PASSWORD)
                 for role in ("coordinator", "had_nurse")}
        yield Live(base, users, patient_id)
        for user in users.values():
            user.close()


def _exercise(run: Run, live: Live, operation: Operation, role: str, *,
              mode: GenerationMode, fixed: dict[str, int]) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

    # No shrinking: a failure is reported as it was found (the run stays within its budget).
    @settings(max_examples=run.examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def fuzz(case: Case[Any]) -> None:
        if run.over_budget():
            raise OutOfTimeError
        response = case.call(base_url=live.url, session=live.users[role], timeout=30)
        run.cases[operation.label] += 1
        run.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as error:  # a failure, or a group
            run.failures.append(f"{role} {mode.value} {operation.label} → "
                                f"{response.status_code}: {str(error)[:400]}")

    try:
        fuzz()
    except OutOfTimeError:
        run.slices_cut += 1


def _plan(schema: schemathesis.BaseSchema,
          patient_id: int) -> list[tuple[Operation, str, GenerationMode, dict[str, int]]]:
    """Each operation as both users with valid data; as the user the operation is for with
    invalid data; patient routes also on the real patient."""
    runs: list[tuple[Operation, str, GenerationMode, dict[str, int]]] = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        patient_route = "{patient_id}" in operation.path
        for role in ("coordinator", "had_nurse"):
            runs.append((operation, role, GenerationMode.POSITIVE, {}))
            if patient_route:
                runs.append((operation, role, GenerationMode.POSITIVE,
                             {"patient_id": patient_id}))
        runs.append((operation, "had_nurse" if patient_route else "coordinator",
                     GenerationMode.NEGATIVE, {}))
    return runs


def _fuzz_all(live: Live, examples: int, budget_s: float) -> Run:
    document = live.users["coordinator"].get(f"{live.url}/api/openapi.json", timeout=10).json()
    runs = _plan(schemathesis.openapi.from_dict(document), live.patient_id)
    run = Run(examples, budget_s)
    for done, (operation, role, mode, fixed) in enumerate(runs):
        run.next_slice(len(runs) - done)
        _exercise(run, live, operation, role, mode=mode, fixed=fixed)
    elapsed = time.monotonic() - run.started
    print(f"\nschemathesis: {len(run.cases)} operations × up to {examples} examples "
          f"({len(runs)} runs: users × generation modes), "
          f"{sum(run.cases.values())} cases in {elapsed:.1f} s "
          f"({run.slices_cut} of {len(runs)} runs cut by their time slice), "
          f"by operation {dict(run.cases)}, "
          f"statuses {dict(sorted(run.statuses.items()))}, "
          f"{sum(n for s, n in run.statuses.items() if s >= 500)} × 5xx, "
          f"{len(run.failures)} failures")
    for failure in run.failures[:20]:
        print("  ", failure)
    assert not [s for s in run.statuses if s >= 500]
    assert run.failures == []
    assert len(run.cases) == len(document["paths"]) + 1  # checks: GET and POST
    return run


def test_schemathesis_quick_run_finds_no_server_error(live: Live) -> None:
    """A few cases per operation, in every run of the suite."""
    run = _fuzz_all(live, QUICK_EXAMPLES, QUICK_BUDGET_S)
    assert all(count >= 3 for count in run.cases.values())


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_deviation(live: Live) -> None:
    """The long run: ``HADCOORD_FUZZ_EXAMPLES`` cases per operation, user and mode."""
    run = _fuzz_all(live, LONG_EXAMPLES, LONG_BUDGET_S)
    assert all(count >= 5 for count in run.cases.values())
