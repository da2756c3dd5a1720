"""Response headers the ASVS 4.0.3 level-2 review (docs/asvs-l2.md) found missing."""

from __future__ import annotations

import re

import pytest
from werkzeug.test import TestResponse

from tests.support.web import ClientAs, Sessions
from tests.web.test_pathways import add_patient

pytestmark = pytest.mark.security


@pytest.mark.parametrize("path", ["/api/communes?q=Rodez", "/api/openapi.json",
                                  "/fhir/HealthcareService", "/api/communes?q="])
def test_api_answers_are_attachments(client_as: ClientAs, path: str) -> None:
    """ASVS 14.4.2: an API answer opened directly in a browser is downloaded, not rendered."""
    response = client_as("ars").get(path)
    assert response.headers["Content-Disposition"] == 'attachment; filename="api.json"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_are_not_attachments(client_as: ClientAs) -> None:
    assert "Content-Disposition" not in client_as("ars").get("/ars/").headers


# ASVS 14.4.3: the main pages of each role, as rendered (maps excepted: their own document).
APP_PAGES = [
    ("coordinator", "/tableau-de-bord"), ("coordinator", "/patients/"),
    ("coordinator", "/pharmacie/"), ("pharmacist", "/pharmacie/"), ("had_nurse", "/patients/"),
    ("ars", "/ars/"), ("ars", "/ars/classement?date=2018-01-15"), ("ars", "/ars/sources"),
    ("ars", "/ars/scenarios/"), ("ars", "/ars/scenarios/nouveau"), ("admin", "/admin/users"),
    ("admin", "/admin/audit"), ("admin", "/compte/mot-de-passe"), ("ars", "/compte/sessions"),
    ("coordinator", "/tableau-de-bord?jour=pas-une-date"), ("ars", "/page-absente"),
    ("ars", "/tableau-de-bord"),
]
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
BARE_STYLE_ELEMENT = re.compile(r"<style(?![^>]*\snonce=)[^>]*>", re.IGNORECASE)


def _assert_strict_styles(response: TestResponse) -> None:
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy, policy
    html = response.get_data(as_text=True)
    assert not STYLE_ATTRIBUTE.search(html), STYLE_ATTRIBUTE.search(html)
    assert not BARE_STYLE_ELEMENT.search(html)


@pytest.mark.parametrize(("role", "path"), APP_PAGES)
def test_app_pages_need_no_inline_style(client_as: ClientAs, role: str, path: str) -> None:
    """ASVS 14.4.3: no page relies on inline styles, so the CSP can refuse them all."""
    response = client_as(role).get(path)
    assert response.status_code in (200, 400, 403, 404)
    _assert_strict_styles(response)


def test_pathway_page_needs_no_inline_style(client_as: ClientAs, sessions: Sessions) -> None:
    patient_id = add_patient(sessions, "82121")
    client = client_as("coordinator")
    for path in (f"/patients/{patient_id}", f"/patients/{patient_id}/parcours"):
        response = client.get(path)
        assert response.status_code == 200
        _assert_strict_styles(response)
