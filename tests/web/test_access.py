"""Every route × every role: allowed or refused, as the product's rules say."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hadcoord.monitoring import parse_check, triage
from hadcoord.services.calendar_feeds import token_hash
from hadcoord.services.check_records import record_values
from hadcoord.store import CalendarFeed, DailyCheckRecord, Pathway, Patient, SavedScenario, Task
from tests.monitoring.conftest import NORMAL as NORMAL_CHECK
from tests.support.web import ROLES, Sessions

ALL = set(ROLES)
PUBLIC = "public"
FEED_TOKEN = "jeton-de-test-du-flux"  # a calendar feed of the nurse's HAD (one_patient)
# What each role may open, by route, with a sample URL for routes taking parameters (patient 1
# exists; its pathway, if any, does not go to the nurse's HAD). A new route must be added here,
# or test_every_route_is_listed fails.
ROUTES: dict[str, tuple[str, set[str] | str]] = {
    "/healthz": ("/healthz", PUBLIC),
    "/login": ("/login", PUBLIC),
    "/": ("/", ALL),
    "/tableau-de-bord": ("/tableau-de-bord", {"coordinator"}),
    "/patients/": ("/patients/", {"coordinator", "had_nurse"}),
    "/patients/new": ("/patients/new", {"coordinator"}),
    "/patients/<int:patient_id>": ("/patients/1", {"coordinator"}),
    "/patients/<int:patient_id>/edit": ("/patients/1/edit", {"coordinator"}),
    "/patients/<int:patient_id>/parcours": ("/patients/1/parcours", {"coordinator"}),
    "/patients/<int:patient_id>/courrier/<int:task_id>": ("/patients/1/courrier/1",
                                                          {"coordinator"}),
    # Patient 2's pathway goes to the nurse's HAD (had-ch-cahors): she may read these.
    "/patients/<int:patient_id>/pps": ("/patients/2/pps", {"coordinator", "had_nurse"}),
    "/patients/<int:patient_id>/calendrier.ics": ("/patients/2/calendrier.ics",
                                                  {"coordinator", "had_nurse"}),
    "/api/patients/<int:patient_id>/plan": ("/api/patients/2/plan", {"coordinator", "had_nurse"}),
    # Issue 14: the pathway's state and timeline, as the pathway page (coordinator only).
    "/api/patients/<int:patient_id>/pathway": ("/api/patients/2/pathway", {"coordinator"}),
    "/api/communes": ("/api/communes?q=Rodez", ALL),
    "/api/openapi.json": ("/api/openapi.json", ALL),
    # Issue 14: the contact directory, filled by admins and coordinators (no clinical data).
    "/annuaire/": ("/annuaire/", {"admin", "coordinator"}),
    "/annuaire/<int:number>": ("/annuaire/0", {"admin", "coordinator"}),
    # Issue 14: activity figures (no patient): the coordinator, the ARS with small counts masked.
    "/activite/": ("/activite/", {"coordinator", "ars"}),
    "/activite/activite.csv": ("/activite/activite.csv", {"coordinator", "ars"}),
    "/api/match": ("/api/match?commune=12202&date=2017-01-15", {"coordinator", "ars", "admin"}),
    "/ars/": ("/ars/", {"ars", "coordinator", "admin"}),
    "/ars/classement": ("/ars/classement?date=2018-01-15", {"ars", "coordinator", "admin"}),
    "/ars/sources": ("/ars/sources", {"ars", "coordinator", "admin"}),
    "/ars/communes": ("/ars/communes?departement=46&date=2018-01-15",
                      {"ars", "coordinator", "admin"}),
    # Coverage maps: the ARS map with the ARS page; the pathway map is the coordinator's only.
    "/ars/carte": ("/ars/carte?date=2018-01-15", {"ars", "coordinator", "admin"}),
    "/ars/carte/telecharger": ("/ars/carte/telecharger?date=2018-01-15",
                               {"ars", "coordinator", "admin"}),
    "/patients/<int:patient_id>/parcours/carte": ("/patients/1/parcours/carte", {"coordinator"}),
    # Least privilege (issue 11): the admin sees no clinical data, the pharmacy list included.
    "/pharmacie/": ("/pharmacie/", {"pharmacist", "coordinator"}),
    "/pharmacie/preparations.csv": ("/pharmacie/preparations.csv",
                                    {"pharmacist", "coordinator"}),
    "/admin/audit": ("/admin/audit", {"admin"}),
    "/admin/audit.csv": ("/admin/audit.csv", {"admin"}),
    "/admin/users": ("/admin/users", {"admin"}),
    # Daily checks: the nurse records for her HAD's patients (patient 2), coordinators read.
    "/patients/<int:patient_id>/surveillance": ("/patients/2/surveillance",
                                                {"coordinator", "had_nurse"}),
    "/patients/<int:patient_id>/surveillance/nouveau": ("/patients/2/surveillance/nouveau",
                                                        {"had_nurse"}),
    "/patients/<int:patient_id>/surveillance/<int:check_id>": ("/patients/2/surveillance/1",
                                                               {"coordinator", "had_nurse"}),
    "/api/patients/<int:patient_id>/checks": ("/api/patients/2/checks",
                                              {"coordinator", "had_nurse"}),
    "/surveillance/": ("/surveillance/", {"coordinator"}),
    "/surveillance/tournee": ("/surveillance/tournee", {"had_nurse"}),
    "/notifications/": ("/notifications/", ALL),
    "/notifications/envois": ("/notifications/envois", {"admin", "coordinator"}),
    # Own account (issue 11): every role; the second sign-in step is reached before login.
    "/compte/mot-de-passe": ("/compte/mot-de-passe", ALL),
    "/compte/sessions": ("/compte/sessions", ALL),
    # ASVS 3.7.1: confirming one's identity before a sensitive action, every signed-in role.
    "/confirmer-identite": ("/confirmer-identite", ALL),
    "/connexion/code": ("/connexion/code", PUBLIC),
    "/connexion/activation": ("/connexion/activation", PUBLIC),
    # FHIR directory (no patient): the roles of the coverage pages.
    "/fhir/HealthcareService": ("/fhir/HealthcareService", {"ars", "coordinator", "admin"}),
    "/fhir/HealthcareService/<string(maxlength=64):ident>": (
        "/fhir/HealthcareService/had-ch-albi", {"ars", "coordinator", "admin"}),
    "/fhir/Location": ("/fhir/Location?identifier=12202", {"ars", "coordinator", "admin"}),
    "/fhir/Location/<string(maxlength=64):ident>": ("/fhir/Location/commune-12202",
                                                     {"ars", "coordinator", "admin"}),
    "/fhir/Organization": ("/fhir/Organization", {"ars", "coordinator", "admin"}),
    "/fhir/Organization/<string(maxlength=64):ident>": ("/fhir/Organization/had-ch-albi",
                                                         {"ars", "coordinator", "admin"}),
    "/fhir/metadata": ("/fhir/metadata", ALL),
    # Issue 13: per-HAD calendar feeds, managed by the coordinator and the admin (no clinical
    # data on the page); the feed opens by its secret token without sign-in.
    "/calendriers/": ("/calendriers/", {"coordinator", "admin"}),
    "/calendriers/<string:token>.ics": (f"/calendriers/{FEED_TOKEN}.ics", PUBLIC),
    # Issue 18: the ARS's scenario editor (scenario 1 exists); the ARS edits, others read.
    "/ars/scenarios/": ("/ars/scenarios/", {"ars", "coordinator", "admin"}),
    "/ars/scenarios/nouveau": ("/ars/scenarios/nouveau", {"ars"}),
    "/ars/scenarios/<int:scenario_id>": ("/ars/scenarios/1", {"ars", "coordinator", "admin"}),
    "/ars/scenarios/<int:scenario_id>/scenario.toml": ("/ars/scenarios/1/scenario.toml",
                                                       {"ars", "coordinator", "admin"}),
    "/ars/scenarios/<int:scenario_id>/communes.csv": ("/ars/scenarios/1/communes.csv",
                                                      {"ars", "coordinator", "admin"}),
    "/ars/scenarios/comparer": ("/ars/scenarios/comparer?a=aujourdhui&b=1",
                                {"ars", "coordinator", "admin"}),
    "/ars/scenarios/carte": ("/ars/scenarios/carte?date=2018-01-15&changes=[]",
                             {"ars", "coordinator", "admin"}),
    # FHIR patient side: the roles of the patient pages (patient 2: the nurse's HAD).
    "/fhir/Patient/<int:patient_id>": ("/fhir/Patient/2", {"coordinator", "had_nurse"}),
    "/fhir/CarePlan/<int:patient_id>": ("/fhir/CarePlan/2", {"coordinator", "had_nurse"}),
    "/fhir/Patient/<int:patient_id>/$everything": ("/fhir/Patient/2/$everything",
                                                   {"coordinator", "had_nurse"}),
}
EXPECTED = dict(ROUTES.values())
POST_ONLY = {"/logout", "/patients/<int:patient_id>/calendrier",
             "/patients/<int:patient_id>/taches/<int:task_id>",
             "/surveillance/alertes/<int:alert_id>/acquitter", "/notifications/lues",
             "/compte/sessions/fermer", "/admin/users/nouveau", "/admin/users/<int:user_id>",
             "/admin/users/deblocage",
             "/annuaire/import", "/annuaire/hopital-de-jour",
             "/patients/<int:patient_id>/hopital-de-jour", "/calendriers/nouveau",
             "/calendriers/<int:feed_id>/revoquer",
             "/patients/<int:patient_id>/interruption", "/pharmacie/vu",
             "/patients/<int:patient_id>/surveillance/echelle-spo2",
             "/ars/scenarios/<int:scenario_id>/supprimer",
             *(f"/patients/<int:patient_id>/parcours/{step}" for step in (
                 "demande", "reponse", "option", "confirmation", "domicile", "cycle", "fin"))}


LETTER = {"commune_code": "12202", "commune_name": "Rodez", "covering": ["UDSMA"],
          "proposed_id": "had-ch-albi", "proposed_name": "HAD du CH d'Albi", "distance_km": 75.6,
          "conditions": []}


@pytest.fixture(autouse=True)
def one_patient(sessions: Sessions) -> None:
    """Patient 1 (Rodez, derogation to CH Albi, letter = task 1); patient 2 (Figeac → Cahors)."""
    with sessions() as session:
        for number, (commune, had) in enumerate((("12202", "had-ch-albi"),
                                                 ("46102", "had-ch-cahors")), start=1):
            patient = Patient(reference=f"P-TEST0{number}", last_name="FICTIF",
                              first_name="Alex", birth_date=date(1970, 1, 1), sex="M",
                              commune_code=commune, indication="rr", weight_kg=70.0,
                              consent_had=True)
            pathway = Pathway(patient=patient, coverage_status="derogation_needed",
                              option_kind="derogation", had_establishment_id=had,
                              cycle1_start=datetime(2026, 12, 1, 10), change_days="mon-thu",
                              cycles=1)
            pathway.tasks = [Task(kind="derogation_request", title="Demande de dérogation",
                                  owner="IDEC", due_date=date(2026, 12, 1),
                                  content=json.dumps(LETTER))]
            session.add(pathway)
            session.commit()
        session.add(CalendarFeed(token_hash=token_hash(FEED_TOKEN),
                                 had_establishment_id="had-ch-cahors"))
        check = parse_check(NORMAL_CHECK)  # check 1, of patient 2
        session.add(DailyCheckRecord(patient_id=2, recorded_by="had_nurse@example.fr",
                                     recorded_at=datetime(2026, 12, 3, 9, tzinfo=UTC),
                                     check_day=date(2026, 12, 3),
                                     **record_values(check, triage(check))))
        session.add(SavedScenario(name="Scénario de test", base_date=date(2018, 1, 15),
                                  author="ars@example.fr", changes=json.dumps([{
                                      "kind": "merge", "establishment": "had-croix-rouge-gers",
                                      "into": "had-clinique-pasteur"}])))
        session.commit()


def test_every_route_is_listed(app: Flask) -> None:
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - POST_ONLY == set(ROUTES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_route_by_role(client_as: Callable[[str], FlaskClient], role: str, path: str) -> None:
    allowed = EXPECTED[path]
    status = client_as(role).get(path).status_code
    if allowed == PUBLIC:
        assert status in (200, 302), f"{role} should reach {path}"
    elif role in allowed:
        assert status == 200, f"{role} should open {path}"
    elif role in declared_roles(client_as, path):
        # The role may use the page, not this patient (another HAD's): answered as a missing
        # id, so that ids cannot be probed (issue 11).
        assert status == 404, f"{role} should not learn that {path} exists"
    else:
        assert status == 403, f"{role} should be refused {path}"


def declared_roles(client_as: Callable[[str], FlaskClient], path: str) -> frozenset[str]:
    """The roles the view serving ``path`` declares."""
    app = client_as("admin").application
    adapter = app.url_map.bind("localhost")
    endpoint, _args = adapter.match(path.split("?", maxsplit=1)[0])
    roles: object = getattr(app.view_functions[endpoint], "allowed_roles", None)
    return roles if isinstance(roles, frozenset) else frozenset()


@pytest.mark.parametrize("path", sorted(p for p, allowed in EXPECTED.items() if allowed != PUBLIC))
def test_anonymous_is_sent_to_login(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    if path.startswith(("/api/", "/fhir/")):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_refusal_page_is_in_french(client_as: Callable[[str], FlaskClient]) -> None:
    page = client_as("ars").get("/admin/audit").get_data(as_text=True)
    assert "Accès refusé" in page
