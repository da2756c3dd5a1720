"""Issue 13: an interruption with its reason from the pathway page — the core's SmPC 4.2 rules,
the difference shown before saving, a permanent stop refused with its French reason next to
the field, nothing saved on bad input, audited."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from hadcoord.store import AuditEvent, PathwayInterruption
from tests.support.web import ClientAs, Sessions, csrf_token, page_text
from tests.web.test_pathways import START, add_patient, choose, plan

# Cycle 1 starts at START 10:00: 9 µg/day for 7 days, then 28 µg/day; at home from day 10.
AT_HOME = START + dt.timedelta(days=12)


def interrupt(client: FlaskClient, patient_id: int, **changes: str) -> TestResponse:
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    data = {"stop_date": AT_HOME.isoformat(), "stop_time": "15:00",
            "resume_date": (AT_HOME + dt.timedelta(days=2)).isoformat(), "resume_time": "11:00",
            "reason": "crs:3", "csrf_token": csrf_token(page), **changes}
    return client.post(f"/patients/{patient_id}/interruption", data=data)


def saved(sessions: Sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(PathwayInterruption)) or 0


def planned(sessions: Sessions, client_as: ClientAs) -> tuple[FlaskClient, int]:
    patient_id = add_patient(sessions, "82121")
    client = client_as("coordinator")
    choose(client, patient_id)
    assert plan(client, patient_id, cycles="1").status_code == 302
    return client, patient_id


def test_an_interruption_shows_what_changes_then_is_saved_and_audited(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client, patient_id = planned(sessions, client_as)
    assert 'id="form-interruption"' in page_text(client.get(f"/patients/{patient_id}/parcours"))
    preview = interrupt(client, patient_id)
    assert preview.status_code == 200
    text = page_text(preview)
    assert "Ce que l'interruption change" in text
    assert "poche(s) déplacée(s)" in text
    assert "Confirmer l'interruption" in text
    assert saved(sessions) == 0  # nothing before the confirmation
    confirmed = interrupt(client, patient_id, confirm="1")
    assert confirmed.status_code == 302
    assert saved(sessions) == 1
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert "syndrome de relargage cytokinique de grade 3" in page
    assert "reprise à 9 µg/j" in page
    with sessions() as session:
        detail = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "interruption")).one()
    assert f"arrêt le {AT_HOME:%d/%m/%Y} 15:00" in detail
    # The calendar follows: a new version of the same events, the gone ones cancelled.
    calendar = Calendar.from_ical(client.get(f"/patients/{patient_id}/calendrier.ics").data)
    events = calendar.walk("VEVENT")
    assert {event.decoded("SEQUENCE") for event in events} == {1}
    assert any(str(event["STATUS"]) == "CANCELLED" for event in events)
    plan_json = client.get(f"/api/patients/{patient_id}/plan").get_json()
    assert plan_json["interruptions"][0]["reason"] == "crs:3"


def test_a_permanent_stop_is_refused_with_its_reason_next_to_the_field(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client, patient_id = planned(sessions, client_as)
    refused = interrupt(client, patient_id, reason="crs:4", confirm="1")
    assert refused.status_code == 422
    text = page_text(refused)
    assert ('<p class="field-error" role="alert">Arrêt définitif du blinatumomab (crs:4) : '
            "grade 4 (RCP 4.2)") in text
    assert "L'interruption contient des erreurs : rien n'a été enregistré." in text
    # A neurological event at 9 µg/day (cycle 1, first week): permanent stop as well.
    early = interrupt(client, patient_id, reason="neuro:3",
                      stop_date=(START + dt.timedelta(days=3)).isoformat(),
                      resume_date=(START + dt.timedelta(days=7)).isoformat())
    assert early.status_code == 422
    assert "toxicité neurologique survenue à 9 µg/j" in page_text(early)
    assert saved(sessions) == 0


def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client, patient_id = planned(sessions, client_as)
    backwards = interrupt(client, patient_id, resume_date=AT_HOME.isoformat(),
                          resume_time="09:00", confirm="1")
    assert backwards.status_code == 422
    assert ('<p class="field-error" role="alert">La reprise doit suivre l\'arrêt de la '
            "perfusion.") in page_text(backwards)
    outside = interrupt(client, patient_id, stop_date=(START + dt.timedelta(days=35)).isoformat(),
                        resume_date=(START + dt.timedelta(days=36)).isoformat())
    assert outside.status_code == 422
    assert "ne tombe pendant aucune perfusion" in page_text(outside)
    missing = interrupt(client, patient_id, stop_time="", reason="inconnu")
    assert missing.status_code == 422
    text = page_text(missing)
    assert "Ce champ est obligatoire." in text
    assert "Choix invalide : choisissez une valeur de la liste." in text
    half_hour = interrupt(client, patient_id, stop_time="15:30", confirm="1")
    assert half_hour.status_code == 422
    assert "doit tomber sur une heure pleine" in page_text(half_hour)
    assert saved(sessions) == 0


def test_an_out_of_hours_resume_is_moved_and_the_page_says_why(
    sessions: Sessions, client_as: ClientAs
) -> None:
    # Issue 13: a resume asked for at 03:00 cannot be hung (no bag, no ward slot): the preview
    # and the saved interruption say when it really happens and why.
    client, patient_id = planned(sessions, client_as)
    preview = page_text(interrupt(client, patient_id, resume_time="03:00", reason="technical"))
    assert "Reprise demandée le" in preview
    assert "à 03:00, planifiée le" in preview
    assert interrupt(client, patient_id, resume_time="03:00", reason="technical",
                     confirm="1").status_code == 302
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert "à 03:00, planifiée le" in page


DECISION = AT_HOME + dt.timedelta(days=1)  # the day after the stop, before the resume


def test_the_decision_to_restart_is_asked_shown_and_stored(
    sessions: Sessions, client_as: ClientAs
) -> None:
    # Issue 13: the restart bag is prepared after the decision to restart; typed JJ/MM/AAAA.
    client, patient_id = planned(sessions, client_as)
    form = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert "Décision de reprise : date (facultative, par défaut l'arrêt)" in form
    typed = {"decision_date": f"{DECISION:%d/%m/%Y}", "decision_time": "09:00"}
    preview = page_text(interrupt(client, patient_id, **typed))
    assert f"Décision de reprise le {DECISION:%d/%m/%Y} à 09:00" in preview
    assert saved(sessions) == 0
    assert interrupt(client, patient_id, confirm="1", **typed).status_code == 302
    with sessions() as session:
        stored = session.scalars(select(PathwayInterruption)).one()
        detail = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "interruption")).one()
    assert stored.decided_at == dt.datetime.combine(DECISION, dt.time(9))
    assert f"décision le {DECISION:%d/%m/%Y} 09:00" in detail
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert f"décision de reprise le {DECISION:%d/%m/%Y} à 09:00" in page
    plan_json = client.get(f"/api/patients/{patient_id}/plan").get_json()
    assert plan_json["interruptions"][0]["decided_at"].startswith(f"{DECISION}T09:00")


def test_without_a_decision_the_stop_is_the_decision(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client, patient_id = planned(sessions, client_as)
    assert interrupt(client, patient_id, confirm="1").status_code == 302
    with sessions() as session:
        assert session.scalars(select(PathwayInterruption.decided_at)).one() is None
    plan_json = client.get(f"/api/patients/{patient_id}/plan").get_json()
    assert plan_json["interruptions"][0]["decided_at"].startswith(f"{AT_HOME}T15:00")


def test_a_decision_outside_the_interruption_is_refused_next_to_the_field(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client, patient_id = planned(sessions, client_as)
    before = interrupt(client, patient_id, decision_date=AT_HOME.isoformat(),
                       decision_time="14:00", confirm="1")
    assert before.status_code == 422
    assert ('<p class="field-error" role="alert">La décision de reprise ne peut pas précéder '
            "l'arrêt de la perfusion.") in page_text(before)
    after = interrupt(client, patient_id,
                      decision_date=(AT_HOME + dt.timedelta(days=2)).isoformat(),
                      decision_time="12:00", confirm="1")
    assert after.status_code == 422
    assert ('<p class="field-error" role="alert">La décision de reprise ne peut pas suivre la '
            "reprise demandée.") in page_text(after)
    no_time = interrupt(client, patient_id, decision_date=DECISION.isoformat(), confirm="1")
    assert no_time.status_code == 422
    assert ('<p class="field-error" role="alert">Indiquez aussi l\'heure de la décision.'
            in page_text(no_time))
    half_hour = interrupt(client, patient_id, decision_date=DECISION.isoformat(),
                          decision_time="09:30", confirm="1")
    assert half_hour.status_code == 422
    assert (f'<p class="field-error" role="alert">La décision de reprise {DECISION} 09:30 doit '
            "tomber sur une heure pleine") in page_text(half_hour)
    bad = interrupt(client, patient_id, decision_date="31/02/2027", decision_time="09:00")
    assert bad.status_code == 422
    assert "Date invalide (format attendu : JJ/MM/AAAA)." in page_text(bad)
    assert saved(sessions) == 0
