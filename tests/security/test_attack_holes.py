"""The holes found by the attack on a running copy (issue 11), one regression test each."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.services.accounts import create_user
from hadcoord.store import AuditEvent, DailyCheckRecord
from tests.support.checks import MakeDocument
from tests.support.web import PASSWORD, Sessions, csrf_token, login

pytestmark = pytest.mark.security
Client = Callable[[str], FlaskClient]


def test_idempotency_key_of_another_nurse_never_returns_her_patient(
        app: Flask, sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    with sessions() as session:
        create_user(session, "nurse-albi@example.fr", "had_nurse", PASSWORD, "had-ch-albi")
        session.commit()
    mine = client_as("had_nurse").post(f"/api/patients/{patients['mine']}/checks",
                                       json=check_doc(), headers={"Idempotency-Key": "k-1"})
    assert mine.status_code == 201
    other_nurse = app.test_client()
    assert login(other_nurse, "nurse-albi@example.fr") == 302
    theirs = other_nurse.post(f"/api/patients/{patients['other']}/checks", json=check_doc(),
                              headers={"Idempotency-Key": "k-1"})
    assert theirs.status_code == 201, theirs.get_json()
    assert theirs.get_json()["patient_id"] == patients["other"]
    with sessions() as session:
        stored = session.scalars(select(DailyCheckRecord.patient_id)).all()
    assert sorted(stored) == sorted([patients["mine"], patients["other"]])
    again = other_nurse.post(f"/api/patients/{patients['other']}/checks", json=check_doc(),
                             headers={"Idempotency-Key": "k-1"})
    assert again.status_code == 200
    assert again.get_json()["patient_id"] == patients["other"]


@pytest.mark.parametrize("target", ["/%09/evil.example/phish", "//evil.example/x",
                                    "/%5Cevil.example", "https://evil.example/",
                                    "/%0a/evil.example", "javascript:alert(1)"])
def test_login_never_redirects_to_another_site(app: Flask, target: str) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(f"/login?next={target}", data={
        "email": "coordinator@example.fr", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/tableau-de-bord", location  # the coordinator's landing page


def test_login_keeps_a_same_site_next(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/patients/%3Fx%3D1", data={
        "email": "coordinator@example.fr", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/patients/?x=1"


def test_a_huge_commune_query_is_refused_at_once(client_as: Client) -> None:
    client = client_as("coordinator")
    started = time.perf_counter()
    response = client.get("/api/communes", query_string={"q": "a" * 200_000})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    assert "100 caractères" in response.get_json()["error"]
    assert elapsed < 2.0  # generous: the attack took 151 s; answered before any search
    assert client.get("/api/communes", query_string={"q": "a" * 101}).status_code == 400
    assert client.get("/api/match", query_string={"commune": "x" * 101}).status_code == 400
    assert client.get("/api/communes", query_string={"q": "Rodez"}).status_code == 200


def test_bodies_and_fields_are_bounded(client_as: Client, patients: dict[str, int]) -> None:
    nurse = client_as("had_nurse")
    url = f"/api/patients/{patients['mine']}/checks"
    big = nurse.post(url, data=b"[" + b" " * (1536 * 1024) + b"]",
                     content_type="application/json")
    assert big.status_code == 413
    form = client_as("coordinator").get("/patients/new").get_data(as_text=True)
    long_field = client_as("coordinator").post("/patients/new", data={
        "csrf_token": csrf_token(form), "gp_name": "x" * 20_000})
    assert long_field.status_code == 400


def test_a_deeply_nested_json_body_is_a_400(client_as: Client,
                                            patients: dict[str, int]) -> None:
    nurse = client_as("had_nurse")
    response = nurse.post(f"/api/patients/{patients['mine']}/checks",
                          data="[" * 1000 + "]" * 1000, content_type="application/json")
    assert response.status_code == 400
    assert "imbriqué" in response.get_json()["error"]


def test_the_json_api_is_rate_limited_per_user(app: Flask, client_as: Client,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    settings = app.extensions["hadcoord"]["settings"]
    security = settings.security.model_copy(update={"api_requests_per_minute": 5})
    monkeypatch.setitem(app.extensions["hadcoord"], "settings",
                        settings.model_copy(update={"security": security}))
    ars = client_as("ars")
    statuses = [ars.get("/api/communes?q=Rodez").status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]
    limited = ars.get("/api/communes?q=Rodez")
    assert 1 <= int(limited.headers["Retry-After"]) <= 61
    assert client_as("coordinator").get("/api/communes?q=Rodez").status_code == 200  # per user


def test_the_fhir_api_shares_the_rate_limit(app: Flask, client_as: Client,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """/fhir was outside the limit: an account could pull the directory without bound."""
    settings = app.extensions["hadcoord"]["settings"]
    security = settings.security.model_copy(update={"api_requests_per_minute": 4})
    monkeypatch.setitem(app.extensions["hadcoord"], "settings",
                        settings.model_copy(update={"security": security}))
    ars = client_as("ars")
    statuses = [ars.get("/fhir/Organization").status_code for _ in range(3)]
    statuses.append(ars.get("/api/communes?q=Rodez").status_code)  # one budget for both
    assert statuses == [200, 200, 200, 200]
    limited = ars.get("/fhir/HealthcareService")
    assert limited.status_code == 429
    assert limited.mimetype == "application/fhir+json"
    outcome = limited.get_json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == "throttled"
    assert "Trop de requêtes : 4 par minute au plus" in outcome["issue"][0]["diagnostics"]
    assert 1 <= int(limited.headers["Retry-After"]) <= 61


@pytest.mark.parametrize("path", [
    "/patients/9223372036854775808", "/patients/2147483648", "/patients/2147483648/parcours",
    "/api/patients/9223372036854775808/plan", "/patients/1/courrier/9223372036854775808"])
def test_huge_ids_are_404_not_500(client_as: Client, path: str) -> None:
    assert client_as("coordinator").get(path).status_code == 404


@pytest.mark.parametrize(("role", "path"), [
    ("admin", "/admin/audit?patient=9223372036854775808"),
    ("admin", "/admin/audit?patient=2147483648"),
    ("admin", "/admin/audit?patient=-1"),
    ("pharmacist", "/pharmacie/?from=9999-12-25"),
    ("pharmacist", "/pharmacie/preparations.csv?from=9999-12-25"),
    ("pharmacist", "/pharmacie/?from=2026-01-01&to=2099-01-01"),
])
def test_out_of_range_parameters_are_400_not_500(client_as: Client, role: str,
                                                 path: str) -> None:
    assert client_as(role).get(path).status_code == 400


def test_calendar_start_in_year_9999_is_refused_next_to_the_field(
        sessions: Sessions, client_as: Client) -> None:
    from tests.web.test_pathways import add_patient, choose, plan

    coordinator = client_as("coordinator")
    patient_id = add_patient(sessions, "12202")
    choose(coordinator, patient_id)
    response = plan(coordinator, patient_id, start_date="9999-12-01")
    assert response.status_code == 422
    assert "Date hors des limites" in response.get_data(as_text=True)


def test_forged_hidden_keys_longer_than_their_columns_are_refused(
        client_as: Client, patients: dict[str, int]) -> None:
    coordinator = client_as("coordinator")
    page = coordinator.get("/patients/new").get_data(as_text=True)
    response = coordinator.post("/patients/new", data={
        "csrf_token": csrf_token(page), "last_name": "FICTIF", "first_name": "Zoé",
        "birth_date": "1970-01-01", "sex": "F", "commune": "Rodez", "commune_code": "12202",
        "indication": "rr", "weight_kg": "70", "submission_key": "k" * 37})
    assert response.status_code == 422
    nurse = client_as("had_nurse")
    url = f"/patients/{patients['mine']}/surveillance/nouveau"
    form = nurse.get(url).get_data(as_text=True)
    forged = nurse.post(url, data={"csrf_token": csrf_token(form), "submission_key": "k" * 65})
    assert forged.status_code == 422


def test_security_headers(app: Flask, client_as: Client) -> None:
    response = client_as("ars").get("/ars/carte?date=2018-01-15")
    policy = response.headers["Content-Security-Policy"]
    assert "base-uri 'none'" in policy
    assert "form-action 'self'" in policy
    page = app.test_client().get("/login")
    assert "base-uri 'none'" in page.headers["Content-Security-Policy"]
    assert "camera=()" in page.headers["Permissions-Policy"]
    assert "Server" not in page.headers
    assert "Strict-Transport-Security" not in page.headers  # plain HTTP: no HSTS


def test_hsts_when_served_over_https(settings: object) -> None:
    from hadcoord.web import create_app

    web = settings.web.model_copy(update={"https": True})  # type: ignore[attr-defined]
    https_app = create_app({"TESTING": True}, settings=settings.model_copy(  # type: ignore[attr-defined]
        update={"web": web}))
    response = https_app.test_client().get("/login", base_url="https://localhost")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_failed_login_audit_never_stores_an_unknown_typed_identifier(
        app: Flask, sessions: Sessions) -> None:
    client = app.test_client()
    for typed in ("MonMotDePasse-Secret-42@x.fr", "coordinator@example.fr"):
        token = csrf_token(client.get("/login").get_data(as_text=True))
        assert client.post("/login", data={"email": typed, "password": "faux-mot-de-passe",
                                            "csrf_token": token}).status_code == 401
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "login_failed").order_by(AuditEvent.id)).all()
    assert "MonMotDePasse" not in details[0]
    assert details[0].startswith("identifiant inconnu (empreinte ")
    assert details[1] == "coordinator@example.fr"


def test_the_admin_sees_no_clinical_data(client_as: Client) -> None:
    admin = client_as("admin")
    for path in ("/pharmacie/", "/pharmacie/preparations.csv", "/patients/", "/patients/1",
                 "/tableau-de-bord", "/surveillance/"):
        assert admin.get(path).status_code == 403, path


def _without_csrf(body: bytes) -> bytes:
    """The page without its CSRF token, which carries the second it was issued."""
    return re.sub(rb'name="csrf_token" value="[^"]*"', b'name="csrf_token"', body)


def test_another_had_patient_and_a_missing_id_answer_the_same(
        client_as: Client, patients: dict[str, int]) -> None:
    nurse = client_as("had_nurse")
    for suffix in ("", "/pps", "/surveillance", "/calendrier.ics"):
        other = nurse.get(f"/patients/{patients['other']}{suffix}")
        missing = nurse.get(f"/patients/999999{suffix}")
        assert other.status_code == missing.status_code == 404, suffix
        assert _without_csrf(other.get_data()) == _without_csrf(missing.get_data())
