"""The audit trail (issue 16): hash chain and `hadcoord audit verify`, no UPDATE/DELETE, the
purge that records itself, the events that were not recorded, origins, the admin's page."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from hadcoord import clock
from hadcoord.cli import main
from hadcoord.config import Settings
from hadcoord.services import audit
from hadcoord.store import AuditEvent
from tests.support.web import ClientAs, Sessions, csrf_token, page_text


def events(sessions: Sessions, **where: object) -> list[AuditEvent]:
    with sessions() as session:
        query = select(AuditEvent).order_by(AuditEvent.seq)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        return list(session.scalars(query))


def record_some(sessions: Sessions, count: int, action: str = "login_failed",
                patient_id: int | None = None) -> None:
    with sessions() as session:
        for _ in range(count):
            audit.record(session, None, action, patient_id=patient_id, detail="essai")
        session.commit()


def verify(settings: Settings) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", "verify"], obj=settings)
    return result.exit_code, result.output


def drop_guards(engine: Engine) -> None:
    """What an intruder with the database's owner rights would do first."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_events_no_update"))
            connection.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            connection.execute(text("DROP TRIGGER audit_events_no_change ON audit_events"))


def test_every_event_is_chained_and_verify_says_so(settings: Settings,
                                                   sessions: Sessions) -> None:
    record_some(sessions, 5)
    chain = events(sessions)
    assert [event.seq for event in chain] == list(range(1, len(chain) + 1))
    assert all(later.prev_hash == earlier.row_hash
               for earlier, later in itertools.pairwise(chain))
    status, output = verify(settings)
    assert status == 0, output
    assert f"{len(chain)} événement(s) vérifié(s)" in output
    assert chain[-1].row_hash in output


def test_verify_names_the_first_altered_event(settings: Settings, sessions: Sessions,
                                              db_engine: Engine) -> None:
    record_some(sessions, 6)
    drop_guards(db_engine)
    with db_engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET detail = 'rien' WHERE seq = 3"))
    status, output = verify(settings)
    assert status == 1
    assert "l'événement n° 3 a été modifié" in output


def test_verify_names_a_deleted_event(settings: Settings, sessions: Sessions,
                                      db_engine: Engine) -> None:
    record_some(sessions, 6)
    drop_guards(db_engine)
    with db_engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 4"))
    status, output = verify(settings)
    assert status == 1
    assert "n° 4 manquant" in output


def test_verify_notices_the_latest_events_removed(settings: Settings, sessions: Sessions,
                                                  db_engine: Engine) -> None:
    record_some(sessions, 6)
    drop_guards(db_engine)
    with db_engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq >= 5"))
    status, output = verify(settings)
    assert status == 1
    assert "les derniers événements manquent" in output


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET detail = 'rien'",
    "DELETE FROM audit_events",
])
def test_the_database_refuses_to_change_the_trail(statement: str, sessions: Sessions,
                                                  db_engine: Engine) -> None:
    record_some(sessions, 2)
    with pytest.raises(DBAPIError, match="journal d'audit"), db_engine.begin() as connection:
        connection.execute(text(statement))
    assert len(events(sessions)) == 2


def test_purge_only_through_the_command_which_records_itself(
        settings: Settings, sessions: Sessions, db_engine: Engine,
        frozen_clock: clock.FrozenClock) -> None:
    record_some(sessions, 3)  # 01/12/2026
    frozen_clock.advance(dt.timedelta(days=200))  # the purge keeps six months at least
    record_some(sessions, 2)
    result = CliRunner().invoke(main, ["audit", "purge", "--before", "2026-12-15", "--yes"],
                                obj=settings)
    assert result.exit_code == 0, result.output
    assert "3 événement(s) antérieur(s) au 15/12/2026 supprimé(s)" in result.output
    left = events(sessions)
    assert [event.seq for event in left] == [4, 5, 6]
    assert left[-1].action == "audit_purge"
    assert left[-1].client == "ligne de commande"
    assert verify(settings)[0] == 0
    with pytest.raises(DBAPIError), db_engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 4"))


def test_purge_needs_a_date_without_a_retention(settings: Settings) -> None:
    result = CliRunner().invoke(main, ["audit", "purge", "--yes"], obj=settings)
    assert result.exit_code == 2
    assert "aucune durée de conservation" in result.output


@pytest.mark.usefixtures("patients")
@pytest.mark.parametrize(("role", "path", "patient_id"), [
    ("pharmacist", "/patients/1", 1),
    ("ars", "/api/patients/1/plan", 1),
    ("had_nurse", "/admin/audit", None),
])
def test_role_refusals_are_recorded_with_origin(role: str, path: str, patient_id: int | None,
                                                client_as: ClientAs,
                                                sessions: Sessions) -> None:
    assert client_as(role).get(path).status_code == 403
    refused = events(sessions, action="access_denied")
    assert [(e.actor, e.target, e.patient_id) for e in refused] == [
        (f"{role}@example.fr", path, patient_id)]
    assert refused[0].client == "127.0.0.1"
    assert len(refused[0].session_ref) == 16


def test_anonymous_access_is_recorded(app: Flask, sessions: Sessions) -> None:
    client = app.test_client()
    assert client.get("/patients/7").status_code == 302
    assert [(e.actor, e.patient_id, e.target) for e in events(
        sessions, action="access_anonymous")] == [("anonyme", 7, "/patients/7")]


@pytest.mark.parametrize(("role", "path", "action", "target"), [
    ("coordinator", "/patients/", "read_list", "liste des patients"),
    ("coordinator", "/tableau-de-bord", "read_list", "tableau de bord"),
    ("had_nurse", "/notifications/", "read_list", "notifications"),
    ("pharmacist", "/pharmacie/preparations.csv", "export", "liste de préparation (CSV)"),
    ("admin", "/admin/audit", "read", "journal d'audit"),
    ("admin", "/admin/users", "read", "comptes"),
])
def test_pages_that_show_names_are_recorded(*, role: str, path: str, action: str, target: str,
                                            client_as: ClientAs, sessions: Sessions) -> None:
    client = client_as(role)
    assert client.get(path).status_code == 200
    recorded = events(sessions, action=action, target=target)
    assert [e.actor for e in recorded] == [f"{role}@example.fr"]
    assert recorded[0].client == "127.0.0.1"
    assert recorded[0].session_ref


def test_logout_is_recorded(client_as: ClientAs, sessions: Sessions) -> None:
    client = client_as("coordinator")
    token = csrf_token(client.get("/patients/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert [e.actor for e in events(sessions, action="logout")] == ["coordinator@example.fr"]


def test_the_audit_page_has_pages_and_filters(client_as: ClientAs, sessions: Sessions) -> None:
    record_some(sessions, 1, action="read", patient_id=42)
    record_some(sessions, 250)  # 250 failed sign-ins no longer push the read off the page
    admin = client_as("admin")
    first = page_text(admin.get("/admin/audit"))
    assert "page 1 sur 3" in first
    assert "plus anciens" in first
    filtered = admin.get("/admin/audit?action=read&patient=42")
    assert filtered.status_code == 200
    assert "1 événement(s) correspondant aux filtres" in page_text(filtered)
    last = page_text(admin.get("/admin/audit?page=3"))
    assert "page 3 sur 3" in last


@pytest.mark.parametrize(("query", "message"), [
    ("patient=abc", "« abc » n'est pas un numéro de patient"),
    ("from=2026-13-01", "date « 2026-13-01 » invalide"),
    ("from=2026-12-02&to=2026-12-01", "la date de fin précède la date de début"),
    ("action=effacer", "action « effacer » inconnue"),
])
def test_bad_filters_are_french_errors_next_to_the_field(query: str, message: str,
                                                         client_as: ClientAs) -> None:
    response = client_as("admin").get(f"/admin/audit?{query}")
    assert response.status_code == 400
    assert message in page_text(response)
    assert 'aria-invalid="true"' in page_text(response)
    csv = client_as("admin").get(f"/admin/audit.csv?{query}")
    assert csv.status_code == 400


def test_csv_export_for_the_dpo(client_as: ClientAs, sessions: Sessions,
                                frozen_clock: clock.FrozenClock) -> None:
    record_some(sessions, 2, action="read", patient_id=42)
    response = client_as("admin").get("/admin/audit.csv?patient=42")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("n°;date (heure de Paris);qui;action;patient")
    assert len(lines) == 3
    assert all(";lecture;42;" in line for line in lines[1:])
    assert "01/12/2026 10:00:00" in lines[1]
    with sessions() as session:
        exported = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "export", AuditEvent.target == "journal d'audit (CSV)"))
    assert exported == 1


