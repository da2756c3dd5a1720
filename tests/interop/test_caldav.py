"""Issue 13: the calendar against a real CalDAV server — Radicale on loopback, the ``caldav``
client: a patient's calendar uploaded, re-planned after an interruption, uploaded again and
read back: same UIDs, no duplicates, moved events moved, cancelled ones cancelled."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from caldav.collection import Calendar as DavCalendar
from caldav.davclient import DAVClient
from icalendar import Calendar, Component

from hadcoord.exports.ics import plan_to_ics
from hadcoord.planning import PlanRequest, build_plan, default_protocol
from hadcoord.planning.interruption import replan_after_interruption
from tests.interop.live import free_port

pytestmark = pytest.mark.slow  # a server process: a few seconds
USER, PASSWORD = "infirmiere", "mot-de-passe-radicale"
STAMP = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """Radicale on a free loopback port, temporary storage, one plain htpasswd user."""
    port = free_port()
    (tmp_path / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {tmp_path / 'users'}\n"
        "htpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n"
        "[rights]\ntype = owner_only\n[logging]\nlevel = warning\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"Radicale stopped: {stderr[-500:]}")
        try:
            requests.get(url, timeout=1)
        except requests.ConnectionError:
            time.sleep(0.05)
            continue
        return
    pytest.fail("Radicale did not answer")


def upload(calendar: DavCalendar, content: bytes) -> None:
    """One CalDAV resource per event (RFC 4791 §4.1: one UID per resource), named by UID."""
    source = Calendar.from_ical(content)
    zones = source.walk("VTIMEZONE")
    for event in source.walk("VEVENT"):
        single = Calendar()
        for name in ("PRODID", "VERSION"):
            single.add(name, source[name])
        for zone in zones:
            single.add_component(zone)
        single.add_component(event)
        # As the file says: no SEQUENCE bump by the client (caldav's default on every save).
        calendar.add_event(single.to_ical().decode(), increase_seqno=False)


def server_events(calendar: DavCalendar) -> list[Component]:
    """Every VEVENT the server holds, read back."""
    found = []
    resources = calendar.events()
    assert isinstance(resources, list)  # the synchronous client
    for resource in resources:
        found.extend(Calendar.from_ical(resource.data).walk("VEVENT"))
    return found


def test_a_replanned_calendar_updates_the_events_on_a_caldav_server(radicale: str) -> None:
    protocol = default_protocol()
    plan = build_plan(PlanRequest(start=datetime(2026, 3, 2, 10), indication="rr", cycles=1,
                                  change_days="mon-thu"), protocol)
    replanned = replan_after_interruption(plan, datetime(2026, 3, 18, 15),
                                          datetime(2026, 3, 20, 11), protocol, reason="crs:3")
    first = Calendar.from_ical(plan_to_ics(plan, protocol, stamp=STAMP, patient="P-0001"))
    second = Calendar.from_ical(plan_to_ics(replanned, protocol, stamp=STAMP,
                                            patient="P-0001"))
    with DAVClient(url=radicale, username=USER, password=PASSWORD) as client:
        principal = client.principal()  # type: ignore[no-untyped-call]
        calendar = principal.make_calendar(name="HAD — patient P-0001")
        upload(calendar, first.to_ical())
        before = {str(e["UID"]): e for e in server_events(calendar)}
        upload(calendar, second.to_ical())
        after = server_events(calendar)
    expected = {str(e["UID"]): e for e in second.walk("VEVENT")}
    uids = [str(e["UID"]) for e in after]
    assert len(uids) == len(set(uids))  # no duplicate
    assert set(before) == {str(e["UID"]) for e in first.walk("VEVENT")}
    assert set(uids) == set(expected) >= set(before)  # same UIDs, updated in place
    on_server = {str(e["UID"]): e for e in after}
    moved = [uid for uid in before if on_server[uid].decoded("DTSTART")
             != before[uid].decoded("DTSTART")]
    assert moved  # the interruption moved the later bag changes
    for uid in moved:
        assert on_server[uid].decoded("DTSTART") == expected[uid].decoded("DTSTART")
        assert on_server[uid].decoded("SEQUENCE") == before[uid].decoded("SEQUENCE") + 1
    cancelled = {uid for uid, e in on_server.items() if str(e.get("STATUS")) == "CANCELLED"}
    assert cancelled == {uid for uid, e in expected.items()
                         if str(e.get("STATUS")) == "CANCELLED"}
    assert cancelled
    assert cancelled <= set(before)  # only events that existed are cancelled
    assert any(uid.startswith("surveillance-20260320") for uid in cancelled)
