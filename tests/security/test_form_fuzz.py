"""Every HTML form fuzzed from its own field definitions (issue 11, ASVS 5.1.3/5.1.4).

The strategies come from the WTForms classes (tests/security/form_schema.py): each submission
is all-valid or has exactly one field broken on purpose. Whatever is drawn, the answer is never
5xx; a broken field is refused (400/409/422) with a French message on the page and nothing
saved (every table but the audit trail, sessions and counters is compared before and after).
``HADCOORD_FORM_FUZZ_EXAMPLES`` sets the examples per form (default 12); the counts are printed
(``pytest -m security -s``).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, MetaData, select

import hadcoord.web  # noqa: F401  (every form module imported through the app)
from hadcoord.web.account import PasswordForm
from hadcoord.web.auth import LoginForm
from hadcoord.web.auth_mfa import CodeForm, EnrolForm
from hadcoord.web.check_form import DailyCheckForm, Spo2ScaleForm
from hadcoord.web.directory import ContactForm, DayHospitalForm, ImportForm
from hadcoord.web.fields import FrenchForm
from hadcoord.web.letters import LetterForm
from hadcoord.web.pathway_forms import (
    AnswerForm,
    CalendarForm,
    CycleForm,
    EndForm,
    InterruptionForm,
    RequestSentForm,
    StepForm,
    SwitchForm,
)
from hadcoord.web.patient_form import PatientForm
from hadcoord.web.reauth import ConfirmForm
from tests.security.form_schema import Submission, form_schema, submissions
from tests.support.web import ClientAs, csrf_token

pytestmark = pytest.mark.security
EXAMPLES = int(os.environ.get("HADCOORD_FORM_FUZZ_EXAMPLES", "12"))
# Written by any request, refused or not: the audit trail, sessions, counters, and the plan
# summaries a page render refreshes from the pathway (a cache, not the user's input).
UNSAVED_TABLES = {"audit_events", "audit_chain", "user_sessions", "login_throttles",
                  "rate_counters", "heartbeats", "alembic_version", "plan_summaries",
                  "plan_home_periods"}
MESSAGES = re.compile(r'class="(?:field-error|flash flash-error|error-message)"[^>]*>(.*?)</p>',
                      re.S)
# WTForms' English defaults: a message still in English means a field lost its French text.
ENGLISH = re.compile(r"\b(?:This field|Not a valid|Invalid [Cc]hoice|Field must|must be|"
                     r"is required|Number must)\b")
# A failure is reported as found: shrinking a web form fuzz case takes minutes.
NO_SHRINK = [Phase.explicit, Phase.generate]
COMMUNES = st.sampled_from(["Rodez", "Cahors", "Albi", "Toulouse", "Figeac", "zzzz", "12202"])


@dataclass(frozen=True)
class Target:
    """A form, the route it posts to (``{patient}``: the nurse's HAD patient) and its user."""

    form: type[FlaskForm]
    path: str
    role: str = "coordinator"
    prefix: str = ""
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    overrides: dict[str, st.SearchStrategy[str]] = field(default_factory=dict)


CHANGE_DAYS = ("mon-thu", "tue-fri", "wed-sat", "thu-mon", "fri-tue")
TARGETS = [
    Target(PatientForm, "/patients/new", overrides={"commune": COMMUNES}),
    Target(PatientForm, "/patients/{patient}/edit", overrides={"commune": COMMUNES}),
    Target(DailyCheckForm, "/patients/{patient}/surveillance/nouveau", role="had_nurse"),
    Target(Spo2ScaleForm, "/patients/{patient}/surveillance/echelle-spo2"),
    Target(CalendarForm, "/patients/{patient}/calendrier", choices={"change_days": CHANGE_DAYS}),
    Target(InterruptionForm, "/patients/{patient}/interruption"),
    Target(RequestSentForm, "/patients/{patient}/parcours/demande", prefix="request"),
    Target(AnswerForm, "/patients/{patient}/parcours/reponse", prefix="answer"),
    Target(SwitchForm, "/patients/{patient}/parcours/option", prefix="switch"),
    Target(StepForm, "/patients/{patient}/parcours/confirmation", prefix="confirm"),
    Target(StepForm, "/patients/{patient}/parcours/domicile", prefix="home"),
    Target(CycleForm, "/patients/{patient}/parcours/cycle", prefix="cycle"),
    Target(EndForm, "/patients/{patient}/parcours/fin", prefix="end"),
    Target(ContactForm, "/annuaire/0"),
    Target(DayHospitalForm, "/annuaire/hopital-de-jour"),
]
# Forms not fuzzed here, each for a reason, each covered elsewhere.
NOT_FUZZED = {
    LoginForm: "throttled sign-in: tests/security/test_login_protection.py",
    ConfirmForm: "throttled like sign-in (a wrong password answers 401 and counts): "
                 "tests/security/test_reauthentication.py",
    PasswordForm: "would change the password under test: tests/security/test_accounts.py",
    CodeForm: "second factor, off for these users: tests/security/test_two_factor.py",
    EnrolForm: "second-factor enrolment: tests/security/test_two_factor.py",
    ImportForm: "a CSV upload: tests/web/test_directory.py",
    LetterForm: "needs a letter task; its text bound: tests/security/test_attack_holes.py",
}
STATUSES: Counter[str] = Counter()


def _all_forms() -> set[type]:
    found: set[type] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("hadcoord.") and form is not FrenchForm:
            found.add(form)
    return found


def test_every_form_of_the_app_is_fuzzed_or_excused() -> None:
    covered = {target.form for target in TARGETS} | set(NOT_FUZZED)
    assert {form.__name__ for form in _all_forms() - covered} == set()
    assert set(NOT_FUZZED).isdisjoint(target.form for target in TARGETS)


def test_the_schema_is_read_from_the_form_declaration() -> None:
    """The strategies follow the declared validators (a check on the derivation itself)."""
    fields = {f.name: f for f in form_schema(PatientForm)}
    assert fields["last_name"].required
    assert fields["last_name"].max_length == 100
    assert fields["weight_kg"].kind == "number"
    assert (fields["weight_kg"].low, fields["weight_kg"].high) == (20, 250)
    assert fields["sex"].choices == ("F", "M")
    assert fields["sex"].required
    assert fields["phone"].pattern
    assert not fields["phone"].required
    assert fields["submission_key"].max_length == 36
    check = {f.name: f for f in form_schema(DailyCheckForm)}
    assert check["heart_rate"].kind == "integer"
    assert check["neuro_signs"].kind == "choices"
    prefixed = {f.name for f in form_schema(CycleForm, prefix="cycle")}
    assert prefixed == {"cycle-cycle", "cycle-note"}


def _snapshot(engine: Engine) -> str:
    """A digest of every saved row (the tables a refused form must leave as they were)."""
    metadata = MetaData()
    metadata.reflect(engine)
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for name in sorted(set(metadata.tables) - UNSAVED_TABLES):
            rows = connection.execute(select(metadata.tables[name])).all()
            digest.update(f"{name}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()


def _messages(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in MESSAGES.findall(page)]


def _check_answer(target: Target, sent: Submission, status: int, page: str,
                  unchanged: bool) -> list[str]:
    problems = []
    if status >= 500:
        problems.append(f"{status} for {sent.data!r}")
    if sent.broken is not None:
        shown = _messages(page)
        if status not in (400, 409, 422):
            problems.append(f"broken {sent.broken} → {status}, not refused: {sent.data!r}")
        elif not shown:
            problems.append(f"broken {sent.broken} → {status} without a message")
        elif any(ENGLISH.search(text) for text in shown):
            problems.append(f"broken {sent.broken} → English message {shown}")
        if not unchanged:
            problems.append(f"broken {sent.broken} → something was saved: {sent.data!r}")
    return [f"{target.form.__name__} {target.path}: {p}" for p in problems]


def _fuzz(target: Target, app: Flask, client_as: ClientAs, patient: int) -> list[str]:
    client = client_as(target.role)
    path = target.path.format(patient=patient)
    token = csrf_token(client.get("/compte/mot-de-passe").get_data(as_text=True))
    engine = app.extensions["hadcoord"]["engine"]
    fields = form_schema(target.form, target.prefix, target.choices)
    problems: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=NO_SHRINK,
              suppress_health_check=list(HealthCheck))
    @given(sent=submissions(fields, target.overrides))
    def fuzz(sent: Submission) -> None:
        before = _snapshot(engine) if sent.broken is not None else ""
        data: dict[str, Any] = {**sent.data, "csrf_token": token}
        response = client.post(path, data=data)
        STATUSES[f"{response.status_code}{' broken' if sent.broken else ''}"] += 1
        unchanged = sent.broken is None or _snapshot(engine) == before
        problems.extend(_check_answer(target, sent, response.status_code,
                                      response.get_data(as_text=True), unchanged))

    fuzz()
    return problems


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t.form.__name__}:{t.path}")
def test_a_fuzzed_form_never_fails_and_refuses_what_its_fields_refuse(
        target: Target, app: Flask, client_as: ClientAs, patients: dict[str, int]) -> None:
    problems = _fuzz(target, app, client_as, patients["mine"])
    print(f"\nform fuzz {target.form.__name__} {target.path}: "
          f"statuses so far {dict(sorted(STATUSES.items()))}")
    assert problems == []
