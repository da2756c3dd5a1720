"""Issue 14: the convention draft names the day hospital of the bag changes — the one chosen
from the contact directory for this pathway, else the default (IUCT-Oncopole)."""

from __future__ import annotations

from tests.support.web import ClientAs, Sessions, page_text
from tests.web.test_letters import letter_url, the_text
from tests.web.test_pathway_day_hospital import DEFAULT, NAME, add_day_hospital, pick
from tests.web.test_pathways import add_patient, choose, plan


def test_the_convention_names_the_chosen_day_hospital(sessions: Sessions,
                                                      client_as: ClientAs) -> None:
    client = client_as("coordinator")
    patient_id = add_patient(sessions, "12119")  # Laguiole: convention
    assert choose(client, patient_id).status_code == 302
    assert plan(client, patient_id).status_code == 302
    url = letter_url(sessions, patient_id, "convention_draft")
    before = the_text(client.get(url).get_data(as_text=True))
    assert f"Hôpital de jour des changements de poche : {DEFAULT}" in before
    assert add_day_hospital(client) == 302
    form = page_text(client.get(f"/patients/{patient_id}/parcours")).split(
        'id="form-hdj"', 1)[1].split("</form>", 1)[0]
    key = form.split(f">{NAME}", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    assert pick(client, patient_id, key) == 302
    text = the_text(client.get(url + "?regenerer=1").get_data(as_text=True))
    assert f"Hôpital de jour des changements de poche : {NAME} — tél. numéro à renseigner" \
        in text
    assert DEFAULT not in text
