"""A bounded fuzzer (hypothesis) against every route, signed in as each role: no 5xx.

Path ids, query parameters, form fields and JSON bodies are drawn from hostile values (huge
and negative integers, far dates, long, empty and control-character strings, deep JSON). The
counts per status are printed (``pytest -m security -s``); 0 answers ≥ 500 is the assertion.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.web import ROLES, ClientAs, csrf_token

pytestmark = pytest.mark.security
PARAMETERS = ["q", "commune", "date", "scenario", "from", "to", "patient", "jour", "next",
              "limit", "department", "option", "done", "code", "session"]
# Routes that would end the fuzzing session or change the accounts under test.
SKIPPED = {"/logout", "/compte/sessions/fermer", "/admin/users/<int:user_id>",
           "/compte/mot-de-passe"}
HOSTILE = st.sampled_from([
    "9999-12-31", "9999-12-25", "0000-01-01", "2147483648", "9223372036854775808", "-1",
    "1e309", "nan", "", " ", "%00", "\x00", "../../etc/passwd", "<script>x</script>",
    "'; DROP TABLE users; --", "a" * 101, "é" * 3000, "2026-02-30", "24:61", "mon-thu"])
TEXT = st.one_of(HOSTILE, st.text(max_size=120))
IDS = st.one_of(st.integers(min_value=0, max_value=2**64), st.sampled_from([1, 2, 2**31]))
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["temperature_c", "pump", "line", "recorded_at", "spo2",
                                 "volume_left_ml", "running", "x"]), inner, max_size=5)),
    max_leaves=20)
STATUSES: Counter[int] = Counter()


def _routes(app: Flask) -> list[tuple[str, set[str]]]:
    return sorted((rule.rule, set(rule.methods or ()) & {"GET", "POST"})
                  for rule in app.url_map.iter_rules()
                  if rule.endpoint != "static" and rule.rule not in SKIPPED)


def _path(rule: str, draw: Any) -> str:
    return re.sub(r"<int:\w+>", lambda _m: str(draw(IDS)), rule)


def _fuzz(client: FlaskClient, token: str, routes: list[tuple[str, set[str]]],
          data: st.DataObject) -> list[tuple[str, str, int]]:
    errors = []
    for rule, methods in routes:
        path = _path(rule, data.draw)
        params = data.draw(st.dictionaries(st.sampled_from(PARAMETERS), TEXT, max_size=3))
        if "GET" in methods:
            status = client.get(path, query_string=params).status_code
            STATUSES[status] += 1
            if status >= 500:
                errors.append(("GET", path, status))
        if "POST" in methods:
            form = data.draw(st.dictionaries(st.text(max_size=20), TEXT, max_size=4))
            status = client.post(path, query_string=params,
                                 data={**form, "csrf_token": token}).status_code
            STATUSES[status] += 1
            if path.startswith("/api/"):
                body = data.draw(JSON)
                status = max(status, client.post(path, json=body).status_code)
                STATUSES[status] += 1
            if status >= 500:
                errors.append(("POST", path, status))
    return errors


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_a_server_error(app: Flask, client_as: ClientAs, role: str) -> None:
    client = client_as(role)
    token = csrf_token(client.get("/compte/mot-de-passe").get_data(as_text=True))
    routes = _routes(app)
    found: list[tuple[str, str, int]] = []

    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        found.extend(_fuzz(client, token, routes, data))

    fuzz()
    print(f"\nfuzz {role}: {sum(STATUSES.values())} requests so far, "
          f"statuses {dict(sorted(STATUSES.items()))}")
    assert found == []
