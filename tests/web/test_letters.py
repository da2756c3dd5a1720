"""Issue 14, letters: the ARS derogation request and the convention draft are editable before
printing (the generated text as starting point), state the planned start date, are dated when
marked « envoyé » and kept as sent (a later edit makes a new version); the convention names its
parties instead of a generic « MSP avec le médecin traitant »."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from hadcoord import clock
from hadcoord.store import AuditEvent, LetterVersion, Patient, Task
from hadcoord.store.letters import SentLetterError
from hadcoord.vocabulary import TaskStatus
from tests.support.web import ClientAs, Sessions, csrf_token, page_text
from tests.web.test_pathways import START, add_patient, choose, plan


def letter_url(sessions: Sessions, patient_id: int, kind: str) -> str:
    with sessions() as session:
        task_id = session.scalar(select(Task.id).where(Task.kind == kind))
    return f"/patients/{patient_id}/courrier/{task_id}"


def derogation(sessions: Sessions, client: FlaskClient) -> tuple[int, str]:
    patient_id = add_patient(sessions, "12202")  # Rodez: derogation for the Albi HAD
    assert choose(client, patient_id).status_code == 302
    return patient_id, letter_url(sessions, patient_id, "derogation_request")


def post(client: FlaskClient, url: str, **data: str) -> TestResponse:
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


def the_text(page: str) -> str:
    return html.unescape(page.split('id="letter-text">')[1].split("</div>", maxsplit=1)[0])


def test_the_letter_states_the_planned_start_date(sessions: Sessions,
                                                  client_as: ClientAs) -> None:
    client = client_as("coordinator")
    patient_id, url = derogation(sessions, client)
    assert "Date de début du traitement : à fixer" in the_text(client.get(url).get_data(
        as_text=True))
    assert plan(client, patient_id).status_code == 302
    text = the_text(client.get(url).get_data(as_text=True))
    assert "Début du traitement prévu le " in text
    assert START.strftime("%d/%m/%Y") in text
    assert "R.1435-41" in text


def test_a_draft_is_edited_then_sent_dated_and_kept_as_sent(sessions: Sessions,
                                                            client_as: ClientAs) -> None:
    client = client_as("coordinator")
    _patient_id, url = derogation(sessions, client)
    generated = the_text(client.get(url).get_data(as_text=True))
    edited = generated + "\n\nPièce jointe : avis de l'hématologue."
    assert post(client, url, letter_text=edited, action="save").status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Pièce jointe : avis de l'hématologue." in the_text(page)
    assert "brouillon, pas encore envoyé" in page_text(client.get(url))
    sent_day = clock.today() - dt.timedelta(days=1)
    assert post(client, url, letter_text=edited, action="send",
                sent_on=sent_day.isoformat()).status_code == 302
    page = page_text(client.get(url))
    assert f"envoyée le {sent_day:%d/%m/%Y}" in page
    assert f"Toulouse, le {sent_day:%d/%m/%Y}" in page
    with sessions() as session:
        version = session.scalars(select(LetterVersion)).one()
        assert version.sent_on == sent_day
        assert version.text == edited.strip()
        task = session.scalar(select(Task).where(Task.kind == "derogation_request"))
        assert task is not None
        assert task.status == TaskStatus.DONE
        sent = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "courrier")).all()
    assert any("version 1 envoyée le" in d and "Pièce jointe : avis de l'hématologue." in d
               for d in sent)
    # A later edit makes version 2; version 1 stays what was sent.
    later = post(client, url, letter_text=edited + "\nPost-scriptum.", action="save")
    assert later.status_code == 302
    with sessions() as session:
        rows = session.scalars(select(LetterVersion).order_by(LetterVersion.number)).all()
        assert [(v.number, v.sent) for v in rows] == [(1, True), (2, False)]
        assert rows[0].text == edited.strip()
    old = client.get(f"{url}?version=1").get_data(as_text=True)
    assert "Post-scriptum." not in the_text(old)
    assert "Post-scriptum." in the_text(client.get(url).get_data(as_text=True))


def test_a_sent_version_cannot_be_changed(sessions: Sessions, client_as: ClientAs) -> None:
    client = client_as("coordinator")
    _patient_id, url = derogation(sessions, client)
    post(client, url, letter_text="Texte envoyé.", action="send", sent_on=clock.today().isoformat())
    with sessions() as session:
        version = session.scalars(select(LetterVersion)).one()
        version.text = "Texte réécrit après coup."
        with pytest.raises(SentLetterError):
            session.flush()
        session.rollback()
    with sessions() as session:
        assert session.scalars(select(LetterVersion.text)).one() == "Texte envoyé."
    again = post(client, url, letter_text="Texte envoyé.", action="send",
                 sent_on=clock.today().isoformat())
    assert again.status_code == 422
    assert "déjà été envoyée" in page_text(again)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"letter_text": "   ", "action": "save"}, "Le courrier est vide"),
        ({"letter_text": "Texte.", "action": "send", "sent_on": ""}, "Indiquez la date d'envoi"),
        ({"letter_text": "Texte.", "action": "send", "sent_on": "2999-01-01"},
         "La date d'envoi est dans le futur."),
        ({"letter_text": "Texte.", "action": "send", "sent_on": "31/02/2026"}, "Date invalide"),
        ({"letter_text": "x" * 20_001, "action": "save"}, "ne peut pas dépasser"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(sessions: Sessions, client_as: ClientAs,
                                                  data: dict[str, str], message: str) -> None:
    client = client_as("coordinator")
    _patient_id, url = derogation(sessions, client)
    response = post(client, url, **data)
    assert response.status_code == 422
    text = page_text(response)
    assert message in text
    assert "rien n'a été enregistré" in text
    with sessions() as session:
        assert session.scalar(select(LetterVersion)) is None


def test_the_convention_names_the_patients_gp_nurses_and_provider(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "12119")  # Laguiole: convention
    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        patient.gp_name, patient.gp_phone = "Dr Martin Fictif", "05 65 11 11 11"
        patient.nurses_name = "Cabinet infirmier de l'Aubrac"
        session.commit()
    client = client_as("coordinator")
    choose(client, patient_id)
    text = the_text(client.get(letter_url(sessions, patient_id, "convention_draft")).get_data(
        as_text=True))
    assert "Maison de santé pluriprofessionnelle (MSP) avec le médecin traitant" not in text
    assert "Dr Martin Fictif — tél. 05 65 11 11 11" in text
    assert "Cabinet d'infirmiers libéraux : Cabinet infirmier de l'Aubrac — tél. numéro à " \
           "renseigner" in text
    assert "Prestataire de santé à domicile : à renseigner" in text
    assert "PUI de l'IUCT-Oncopole — tél. numéro à renseigner" in text
    assert "Date de début du traitement : à fixer" in text


def test_other_roles_cannot_read_or_write_a_letter(sessions: Sessions,
                                                   client_as: ClientAs) -> None:
    _patient_id, url = derogation(sessions, client_as("coordinator"))
    for role in ("had_nurse", "pharmacist", "ars", "admin"):
        client = client_as(role)
        assert client.get(url).status_code == 403
        refused = client.post(url, data={"letter_text": "x", "action": "save"})
        assert refused.status_code in (400, 403)
    with sessions() as session:
        assert session.scalar(select(LetterVersion)) is None
