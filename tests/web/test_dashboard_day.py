"""Issue 15: the dashboard's « Autre jour » says when the day typed cannot be read (next to
the field) instead of silently showing today; a French date is read as well as an ISO one."""

from __future__ import annotations

from tests.support.web import ClientAs, page_text


def test_an_unreadable_day_is_said_next_to_the_field(client_as: ClientAs) -> None:
    response = client_as("coordinator").get("/tableau-de-bord?jour=31/02/2026")
    text = page_text(response)
    assert response.status_code == 400
    error = text.split('id="jour-error"', 1)[1].split("</p>", 1)[0]
    assert "Date « 31/02/2026 » non reconnue" in error
    assert "JJ/MM/AAAA" in error
    assert 'aria-describedby="jour-error"' in text


def test_a_french_or_iso_day_opens_that_day(client_as: ClientAs) -> None:
    coordinator = client_as("coordinator")
    for asked in ("14/12/2026", "2026-12-14"):
        response = coordinator.get(f"/tableau-de-bord?jour={asked}")
        assert response.status_code == 200
        assert "Tableau de bord — 14/12/2026" in page_text(response)
        assert "jour-error" not in page_text(response)
