"""`[web].trusted_proxies`: the X-Forwarded-* headers believed only from configured proxies.

Without a trusted proxy (the default) a client that writes X-Forwarded-For itself would, if
believed, hide its address from the audit trail and escape the per-address sign-in throttle.
"""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import select

from hadcoord.config import Settings
from hadcoord.store import AuditEvent
from hadcoord.web import create_app
from tests.support.web import PASSWORD, Sessions, csrf_token

pytestmark = pytest.mark.security

FORGED = "203.0.113.9"  # TEST-NET-3: never a real client
PEER = "127.0.0.1"  # the test client's socket address (REMOTE_ADDR)


def behind(settings: Settings, hops: int, **web: object) -> Flask:
    """The app with ``hops`` trusted proxies (the test database of ``settings``)."""
    return create_app({"TESTING": True}, settings=settings.model_copy(update={
        "web": settings.web.model_copy(update={"trusted_proxies": hops, **web})}))


def failed_login(app: Flask, headers: dict[str, str]) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/login", headers=headers).get_data(as_text=True))
    response = client.post("/login", headers=headers, data={
        "email": "coordinator@example.fr", "password": "pas-le-bon-mot-de-passe",
        "csrf_token": token})
    assert response.status_code == 401


def failed_login_clients(sessions: Sessions) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent.client)
                                    .where(AuditEvent.action == "login_failed")))


def test_without_trusted_proxy_a_forged_forwarded_for_is_ignored(
        app: Flask, settings: Settings, sessions: Sessions) -> None:
    assert settings.web.trusted_proxies == 0  # the shipped default
    failed_login(app, {"X-Forwarded-For": FORGED})
    assert failed_login_clients(sessions) == [PEER]


def test_with_one_trusted_proxy_the_client_address_is_the_forwarded_one(
        app: Flask, settings: Settings, sessions: Sessions) -> None:
    failed_login(behind(settings, 1), {"X-Forwarded-For": FORGED})
    assert failed_login_clients(sessions) == [FORGED]


def test_one_trusted_proxy_believes_only_the_address_its_proxy_added(
        app: Flask, settings: Settings, sessions: Sessions) -> None:
    # The client wrote "198.51.100.7" itself; nginx appended the address it saw (FORGED here).
    failed_login(behind(settings, 1), {"X-Forwarded-For": f"198.51.100.7, {FORGED}"})
    assert failed_login_clients(sessions) == [FORGED]


def test_the_throttle_counts_the_real_address_when_no_proxy_is_trusted(
        app: Flask, settings: Settings, sessions: Sessions) -> None:
    # A new forged address on each try does not give a new throttle key: 5 failures, then
    # the 6th try (another "address") is still delayed.
    for number in range(5):
        failed_login(app, {"X-Forwarded-For": f"198.51.100.{number}"})
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", headers={"X-Forwarded-For": "198.51.100.99"}, data={
        "email": "pharmacist@example.fr", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 429


def test_forwarded_scheme_and_host_only_from_a_trusted_proxy(app: Flask,
                                                             settings: Settings) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hadcoord.example"}
    urls = {}
    for hops, application in ((0, app), (1, behind(settings, 1))):
        client = application.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        assert client.post("/login", data={
            "email": "ars@example.fr", "password": PASSWORD, "csrf_token": token}
        ).status_code == 302
        bundle = json.loads(client.get("/fhir/HealthcareService", headers=headers).data)
        urls[hops] = bundle["entry"][0]["fullUrl"]
    assert urls[0].startswith("http://localhost/fhir/")
    assert urls[1].startswith("https://hadcoord.example/fhir/")


def test_secure_cookie_behind_a_tls_proxy(app: Flask, settings: Settings) -> None:
    # nginx ends TLS and talks plain HTTP to the app: the cookie is still Secure + __Host-,
    # and with the proxy trusted the CSRF referrer check of HTTPS applies to the public host.
    client = behind(settings, 1, https=True).test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hadcoord.example"}
    page = client.get("/login", headers=headers)
    assert "max-age" in page.headers["Strict-Transport-Security"]
    data = {"email": "coordinator@example.fr", "password": PASSWORD,
            "csrf_token": csrf_token(page.get_data(as_text=True))}
    cross_site = client.post("/login", data=data,
                             headers={**headers, "Referer": "https://evil.example/login"})
    assert cross_site.status_code == 400
    response = client.post("/login", data=data,
                           headers={**headers, "Referer": "https://hadcoord.example/login"})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie
