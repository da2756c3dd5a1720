"""iCalendar export: updates reach the phones (RFC 5545 UID, SEQUENCE, STATUS, VALARM)."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from hadcoord.exports.ics import plan_to_ics
from hadcoord.planning import Plan, Protocol
from hadcoord.planning.interruption import replan_after_interruption
from tests.planning.conftest import Build

STAMP = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _events(content: bytes) -> dict[str, dict[str, str]]:
    calendar = Calendar.from_ical(content)
    return {str(e["UID"]): {"start": e.decoded("DTSTART").isoformat(),
                            "status": str(e.get("STATUS", "")),
                            "sequence": str(e.get("SEQUENCE", "")),
                            "summary": str(e["SUMMARY"]),
                            "location": str(e.get("LOCATION", "")),
                            "description": str(e.get("DESCRIPTION", "")),
                            "alarms": str(len(e.subcomponents))}
            for e in calendar.walk("VEVENT")}


def _ics(plan: Plan, protocol: Protocol, patient: str) -> dict[str, dict[str, str]]:
    return _events(plan_to_ics(plan, protocol, stamp=STAMP, patient=patient))


def test_two_patients_with_the_same_start_share_no_uid(build: Build,
                                                       protocol: Protocol) -> None:
    # Two patients starting the same hour used to share all their UIDs (hdj-20261214T1000@…):
    # a calendar importing both merged their events (RFC 5545 §3.8.4.7).
    plan = build("2026-03-02T10:00")
    first, second = _ics(plan, protocol, "P-0001"), _ics(plan, protocol, "P-0002")
    assert len(first) == len(second) > 0
    assert not set(first) & set(second)
    content = plan_to_ics(plan, protocol, stamp=STAMP, patient="P-0001").decode()
    assert "P-0001" not in content  # a calendar for a HAD team: no reference, no name


def test_a_replan_updates_events_instead_of_duplicating_them(build: Build,
                                                             protocol: Protocol) -> None:
    plan = build("2026-03-02T10:00")
    before = _ics(plan, protocol, "P-0001")
    replanned = replan_after_interruption(plan, datetime(2026, 3, 18, 15),
                                          datetime(2026, 3, 20, 11), protocol)
    after = _ics(replanned, protocol, "P-0001")
    # Every event of the first version is still there (moved, or cancelled); SEQUENCE grows.
    assert set(before) <= set(after)
    assert {e["sequence"] for e in before.values()} == {"0"}
    assert {e["sequence"] for e in after.values()} == {"1"}
    moved = [uid for uid in before if after[uid]["start"] != before[uid]["start"]
             and after[uid]["status"] == "CONFIRMED"]
    assert moved
    cancelled = [uid for uid, e in after.items() if e["status"] == "CANCELLED"]
    # The restart adds a stay and a premedication; the days in hospital lose their home check.
    assert all(uid in before for uid in cancelled)
    assert any(uid.startswith("surveillance-20260320") for uid in cancelled)
    # Same file twice: same UIDs (stable across re-plans).
    assert _ics(replanned, protocol, "P-0001") == after


def test_location_reminder_and_decimal_comma(build: Build, protocol: Protocol) -> None:
    events = _ics(build("2026-03-02T10:00"), protocol, "P-0001").values()
    visits = [e for e in events if e["summary"].startswith("Hôpital de jour")]
    assert {e["location"] for e in visits} == {"Hôpital de jour d'hématologie, IUCT-Oncopole"}
    assert {e["alarms"] for e in visits} == {"1"}
    assert any("contenu de la poche 88,67 µg (dose délivrée 84 µg)"
               in e["description"].replace("\u00a0", " ") for e in visits)  # no-break space
    assert not any("88.67" in e["description"] for e in events)
    stays = [e for e in events if e["summary"].startswith("Hospitalisation")]
    assert {e["location"] for e in stays} == {"Service d'hématologie, IUCT-Oncopole"}
    checks = [e for e in events if e["summary"].startswith("Surveillance")]
    assert {e["location"] for e in checks} == {"Domicile du patient (HAD)"}
