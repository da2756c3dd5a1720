"""Issue 14: a second record of the same person (last name, first name, birth date, sex) is
refused and the form offers to open the existing one (ViaTrajectoire's identity check)."""

from __future__ import annotations

import html
import re

from hadcoord.store import Patient
from tests.support.web import ClientAs, Sessions, csrf_token
from tests.web.test_patients import VALID, count, submit


def test_six_identical_records_make_one_patient(sessions: Sessions,
                                                client_as: ClientAs) -> None:
    client = client_as("coordinator")
    status, location, _ = submit(client)
    assert status == 302
    for _ in range(5):  # each time a new form (a new submission key): not a double submit
        status, _, page = submit(client)
        assert status == 409
    assert count(sessions, Patient) == 1
    page = html.unescape(page)
    assert "Ce patient existe déjà" in page
    assert "rien n'a été enregistré" in page
    # The message sits next to the identity fields and links to the existing record.
    links = re.findall(r'href="(/patients/\d+)"[^>]*>Ouvrir le dossier existant', page)
    assert links == [location.removeprefix("http://localhost")]


def test_the_same_person_written_differently_is_still_found(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    assert submit(client, last_name="Fictif", first_name="Hélène")[0] == 302
    status, _, _ = submit(client, last_name=" FICTIF ", first_name="helene")
    assert status == 409
    assert count(sessions, Patient) == 1


def test_another_birth_date_or_sex_is_another_person(sessions: Sessions,
                                                      client_as: ClientAs) -> None:
    client = client_as("coordinator")
    assert submit(client)[0] == 302
    assert submit(client, birth_date="1961-04-13")[0] == 302
    assert submit(client, sex="M")[0] == 302
    assert count(sessions, Patient) == 3


def test_editing_into_an_existing_person_is_refused(sessions: Sessions,
                                                    client_as: ClientAs) -> None:
    client = client_as("coordinator")
    submit(client)
    _, second, _ = submit(client, first_name="Dominique")
    page = client.get(f"{second}/edit").get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {**VALID, "commune_code": "12202", "csrf_token": csrf_token(page),
            "submission_key": key}
    response = client.post(f"{second}/edit", data=data)
    assert response.status_code == 409
    assert "Ce patient existe déjà" in html.unescape(response.get_data(as_text=True))
    assert count(sessions, Patient, first_name="Dominique") == 1
