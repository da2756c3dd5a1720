"""The password change and second-factor enrolment forms: every failed rule said on its own,
next to its field, and tied to it for screen readers (aria-describedby)."""

from __future__ import annotations

import html
import re

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.config.security import PATIENT_ROLES
from hadcoord.services.accounts import password_problems
from hadcoord.web import create_app
from tests.support.web import PASSWORD, ClientAs, csrf_token

pytestmark = pytest.mark.security
EMAIL = "coordinator@example.fr"
SHORT = "Court ! "  # 8 characters
TOO_SHORT = "trop court : 12 caractères au moins"
TOO_LONG = "trop long : 128 caractères au plus"
HAS_EMAIL = "ne doit pas contenir l'adresse e-mail"
GUESSABLE = "trop facile à deviner"


def post(client: FlaskClient, current: str, new: str, confirm: str) -> tuple[int, str]:
    token = csrf_token(client.get("/compte/mot-de-passe").get_data(as_text=True))
    response = client.post("/compte/mot-de-passe", data={
        "current": current, "new": new, "confirm": confirm, "csrf_token": token})
    return response.status_code, html.unescape(response.get_data(as_text=True))


def field_errors(page: str, field: str) -> list[str]:
    """The error messages tied to ``field`` by its aria-describedby, in order."""
    tag = re.search(rf'<input[^>]*\bid="{field}"[^>]*>', page)
    assert tag, f"no field {field}"
    described = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    ids = described.group(1).split() if described else []
    messages = []
    for error_id in ids:
        found = re.search(rf'<p[^>]*\bid="{error_id}"[^>]*>(.*?)</p>', page, re.S)
        assert found, f"aria-describedby points to a missing id {error_id}"
        if "field-error" in found.group(0):
            messages.append(" ".join(found.group(1).split()))
    if messages:
        assert 'aria-invalid="true"' in tag.group(0)
    return messages


@pytest.mark.parametrize(
    ("password", "rules"),
    [("court", [TOO_SHORT, GUESSABLE]),
     ("x" * 129, [TOO_LONG]),
     ("coordinator@example.fr-cheval", [HAS_EMAIL]),
     ("azertyuiopqs", [GUESSABLE]),
     ("Coordinator", [TOO_SHORT, HAS_EMAIL, GUESSABLE]),
     ("cheval-agrafe-correct-pile", [])],
)
def test_every_failed_rule_is_listed(password: str, rules: list[str]) -> None:
    problems = password_problems(password, EMAIL)
    assert len(problems) == len(rules)
    for problem, rule in zip(problems, rules, strict=True):
        assert rule in problem


def test_each_rule_is_its_own_message_next_to_the_new_password(client_as: ClientAs) -> None:
    status, page = post(client_as("coordinator"), PASSWORD, "Coordinator", "Coordinator")
    assert status == 422
    errors = field_errors(page, "new")
    assert len(errors) == 3
    assert TOO_SHORT in errors[0].lower()
    assert HAS_EMAIL in errors[1].lower()
    assert GUESSABLE in errors[2].lower()
    assert all(e[0].isupper() and e.endswith(".") for e in errors)


def test_all_fields_errors_come_at_once(client_as: ClientAs) -> None:
    """Wrong current password, weak new one and a different confirmation: three fields, each
    with its own messages, in one answer (not one after the other)."""
    status, page = post(client_as("ars"), "pas-le-bon-mot-de-passe", SHORT, "autre chose")
    assert status == 422
    assert field_errors(page, "current") == ["Mot de passe actuel incorrect."]
    assert len(field_errors(page, "new")) == 2
    assert field_errors(page, "confirm") == ["Les deux saisies diffèrent."]


def test_empty_fields_each_say_so(client_as: ClientAs) -> None:
    status, page = post(client_as("ars"), "", "", "")
    assert status == 422
    for field in ("current", "new", "confirm"):
        assert field_errors(page, field) == ["Champ obligatoire."]


def test_the_rules_hint_is_tied_to_the_new_password(client_as: ClientAs) -> None:
    page = client_as("ars").get("/compte/mot-de-passe").get_data(as_text=True)
    tag = re.search(r'<input[^>]*\bid="new"[^>]*>', page)
    assert tag
    assert 'aria-describedby="password-rules"' in tag.group(0)
    assert 'id="password-rules"' in page
    assert field_errors(page, "new") == []


def test_a_good_password_still_goes_through(client_as: ClientAs) -> None:
    status, _page = post(client_as("ars"), PASSWORD, "cheval-agrafe-correct-pile",
                         "cheval-agrafe-correct-pile")
    assert status == 302


@pytest.fixture
def enrolling(app: Flask, settings: Settings) -> FlaskClient:
    """A coordinator at the enrolment step (second factor required for the role)."""
    security = settings.security.model_copy(update={"mfa_roles": PATIENT_ROLES})
    mfa_app = create_app({"TESTING": True}, settings=settings.model_copy(
        update={"security": security}))
    client = mfa_app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.headers["Location"] == "/connexion/activation"
    return client


def enrol_with(client: FlaskClient, code: str) -> tuple[int, str]:
    page = client.get("/connexion/activation").get_data(as_text=True)
    response = client.post("/connexion/activation",
                           data={"code": code, "csrf_token": csrf_token(page)})
    return response.status_code, html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("code", "messages"),
    [("", ["Saisissez le code."]),
     ("12a4", ["Le code compte 6 chiffres : 4 caractères saisis.",
               "Le code ne contient que des chiffres."]),
     ("1234567", ["Le code compte 6 chiffres : 7 caractères saisis."]),
     ("12345a", ["Le code ne contient que des chiffres."])],
)
def test_enrolment_code_rules_each_said_next_to_the_field(
        enrolling: FlaskClient, code: str, messages: list[str]) -> None:
    status, page = enrol_with(enrolling, code)
    assert status == 422
    assert field_errors(page, "code") == messages


def test_a_well_formed_wrong_code_is_refused_next_to_the_field(
        enrolling: FlaskClient) -> None:
    status, page = enrol_with(enrolling, "000000")
    assert status == 401
    assert field_errors(page, "code") == ["Code incorrect ou déjà utilisé."]


def test_spaces_in_the_code_are_allowed(enrolling: FlaskClient) -> None:
    page = enrolling.get("/connexion/activation").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page)
    assert secret
    code = pyotp.TOTP(secret.group(1)).at(clock.utc_now())
    status, _body = enrol_with(enrolling, f"{code[:3]} {code[3:]}")
    assert status == 200
