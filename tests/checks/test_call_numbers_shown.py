"""Issue 14, the contact directory where nurses and e-mails need it: the rounds list names each
patient's HAD (day and night) and first-recourse numbers, and the e-mails sent about a patient
(red check, missing check) carry them — from the directory, never invented, « à renseigner »
until someone fills them."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import replace

from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.services.alerts import raise_missing_checks
from hadcoord.services.directory import ContactInput, directory, find, update_contact
from hadcoord.store import Notification, Pathway, Patient, User
from hadcoord.vocabulary import Channel
from tests.support.checks import MakeDocument
from tests.support.web import Sessions

Client = Callable[[str], FlaskClient]
HOSPITAL = "Centre hospitalier de Cahors"
HAD = "had-ch-cahors"


def set_first_recourse(sessions: Sessions, patient_id: int) -> None:
    with sessions() as session:
        pathway = session.scalar(select(Pathway).where(Pathway.patient_id == patient_id))
        assert pathway is not None
        pathway.first_recourse = HOSPITAL
        session.commit()


def fill_directory(sessions: Sessions, settings: Settings) -> None:
    """The HAD's day-and-night number and the hospital's, as an admin would type them."""
    with sessions() as session:
        admin = session.scalar(select(User).where(User.email == "admin@example.fr"))
        assert admin is not None
        contacts = directory(session, settings.reference.territories_dir)
        for kind, key, values in (
                ("had", HAD, ContactInput(phone_24h="05 00 00 00 11",
                                          phone_coordination="05 00 00 00 12")),
                ("hospital", HOSPITAL, ContactInput(phone="05 00 00 00 13"))):
            contact = find(contacts, kind, key)
            assert contact is not None
            update_contact(session, contact, replace(values, source="essai",
                                                     verified_on=dt.date(2026, 11, 30)), admin)
        session.commit()


def rounds_row(client_as: Client, reference: str) -> str:
    text = html.unescape(client_as("had_nurse").get("/surveillance/tournee").get_data(
        as_text=True))
    row = text.split(f'data-patient="{reference}"', 1)[1].split("</tr>", 1)[0]
    return row.split('class="numbers"', 1)[1].split("</td>", 1)[0]


def text_of(cell: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split()).replace(" :", " :")


def test_rounds_say_to_fill_then_show_the_directory_numbers(
    sessions: Sessions, client_as: Client, patients: dict[str, int], settings: Settings
) -> None:
    set_first_recourse(sessions, patients["mine"])
    before = text_of(rounds_row(client_as, "P-MINE01"))
    assert "HAD jour et nuit : à renseigner" in before
    assert f"1er recours ({HOSPITAL}) : à renseigner" in before
    fill_directory(sessions, settings)
    cell = rounds_row(client_as, "P-MINE01")
    after = text_of(cell)
    assert "HAD jour et nuit : 05 00 00 00 11" in after
    assert f"1er recours ({HOSPITAL}) : 05 00 00 00 13" in after
    assert 'href="tel:0500000011"' in cell
    assert "à renseigner" not in after


def test_rounds_without_a_first_recourse_say_so(
    client_as: Client, patients: dict[str, int]
) -> None:
    assert "1er recours : à renseigner" in text_of(rounds_row(client_as, "P-MINE01"))


def email_bodies(sessions: Sessions, subject_part: str) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(Notification.body).where(
            Notification.channel == Channel.EMAIL,
            Notification.subject.contains(subject_part))))


def test_a_red_check_e_mail_names_the_numbers_to_call(
    sessions: Sessions, client_as: Client, patients: dict[str, int], check_doc: MakeDocument,
    settings: Settings
) -> None:
    set_first_recourse(sessions, patients["mine"])
    response = client_as("had_nurse").post(f"/api/patients/{patients['mine']}/checks",
                                           json=check_doc(temperature_c=39.2))
    assert response.status_code == 201
    bodies = email_bodies(sessions, "Relevé ROUGE")
    assert bodies
    for body in bodies:
        assert "HAD jour et nuit (HAD du CH de Cahors) : numéro à renseigner" in body
        assert f"1er recours ({HOSPITAL}) : numéro à renseigner" in body
        assert "FICTIF" not in body  # e-mails name the patient by reference only


def test_a_missing_check_e_mail_names_the_filled_numbers(
    sessions: Sessions, patients: dict[str, int], settings: Settings
) -> None:
    set_first_recourse(sessions, patients["mine"])
    fill_directory(sessions, settings)
    mail = settings.model_copy(update={"smtp": settings.smtp.model_copy(update={
        "host": "127.0.0.1"})})
    with sessions() as session:
        patient = session.get(Patient, patients["mine"])
        assert patient is not None
        raise_missing_checks(session, [patient], clock.today(), mail)
        session.commit()
    bodies = email_bodies(sessions, "Relevé quotidien manquant")
    assert bodies
    for body in bodies:
        assert "HAD jour et nuit (HAD du CH de Cahors) : 05 00 00 00 11" in body
        assert f"1er recours ({HOSPITAL}) : 05 00 00 00 13" in body
        assert "à renseigner" not in body
