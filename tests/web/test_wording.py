"""What the pages say: French numbers, grammar before names, no internal identifier or
reference, one label per value (the issue's quoted defects)."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from hadcoord.config import Settings
from hadcoord.coverage.defaults import default_engine
from hadcoord.services.demo import seed
from hadcoord.store import AuditEvent, Pathway, Patient, Task
from tests.support.web import ROLES, ClientAs, Sessions, csrf_token, page_text


def add_patient(sessions: Sessions, commune_code: str, weight_kg: float = 78.0) -> int:
    with sessions() as session:
        patient = Patient(reference=f"P-{commune_code}", last_name="FICTIF", first_name="Lou",
                          birth_date=dt.date(1965, 3, 3), sex="F", commune_code=commune_code,
                          indication="rr", weight_kg=weight_kg, consent_had=True)
        session.add(patient)
        session.commit()
        return patient.id


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return page_text(response)


def test_weight_has_a_decimal_comma(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202", 78.0)
    text = page(client_as("coordinator"), f"/patients/{patient_id}")
    assert "78,0\u00a0kg" in text
    assert "78.0" not in text


def test_accounts_page_names_the_had(client_as: ClientAs) -> None:
    text = page(client_as("admin"), "/admin/users")
    assert "HAD du CH de Cahors" in text
    assert "<td>HAD du CH de Cahors</td>" in text  # the HAD column: its name, not its id
    assert "infirmier·e d'HAD" in text


def test_home_page_elides_before_a_vowel(client_as: ClientAs) -> None:
    text = page(client_as("coordinator"), "/")
    assert "en tant qu'infirmière de coordination" in text
    assert "en tant que infirmière" not in text


def test_tasks_and_audit_name_the_had_with_its_article(sessions: Sessions,
                                                       client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202")  # Rodez: derogation for the Albi HAD
    client = client_as("coordinator")
    text = page(client, f"/patients/{patient_id}/parcours")
    assert "relève du territoire de l'UDSMA" in text
    assert "une dérogation pour l'HAD du CH d'Albi" in text
    response = client.post(f"/patients/{patient_id}/parcours",
                           data={"option": "0", "csrf_token": csrf_token(text)})
    assert response.status_code == 302
    with sessions() as session:
        titles = session.scalars(select(Task.title).order_by(Task.id)).all()
        details = session.scalars(select(AuditEvent.detail)).all()
    assert "Demande de dérogation à l'ARS pour l'HAD du CH d'Albi" in titles
    assert "Demande d'admission à l'HAD du CH d'Albi (après accord de l'ARS)" in titles
    assert any(title.startswith("Former l'équipe de l'HAD du CH d'Albi") for title in titles)
    assert not any("had-" in detail for detail in details)
    audit = page(client_as("admin"), "/admin/audit")
    assert "option choisie : Dérogation ARS — HAD du CH d'Albi" in audit
    assert "had-ch-albi" not in audit


def test_no_internal_reference_in_the_pages(sessions: Sessions, client_as: ClientAs) -> None:
    laguiole = add_patient(sessions, "12119")  # convention only
    coordinator = client_as("coordinator")
    pathway = page(coordinator, f"/patients/{laguiole}/parcours")
    assert "Démarche longue et fastidieuse" in pathway
    # The sources line names the thesis as the territories' origin (issue 18), never a passage.
    assert not INTERNAL.search(pathway)
    assert "Thèse, " not in pathway
    assert "tableau 2" not in pathway
    pharmacy = page(client_as("pharmacist"), "/pharmacie/")
    assert "IUCT-O" in pharmacy
    assert "thèse" not in pharmacy



INTERNAL = re.compile(r"thèse, l\.|\(l\. \d|l\. \d{4}|résultats B\.\d|\[hadcoord\]")



def _readable(text: str) -> str:
    """What a person reads: the text without scripts, styles and markup (attributes, ids)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def _build(rule: Rule, values: dict[str, int]) -> str:
    built = rule.build(values)
    assert built is not None
    return built[1]


def _urls(app: Flask, sessions: Sessions) -> list[str]:
    """Every GET page of the app, with each demo patient and task filled in."""
    with sessions() as session:
        patients = session.scalars(select(Patient.id)).all()
        tasks = session.execute(select(Task.id, Pathway.patient_id).join(Pathway)).all()
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        arguments = set(rule.arguments)
        if not arguments:
            urls.append(_build(rule, {}))
        elif arguments == {"patient_id"}:
            urls += [_build(rule, {"patient_id": p}) for p in patients]
        elif arguments == {"patient_id", "task_id"}:
            urls += [_build(rule, {"patient_id": p, "task_id": t}) for t, p in tasks]
    return urls


def test_no_page_shows_an_internal_reference(app: Flask, sessions: Sessions, settings: Settings,
                                             client_as: ClientAs) -> None:
    identifiers = re.compile("|".join(
        re.escape(i) for i in default_engine(settings).catalogue.by_id))
    with sessions() as session:
        seed(session, dt.date.today(), settings)
        session.commit()
    urls = _urls(app, sessions)
    assert any("/parcours" in url for url in urls)
    seen = 0
    for role in ROLES:
        client = client_as(role)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            seen += 1
            text = _readable(page_text(response))
            found = INTERNAL.findall(text)
            # The accounts form asks for the HAD's identifier; FHIR resources carry ids and
            # references by design (their human-readable fields: tests/interop).
            if url != "/admin/users" and not url.startswith("/fhir/"):
                found += identifiers.findall(text)
            assert not found, f"{role} {url}: {found}"
    assert seen > 20
