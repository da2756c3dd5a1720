"""Issue 13: a per-HAD calendar feed for the nurses' phones — a secret-token URL listing that
HAD's patients' day-hospital bag changes and home checks by reference, created and revoked by
the coordinator or the admin (CSRF, audited), stored hashed, each fetch audited, 404 alike for
an unknown or revoked token, rate-limited per client address."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import Engine, select

from hadcoord.config import Settings
from hadcoord.services.accounts import create_user
from hadcoord.services.calendar_feeds import token_hash
from hadcoord.store import AuditEvent, CalendarFeed, make_session_factory
from hadcoord.web import create_app
from tests.support.web import PASSWORD, ClientAs, Sessions, csrf_token, login, page_text
from tests.web.test_pathways import add_patient, choose, plan

MONTAUBAN = "had-ch-montauban"


def create(client: FlaskClient, had: str = MONTAUBAN, label: str = "équipe") -> str:
    """Create a feed through the page; the URL path it shows once."""
    page = client.get("/calendriers/").get_data(as_text=True)
    response = client.post("/calendriers/nouveau", data={
        "had": had, "label": label, "csrf_token": csrf_token(page)})
    assert response.status_code == 200, page_text(response)
    found = re.search(r'<input id="issued-feed" class="copy-source" type="url" '
                      r'value="https?://[^/]+(/calendriers/[^"]+\.ics)" readonly',
                      response.get_data(as_text=True))
    assert found, "the new feed's URL is not shown"
    return found.group(1)


def planned_patient(sessions: Sessions, client: FlaskClient, commune: str) -> int:
    patient_id = add_patient(sessions, commune)
    assert choose(client, patient_id).status_code == 302
    assert plan(client, patient_id).status_code == 302
    return patient_id


def test_a_feed_lists_its_had_patients_by_reference_only(
    sessions: Sessions, client_as: ClientAs, app: Flask
) -> None:
    coordinator = client_as("coordinator")
    planned_patient(sessions, coordinator, "82121")  # Montauban: HAD du CH de Montauban
    planned_patient(sessions, coordinator, "46042")  # Cahors: another HAD
    url = create(coordinator)
    response = app.test_client().get(url)  # no sign-in: a phone's calendar
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    calendar = Calendar.from_ical(body)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries
    assert all(summary.startswith("P-82121 · ") for summary in summaries)  # never Cahors'
    assert any("changement de poche" in summary for summary in summaries)
    assert any("Surveillance quotidienne" in summary for summary in summaries)
    assert not any("Hospitalisation" in summary or "Prémédication" in summary
                   for summary in summaries)
    assert "FICTIF" not in body
    assert "Lou" not in body
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_the_token_is_stored_hashed_and_each_fetch_is_audited(
    sessions: Sessions, client_as: ClientAs, app: Flask
) -> None:
    url = create(client_as("coordinator"))
    token = url.removeprefix("/calendriers/").removesuffix(".ics")
    with sessions() as session:
        feed = session.scalars(select(CalendarFeed)).one()
        assert feed.token_hash == token_hash(token) != token
        created = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "calendar_feed_created")).one()
        assert created.actor == "coordinator@example.fr"
        assert "HAD du CH de Montauban" in created.detail
        feed_id = feed.id
    assert token not in "".join(str(row) for row in _audit_texts(sessions))
    app.test_client().get(url, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    with sessions() as session:
        fetched = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "calendar_feed_fetched")).one()
        assert fetched.target == f"flux de calendrier {feed_id}"
        assert fetched.client == "192.0.2.7"
        assert session.get(CalendarFeed, feed_id).fetches == 1  # type: ignore[union-attr]


def _audit_texts(sessions: Sessions) -> list[tuple[str, str]]:
    with sessions() as session:
        return [(event.target, event.detail) for event in session.scalars(select(AuditEvent))]


def test_a_revoked_or_unknown_token_answers_the_same_404(
    sessions: Sessions, client_as: ClientAs, app: Flask
) -> None:
    coordinator = client_as("coordinator")
    url = create(coordinator)
    phone = app.test_client()
    assert phone.get(url).status_code == 200
    with sessions() as session:
        feed_id = session.scalars(select(CalendarFeed.id)).one()
    page = coordinator.get("/calendriers/").get_data(as_text=True)
    revoked = coordinator.post(f"/calendriers/{feed_id}/revoquer",
                               data={"csrf_token": csrf_token(page)})
    assert revoked.status_code == 302
    gone = phone.get(url)
    unknown = phone.get("/calendriers/" + "x" * 43 + ".ics")
    assert gone.status_code == unknown.status_code == 404
    assert gone.get_data() == unknown.get_data()
    assert phone.get("/calendriers/" + "x" * 500 + ".ics").status_code == 404
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "calendar_feed_revoked" in actions
    assert actions.count("calendar_feed_refused") == 3
    assert "révoqué" in page_text(coordinator.get("/calendriers/"))


def test_the_admin_manages_feeds_and_other_roles_cannot(client_as: ClientAs, app: Flask) -> None:
    create(client_as("admin"))
    for role in ("had_nurse", "pharmacist", "ars"):
        client = client_as(role)
        assert client.get("/calendriers/").status_code == 403
        assert client.post("/calendriers/nouveau", data={"had": MONTAUBAN}).status_code in (
            400, 403)
    anonymous = app.test_client().get("/calendriers/")
    assert anonymous.status_code == 302


def test_creating_needs_the_csrf_token_and_a_known_had(
    sessions: Sessions, client_as: ClientAs
) -> None:
    coordinator = client_as("coordinator")
    assert coordinator.post("/calendriers/nouveau", data={"had": MONTAUBAN}).status_code == 400
    page = coordinator.get("/calendriers/").get_data(as_text=True)
    refused = coordinator.post("/calendriers/nouveau", data={
        "had": "had-inconnue", "csrf_token": csrf_token(page)})
    assert refused.status_code == 422
    assert "Flux non créé : choisissez une HAD du référentiel." in page_text(refused)
    with sessions() as session:
        assert session.scalars(select(CalendarFeed)).all() == []


@pytest.fixture
def limited_app(settings: Settings) -> Iterator[Flask]:
    """The app with at most 2 feed requests per client address and minute."""
    security = settings.security.model_copy(update={"feed_requests_per_minute": 2})
    application = create_app({"TESTING": True},
                             settings=settings.model_copy(update={"security": security}))
    engine: Engine = application.extensions["hadcoord"]["engine"]
    with application.app_context(), make_session_factory(engine)() as session:
        create_user(session, "coordinator@example.fr", "coordinator", PASSWORD, None)
        session.commit()
    yield application
    engine.dispose()


def test_feed_fetches_are_rate_limited_per_client_address(limited_app: Flask) -> None:
    coordinator = limited_app.test_client()
    assert login(coordinator, "coordinator@example.fr") == 302
    url = create(coordinator)
    phone = limited_app.test_client()
    answers = [phone.get(url).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    other = phone.get(url, environ_base={"REMOTE_ADDR": "192.0.2.8"})
    assert other.status_code == 200
    assert phone.get(url).headers["Retry-After"].isdigit()


def test_the_new_address_can_be_copied(client_as: ClientAs) -> None:
    # A read-only field with its label (selectable without JavaScript) and a « Copier
    # l'adresse » button the script reveals, with a polite live region for its result.
    client = client_as("coordinator")
    page = client.get("/calendriers/").get_data(as_text=True)
    html = client.post("/calendriers/nouveau", data={
        "had": MONTAUBAN, "label": "", "csrf_token": csrf_token(page)}).get_data(as_text=True)
    assert '<label for="issued-feed">Adresse du nouveau flux' in html
    assert re.search(r'<input id="issued-feed"[^>]* readonly', html)
    assert re.search(r'<button type="button" class="copy-button" data-copy="issued-feed" '
                     r'aria-describedby="copy-status" hidden>Copier l\'adresse</button>', html)
    assert '<span id="copy-status" class="hint" aria-live="polite"></span>' in html
    script = client.get("/static/copy-address.js")
    try:
        assert script.status_code == 200
        assert "button.hidden = false" in script.get_data(as_text=True)
    finally:
        script.close()
