"""Issue 14: after a re-plan, the bags the pharmacy already saw in its coming production days
are flagged « modifié » on its list and in the CSV, until a pharmacist marks them as seen."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.store import AuditEvent
from tests.support.web import ClientAs, Sessions, csrf_token, page_text
from tests.web.test_pathways import START, add_patient, choose, plan

PERIOD = f"?from={START.isoformat()}&to={(START + dt.timedelta(days=20)).isoformat()}"


def modified_rows(pharmacy: FlaskClient) -> list[list[str]]:
    body = pharmacy.get(f"/pharmacie/preparations.csv{PERIOD}").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][-1] == "Modifié depuis la dernière consultation"
    return [row for row in rows[1:] if row[-1] == "modifié"]


def test_a_replan_moving_the_start_flags_the_bags_the_pharmacy_saw(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "82121")
    coordinator = client_as("coordinator")
    choose(coordinator, patient_id)
    assert plan(coordinator, patient_id).status_code == 302
    pharmacy = client_as("pharmacist")
    first = page_text(pharmacy.get(f"/pharmacie/{PERIOD}"))
    assert "P-82121" in first
    assert "modifié" not in first  # seen for the first time: nothing to flag
    assert modified_rows(pharmacy) == []
    later = (START + dt.timedelta(days=1)).isoformat()
    assert plan(coordinator, patient_id, start_date=later, confirm="1").status_code == 302
    # The coordinator looking at the list does not count as the pharmacy having seen it.
    assert '<span class="badge badge-red">modifié</span>' in page_text(
        coordinator.get(f"/pharmacie/{PERIOD}"))
    listing = page_text(pharmacy.get(f"/pharmacie/{PERIOD}"))
    assert '<span class="badge badge-red">modifié</span>' in listing
    assert "poche(s) modifiée(s) depuis votre dernière consultation" in listing
    flagged = modified_rows(pharmacy)
    assert flagged
    assert {row[1] for row in flagged} == {"P-82121"}
    # Marked as seen: the flags go, and the acknowledgement is audited.
    answer = pharmacy.post("/pharmacie/vu", data={
        "from": START.isoformat(), "to": (START + dt.timedelta(days=20)).isoformat(),
        "csrf_token": csrf_token(listing)})
    assert answer.status_code == 302
    assert "modifié</span>" not in page_text(pharmacy.get(f"/pharmacie/{PERIOD}"))
    assert modified_rows(pharmacy) == []
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "liste de préparation")).all()
    assert any("marquée(s) comme vue(s)" in detail for detail in details)


def test_an_unchanged_plan_is_never_flagged(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "82121")
    coordinator = client_as("coordinator")
    choose(coordinator, patient_id)
    plan(coordinator, patient_id)
    pharmacy = client_as("pharmacist")
    pharmacy.get(f"/pharmacie/{PERIOD}")
    # A later period: bags the pharmacy has not listed yet are not changes.
    later = (f"?from={(START + dt.timedelta(days=21)).isoformat()}"
             f"&to={(START + dt.timedelta(days=40)).isoformat()}")
    assert "modifié</span>" not in page_text(pharmacy.get(f"/pharmacie/{later}"))
    assert modified_rows(pharmacy) == []
