"""Issue 14: the contact directory — shipped without any number (nothing invented), filled by
admins and coordinators (audited, with « vérifié le » and source), CSV import, and the care
plan's « appeler » lines: a number once filled, « numéro à renseigner » before."""

from __future__ import annotations

import io
import re
import tomllib

from sqlalchemy import select

from hadcoord.config import PROJECT_ROOT
from hadcoord.store import AuditEvent, DirectoryEntry
from tests.support.web import ClientAs, Sessions, csrf_token, page_text
from tests.web.test_pathways import add_patient, choose

CONTACTS = PROJECT_ROOT / "territories" / "contacts.toml"
FILLED_CSV = (
    "kind;key;phone_24h;phone_coordination;phone;phone_on_call;verified_on;source\n"
    "had;had-ch-montauban;05 00 00 00 01;05 00 00 00 02;;;2026-11-30;appel de test\n"
    "hospital;Centre hospitalier de Montauban;;;05 00 00 00 03;;2026-11-30;appel de test\n"
    "haematology;iucto-haematology;;;05 00 00 00 04;05 00 00 00 05;2026-11-30;appel de test\n"
)


def number_of(client_page: str, name: str) -> int:
    rows = re.findall(r'<tr id="entree-(\d+)">\s*<td>([^<]+)</td>', client_page)
    return next(int(n) for n, label in rows if label == name)


def test_the_shipped_directory_invents_no_number() -> None:
    data = tomllib.loads(CONTACTS.read_text(encoding="utf-8"))
    fields = ("phone_24h", "phone_coordination", "phone", "phone_on_call", "email")
    assert len(data["contact"]) >= 17  # 14 HADs, IUCT-O haematology, day hospital, PUI
    assert all(not entry.get(name) for entry in data["contact"] for name in fields)


def test_care_plan_says_number_to_fill_then_shows_the_numbers(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "82121")  # Montauban: HAD du CH de Montauban
    coordinator = client_as("coordinator")
    choose(coordinator, patient_id)
    before = page_text(coordinator.get(f"/patients/{patient_id}/pps"))
    calls = re.findall(r'<li class="call">(.*?)</li>', before, re.S)
    assert len(calls) == 4
    assert all("appeler" in line for line in calls)
    assert sum("numéro à renseigner" in line for line in calls) == 3  # all but the 15
    assert "à compléter" not in before
    # The admin's to-do list names what is missing.
    admin = client_as("admin")
    todo = page_text(admin.get("/annuaire/"))
    assert "À renseigner (40)" in todo
    assert "HAD du CH de Montauban : numéro à renseigner" in todo
    page = admin.get("/annuaire/").get_data(as_text=True)
    response = admin.post("/annuaire/import", data={
        "csrf_token": csrf_token(page),
        "file": (io.BytesIO(FILLED_CSV.encode()), "contacts.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    after = page_text(coordinator.get(f"/patients/{patient_id}/pps"))
    calls = re.findall(r'<li class="call">(.*?)</li>', after, re.S)
    assert all("numéro à renseigner" not in line for line in calls)
    assert "05 00 00 00 01" in after  # the HAD, day and night
    assert "05 00 00 00 03" in after  # the first-recourse hospital
    assert "05 00 00 00 05" in after  # haematology on call
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "annuaire")).all()
    assert len(details) == 3


def test_a_convention_care_plan_never_says_my_had_team(sessions: Sessions,
                                                       client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12119")  # Laguiole: convention
    client = client_as("coordinator")
    choose(client, patient_id)
    page = page_text(client.get(f"/patients/{patient_id}/pps"))
    assert "mon équipe d'HAD" not in page
    assert "l'HAD" not in page.split("Que faire si")[1]
    assert "cabinet d'infirmiers libéraux et le prestataire de santé à domicile" in page


def test_editing_an_entry_needs_a_source_and_a_valid_number(sessions: Sessions,
                                                            client_as: ClientAs) -> None:
    client = client_as("coordinator")
    listing = client.get("/annuaire/").get_data(as_text=True)
    number = number_of(listing, "HAD du CH de Cahors")
    page = client.get(f"/annuaire/{number}").get_data(as_text=True)
    base = {"csrf_token": csrf_token(page), "phone_24h": "05 65 00 00 00",
            "verified_on": "2026-11-30", "source": ""}
    refused = client.post(f"/annuaire/{number}", data=base)
    assert refused.status_code == 422
    assert "Indiquez la source de ces coordonnées" in page_text(refused)
    bad = client.post(f"/annuaire/{number}", data={**base, "phone_24h": "12",
                                                   "source": "site de l'établissement"})
    assert bad.status_code == 422
    assert "numéro de téléphone français invalide" in page_text(bad)
    with sessions() as session:
        assert session.scalar(select(DirectoryEntry)) is None
    saved = client.post(f"/annuaire/{number}", data={**base, "source": "site de l'établissement"})
    assert saved.status_code == 302
    listing = page_text(client.get("/annuaire/"))
    assert "05 65 00 00 00" in listing
    assert "30/11/2026" in listing


def test_a_bad_csv_line_saves_nothing(sessions: Sessions, client_as: ClientAs) -> None:
    client = client_as("admin")
    page = client.get("/annuaire/").get_data(as_text=True)
    text = FILLED_CSV + "had;had-inconnue;05 00 00 00 09;;;;2026-11-30;x\n"
    response = client.post("/annuaire/import", data={
        "csrf_token": csrf_token(page), "file": (io.BytesIO(text.encode()), "c.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "ligne 5 : entrée inconnue de l'annuaire" in page_text(response)
    with sessions() as session:
        assert session.scalar(select(DirectoryEntry)) is None
