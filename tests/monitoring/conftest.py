"""Fixtures of the daily-check tests: a normal check, changed field by field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from hadcoord.monitoring import DailyCheck, parse_check
from tests.support.documents import apply_changes

NORMAL: dict[str, Any] = {
    "temperature_c": 36.8,
    "heart_rate": 78,
    "systolic_bp": 124,
    "diastolic_bp": 76,
    "spo2": 98,
    "respiratory_rate": 16,
    "oxygen": "none",
    "vasopressors": 0,
    "consciousness": "alert",
    "seizure": "none",
    "line": {"redness": False, "heat": False, "swelling": False, "discharge": False},
    "pump": {
        "running": True,
        "alarm": False,
        "volume_left_ml": 120.0,
        "expected_volume_left_ml": 120.0,
        "programmed_rate_ml_h": 2.5,
        "prescribed_rate_ml_h": 2.5,
    },
    "writing_test": "normal",
}

CheckDict = Callable[..., dict[str, Any]]
MakeCheck = Callable[..., DailyCheck]


def _changed(**changes: Any) -> dict[str, Any]:
    """A copy of the normal check with ``changes`` applied."""
    return apply_changes(copy.deepcopy(NORMAL), changes)


@pytest.fixture(scope="session")
def check_dict() -> CheckDict:
    """Factory of check documents (the JSON input of `hadcoord triage`)."""
    return _changed


@pytest.fixture(scope="session")
def make_check() -> MakeCheck:
    """Factory of parsed `DailyCheck` objects."""

    def make(**changes: Any) -> DailyCheck:
        return parse_check(_changed(**changes))

    return make
