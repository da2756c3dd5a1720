"""Issue 14, the day hospital of the bag changes is a directory choice: the coordinator adds a
day hospital to the directory (its source and date, nothing invented), picks it on the pathway
page, and the calendar (.ics LOCATION), the pathway page and the care plan name it; the default
stays the IUCT-Oncopole day hospital."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from hadcoord.store import AuditEvent, Pathway
from tests.support.web import ClientAs, Sessions, csrf_token, page_text
from tests.web.test_calendar_feeds import create
from tests.web.test_pathways import add_patient, choose, plan

DEFAULT = "Hôpital de jour d'hématologie, IUCT-Oncopole"
NAME = "Hôpital de jour d'essai (fictif)"
ADDRESS = "1 rue de l'Essai, 82000 Montauban"


def locations(client: FlaskClient, patient_id: int) -> set[str]:
    body = client.get(f"/patients/{patient_id}/calendrier.ics").data
    return {str(event.get("location")) for event in Calendar.from_ical(body).walk("VEVENT")
            if str(event.get("summary")).startswith("Hôpital de jour")}


def planned(sessions: Sessions, client: FlaskClient) -> int:
    patient_id = add_patient(sessions, "82121")  # Montauban
    assert choose(client, patient_id).status_code == 302
    assert plan(client, patient_id).status_code == 302
    return patient_id


def add_day_hospital(client: FlaskClient, **changes: str) -> int:
    page = client.get("/annuaire/").get_data(as_text=True)
    data = {"name": NAME, "address": ADDRESS, "phone": "", "hours": "8 h – 17 h",
            "verified_on": "2026-11-30", "source": "essai", "csrf_token": csrf_token(page),
            **changes}
    return client.post("/annuaire/hopital-de-jour", data=data).status_code


def pick(client: FlaskClient, patient_id: int, key: str) -> int:
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    return client.post(f"/patients/{patient_id}/hopital-de-jour",
                       data={"day_hospital": key, "csrf_token": csrf_token(page)}).status_code


def test_the_default_stays_the_iuct_oncopole_day_hospital(sessions: Sessions,
                                                          client_as: ClientAs) -> None:
    client = client_as("coordinator")
    patient_id = planned(sessions, client)
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert f"Changements de poche à : {DEFAULT}" in page
    form = page.split('id="form-hdj"', 1)[1].split("</form>", 1)[0]
    assert "Hôpital de jour d'hématologie de l'IUCT-Oncopole" in form
    assert locations(client, patient_id) == {DEFAULT}


def test_a_day_hospital_added_to_the_directory_is_picked_and_named_everywhere(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    patient_id = planned(sessions, client)
    assert add_day_hospital(client) == 302
    directory = page_text(client.get("/annuaire/"))
    assert NAME in directory
    assert "téléphone : <span class=\"badge badge-red\">numéro à renseigner</span>" in directory
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    form = page.split('id="form-hdj"', 1)[1].split("</form>", 1)[0]
    assert NAME in form
    key = form.split(f">{NAME}", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    assert key.startswith("day_hospital:")

    assert pick(client, patient_id, key) == 302
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert f"Changements de poche à : {NAME}, {ADDRESS}" in page
    assert locations(client, patient_id) == {f"{NAME}, {ADDRESS}"}
    care_plan = page_text(client.get(f"/patients/{patient_id}/pps"))
    assert f"Changements de poche à l'hôpital de jour ({NAME}, {ADDRESS})" in care_plan
    with sessions() as session:
        pathway = session.scalar(select(Pathway).where(Pathway.patient_id == patient_id))
        assert pathway is not None
        assert pathway.day_hospital_key == key
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "hôpital de jour")).all()
    assert any(NAME in detail for detail in details)

    # Back to the default.
    assert pick(client, patient_id, "") == 302
    assert locations(client, patient_id) == {DEFAULT}


def test_an_unknown_day_hospital_is_refused_and_nothing_saved(sessions: Sessions,
                                                              client_as: ClientAs) -> None:
    client = client_as("coordinator")
    patient_id = planned(sessions, client)
    assert pick(client, patient_id, "day_hospital:inexistant") == 422
    with sessions() as session:
        pathway = session.scalar(select(Pathway).where(Pathway.patient_id == patient_id))
        assert pathway is not None
        assert pathway.day_hospital_key is None


def test_a_day_hospital_needs_a_name_a_source_and_a_date(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    assert add_day_hospital(client, name="") == 422
    assert add_day_hospital(client, source="") == 422
    assert add_day_hospital(client, phone="12") == 422
    assert NAME not in page_text(client.get("/annuaire/"))
    assert add_day_hospital(client) == 302
    assert add_day_hospital(client) == 422  # the same name twice
    assert dt.date(2026, 11, 30).strftime("%d/%m/%Y") in page_text(client.get("/annuaire/"))


def test_only_the_coordinator_picks_it_and_no_other_role_adds_one(sessions: Sessions,
                                                     client_as: ClientAs) -> None:
    coordinator = client_as("coordinator")
    patient_id = planned(sessions, coordinator)
    for role in ("had_nurse", "pharmacist", "ars", "admin"):
        assert client_as(role).post(f"/patients/{patient_id}/hopital-de-jour",
                                    data={"day_hospital": ""}).status_code in (400, 403, 404)
    for role in ("had_nurse", "pharmacist", "ars"):
        assert client_as(role).post("/annuaire/hopital-de-jour",
                                    data={"name": NAME}).status_code in (400, 403, 404)
    assert NAME not in page_text(coordinator.get("/annuaire/"))


def test_the_had_feed_names_each_patients_day_hospital(
    sessions: Sessions, client_as: ClientAs, app: Flask
) -> None:
    client = client_as("coordinator")
    patient_id = planned(sessions, client)
    assert add_day_hospital(client) == 302
    with sessions() as session:
        pathway = session.scalar(select(Pathway).where(Pathway.patient_id == patient_id))
        assert pathway is not None
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    form = page.split('id="form-hdj"', 1)[1].split("</form>", 1)[0]
    key = form.split(f">{NAME}", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    assert pick(client, patient_id, key) == 302
    body = app.test_client().get(create(client)).data
    places = {str(event.get("location")) for event in Calendar.from_ical(body).walk("VEVENT")
              if "changement de poche" in str(event.get("summary"))}
    assert places == {f"{NAME}, {ADDRESS}"}
