"""What the schemathesis run found in the JSON API, kept as regressions."""

from __future__ import annotations

import pytest

from tests.support.web import ClientAs


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_id_beyond_the_bounds_is_not_found_not_405(client_as: ClientAs, method: str) -> None:
    """GET and POST are two rules on one path: Werkzeug checked the method before the bounded
    converter, so an id above 2,147,483,647 answered 405 (« use POST ») instead of 404."""
    client = client_as("had_nurse")
    response = client.open("/api/patients/2147483648/checks", method=method, json={})
    assert response.status_code == 404
    assert response.get_json() == {"error": "Page introuvable."}
    assert "Allow" not in response.headers


def test_a_wrong_method_is_still_405(client_as: ClientAs) -> None:
    response = client_as("had_nurse").delete("/api/patients/1/checks")
    assert response.status_code == 405
    assert response.get_json() == {"error": "Méthode non autorisée."}
