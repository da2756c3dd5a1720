"""The compiled schema validator (fast path) and the pure-Python one (French messages) agree.

A check the fast path accepts is never inspected again, so a disagreement would let an invalid
document through (or refuse a valid one without a message): random documents, both ways.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hadcoord.monitoring.schema_check import _fast_validator, _validator
from tests.support.patients import NORMAL

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6)


def _paths(document: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for key, value in document.items():
        found.append((*prefix, key))
        if isinstance(value, dict):
            found.extend(_paths(value, (*prefix, key)))
    return found


# A complete, valid document (the service adds the plan's expected volume before validating).
VALID = {**NORMAL, "pump": {**NORMAL["pump"], "expected_volume_left_ml": 120.0}}
PATHS = _paths(VALID)


def _mutated(changes: list[tuple[tuple[str, ...], Any, bool]]) -> dict[str, Any]:
    document = copy.deepcopy(VALID)
    for path, value, delete in changes:
        parent: Any = document
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            continue
        if delete:
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = value
    return document


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES, st.booleans()), max_size=3))
def test_both_validators_agree_on_random_documents(
        changes: list[tuple[tuple[str, ...], Any, bool]]) -> None:
    document = _mutated(changes)
    python_valid = not list(_validator().iter_errors(document))
    assert _fast_validator().is_valid(document) == python_valid


def test_the_normal_check_is_valid_and_a_wrong_type_is_not() -> None:
    assert not list(_validator().iter_errors(VALID))
    assert _fast_validator().is_valid(VALID)
    assert not _fast_validator().is_valid({**VALID, "heart_rate": "150"})
    assert not _fast_validator().is_valid(NORMAL)  # the expected volume is required
