"""Schemathesis against a live server (waitress on loopback) with a coordinator's and an HAD
nurse's sessions: 0 answers ≥ 500 and every answer as the OpenAPI document says.

Bounded: ``MAX_EXAMPLES`` cases per operation, generation mode and user, within
``TIME_BUDGET_S`` for the whole run (the rest is skipped, and the counts say so). Patient routes
are also fuzzed on a real patient of the nurse's HAD, so that their 200/201 answers are checked
too, not only their 404s. The counts are printed (``-s``).
"""

from __future__ import annotations

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

MAX_EXAMPLES = 40
TIME_BUDGET_S = 35.0
Operation = schemathesis.APIOperation[Any, Any, Any, Any]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


class OutOfTimeError(Exception):
    """The operation's time slice is used up: its remaining examples are not run."""


@dataclass
class Run:
    """What the run did: cases per operation, statuses, failures; its time slices."""

    slice_s: float
    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    slices_cut: int = 0  # operations whose examples the time slice cut short
    slice_end: float = 0.0

    def next_slice(self) -> None:
        self.slice_end = time.monotonic() + self.slice_s

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
    run.next_slice()

    # No shrinking: a failure is reported as it was found (the run stays within its budget).
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
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


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_deviation(live: Live) -> None:
    document = live.users["coordinator"].get(f"{live.url}/api/openapi.json", timeout=10).json()
    runs = _plan(schemathesis.openapi.from_dict(document), live.patient_id)
    run = Run(slice_s=TIME_BUDGET_S / len(runs))
    started = time.monotonic()
    for operation, role, mode, fixed in runs:
        _exercise(run, live, operation, role, mode=mode, fixed=fixed)
    elapsed = time.monotonic() - started
    print(f"\nschemathesis: {sum(run.cases.values())} cases in {elapsed:.1f} s "
          f"({run.slices_cut} of {len(runs)} runs cut by their time slice), "
          f"by operation {dict(run.cases)}, "
          f"statuses {dict(sorted(run.statuses.items()))}, "
          f"{sum(n for s, n in run.statuses.items() if s >= 500)} × 5xx")
    assert not [s for s in run.statuses if s >= 500]
    assert run.failures == []
    assert len(run.cases) == len(document["paths"]) + 1  # checks: GET and POST
    assert all(count >= 5 for count in run.cases.values())
