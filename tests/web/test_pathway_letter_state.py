"""Issue 14, letters on the pathway page: the ARS derogation letter and the convention draft say
whether they are « à rédiger », a « brouillon » or « envoyé le … (version N) », and their history
of versions is one click away."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from hadcoord import clock
from tests.support.web import ClientAs, Sessions, page_text
from tests.web.test_letters import derogation, post


def letter_cell(client: FlaskClient, patient_id: int) -> str:
    """The derogation letter's row of the pathway page's task table."""
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    row = page.split("courrier à l'ARS", 1)[1].split("</tr>", 1)[0]
    return row.split('class="letter-state"', 1)[1].split("</span>", 1)[0]


def test_the_pathway_page_shows_the_letter_state_and_its_versions(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    patient_id, url = derogation(sessions, client)
    assert "à rédiger" in letter_cell(client, patient_id)

    assert post(client, url, letter_text="Madame, Monsieur, version 1.",
                action="save").status_code == 302
    state = letter_cell(client, patient_id)
    assert "brouillon (version 1)" in state
    assert "envoyé" not in state

    sent_day = clock.today() - dt.timedelta(days=2)
    assert post(client, url, letter_text="Madame, Monsieur, version 1.", action="send",
                sent_on=sent_day.isoformat()).status_code == 302
    assert f"envoyé le {sent_day:%d/%m/%Y} (version 1)" in letter_cell(client, patient_id)

    assert post(client, url, letter_text="Madame, Monsieur, version 2.",
                action="save").status_code == 302
    state = letter_cell(client, patient_id)
    assert "brouillon (version 2)" in state
    assert f"version 1 envoyée le {sent_day:%d/%m/%Y}" in state

    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    history = f'href="{url}#versions"'
    assert history in page
    assert "historique des versions (2)" in page
    versions = page_text(client.get(url))
    assert f"Version 1</a> —\n      envoyée le {sent_day:%d/%m/%Y}" in versions
    assert "Version 2</a> —\n      brouillon" in versions
