"""Response headers the ASVS 4.0.3 level-2 review (docs/asvs-l2.md) found missing."""

from __future__ import annotations

import pytest

from tests.support.web import ClientAs

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
