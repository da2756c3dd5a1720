"""Times a user reads are Paris local time: the in-app notification, the morning digest, the
surveillance page and the audit page agree (stored timestamps stay UTC)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select

from hadcoord.clock import PARIS, FrozenClock
from hadcoord.planning import default_protocol
from hadcoord.services.digest import morning_digest
from hadcoord.services.digest_text import digest_message
from hadcoord.store import Alert, DailyCheckRecord
from tests.checks.test_views import Client, page, red_check
from tests.support.checks import MakeDocument
from tests.support.web import Sessions

# The check is made an hour before "now": 15:20 in Paris, 14:20 UTC (winter time).
AT_16_20 = dt.datetime(2026, 12, 1, 16, 20, tzinfo=PARIS)


@pytest.mark.parametrize("frozen_clock", [AT_16_20], indirect=True)
def test_the_notification_gives_the_paris_time_of_the_check(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    red_check(client_as, patients, check_doc)
    text = page(client_as("coordinator"), "/notifications/")
    assert "relevé du 01/12/2026 à 15:20 (heure de Paris) par had_nurse@example.fr" in text
    assert "UTC" not in text
    assert "14:20" not in text
    with sessions() as session:
        stored = session.scalars(select(DailyCheckRecord.recorded_at)).one()
    assert stored == dt.datetime(2026, 12, 1, 14, 20, tzinfo=dt.UTC)  # stored in UTC
    listing = client_as("coordinator").get(f"/api/patients/{patients['mine']}/checks")
    assert listing.get_json()[0]["recorded_at"] == "2026-12-01T15:20:00+01:00"


@pytest.mark.parametrize("frozen_clock", [AT_16_20], indirect=True)
def test_the_digest_lists_the_alert_at_the_time_the_surveillance_page_shows(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    red_check(client_as, patients, check_doc)
    assert "<td>01/12 16:20</td>" in page(client_as("coordinator"), "/surveillance/")
    frozen_clock.set(dt.datetime(2026, 12, 2, 7, 30, tzinfo=PARIS))
    with sessions() as session:
        created = session.scalars(select(Alert.created_at)).one()
        digest = morning_digest(session, dt.date(2026, 12, 2), default_protocol())
        for names in (True, False):
            _subject, body = digest_message(digest, names=names)
            assert body.startswith("Synthèse du 02/12/2026 (heures de Paris).")
            assert "ROUGE 01/12 16:20 " in body
            assert "15:20" not in body
    assert created == dt.datetime(2026, 12, 1, 15, 20, tzinfo=dt.UTC)


@pytest.mark.parametrize("frozen_clock", [dt.datetime(2026, 7, 14, 23, 30, tzinfo=PARIS)],
                         indirect=True)
def test_the_audit_page_is_in_paris_time(frozen_clock: FrozenClock,
                                         client_as: Client) -> None:
    client_as("coordinator")  # the login is audited at 23:30 Paris, 21:30 UTC (summer time)
    text = html.unescape(client_as("admin").get("/admin/audit").get_data(as_text=True))
    assert "<th>Date (heure de Paris)</th>" in text
    assert "<td>14/07/2026 23:30:00</td>" in text
    assert "21:30:00" not in text
