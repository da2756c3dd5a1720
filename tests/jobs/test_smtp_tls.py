"""E-mail through a relay that demands STARTTLS and an account (issue 16).

A real aiosmtpd server on the loopback with a certificate made by the test (trustme: a CA
of its own, a certificate for 127.0.0.1), refusing AUTH before TLS and mail before AUTH.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.config.jobs import SmtpSettings
from hadcoord.errors import ConfigError
from hadcoord.services.mailer import send_email
from tests.jobs.conftest import Mailbox, free_port

USER, PASSWORD = "hadcoord", "relais-de-test-1"
Relay = tuple[Mailbox, int, Path, list[str]]


class Accounts:
    """The relay's one account; the logins it accepted."""

    def __init__(self) -> None:
        self.logins: list[str] = []

    def __call__(self, _server: Any, session: Any, _envelope: Any, _mechanism: str,
                 data: Any) -> AuthResult:
        ok = (isinstance(data, LoginPassword) and session.ssl is not None
              and (data.login, data.password) == (USER.encode(), PASSWORD.encode()))
        if ok:
            self.logins.append(USER)
        return AuthResult(success=ok, handled=False)  # a refusal answers 535


@pytest.fixture
def tls_relay(tmp_path: Path) -> Iterator[Relay]:
    """STARTTLS required, AUTH required (only under TLS); the CA's PEM file for the client."""
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    mailbox, accounts, port = Mailbox(), Accounts(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            tls_context=server_context, require_starttls=True,
                            auth_required=True, auth_require_tls=True,
                            authenticator=accounts)
    controller.start()
    try:
        yield mailbox, port, ca_file, accounts.logins
    finally:
        controller.stop()


def relay_settings(port: int, **changes: Any) -> SmtpSettings:
    values: dict[str, Any] = {"host": "127.0.0.1", "port": port, "sender": "hadcoord@iuct.test",
                              "starttls": True, "user": USER, "password": PASSWORD,
                              "timeout_seconds": 10}
    return SmtpSettings(**{**values, **changes})


def test_starttls_and_login_against_the_configured_ca(tls_relay: Relay) -> None:
    mailbox, port, ca_file, logins = tls_relay
    send_email(relay_settings(port, ca_file=ca_file), "idec@example.fr", "Relevé ROUGE",
               "corps", "<1@iuct.test>")
    assert [m["To"] for m in mailbox.messages] == ["idec@example.fr"]
    assert logins == [USER]


def test_a_certificate_the_system_does_not_trust_is_refused(tls_relay: Relay) -> None:
    mailbox, port, _ca_file, logins = tls_relay
    with pytest.raises(ssl.SSLCertVerificationError):
        send_email(relay_settings(port), "idec@example.fr", "Relevé ROUGE", "corps",
                   "<2@iuct.test>")
    assert (mailbox.messages, logins) == ([], [])  # nor the password sent


def test_a_certificate_for_another_host_is_refused(tls_relay: Relay, tmp_path: Path) -> None:
    mailbox, port, _ca_file, _logins = tls_relay
    other = trustme.CA()  # a CA the client trusts, but not the one of the relay's certificate
    other_file = tmp_path / "other-ca.pem"
    other.cert_pem.write_to_path(str(other_file))
    with pytest.raises(ssl.SSLCertVerificationError):
        send_email(relay_settings(port, ca_file=other_file), "idec@example.fr", "x", "y",
                   "<3@iuct.test>")
    assert mailbox.messages == []


def test_a_wrong_password_is_refused(tls_relay: Relay) -> None:
    mailbox, port, ca_file, _logins = tls_relay
    with pytest.raises(smtplib.SMTPAuthenticationError):
        send_email(relay_settings(port, ca_file=ca_file, password="pas-le-bon"),
                   "idec@example.fr", "x", "y", "<4@iuct.test>")
    assert mailbox.messages == []


def test_an_account_without_starttls_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="starttls"):
        load_settings(PROJECT_ROOT / "config.toml", environ={
            "HADCOORD_SMTP_HOST": "smtp.example.fr", "HADCOORD_SMTP_USER": USER,
            "HADCOORD_SMTP_PASSWORD": PASSWORD})
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={
        "HADCOORD_SMTP_HOST": "smtp.example.fr", "HADCOORD_SMTP_USER": USER,
        "HADCOORD_SMTP_STARTTLS": "true", "HADCOORD_SMTP_CA_FILE": "/etc/ssl/ca.pem"})
    assert settings.smtp.ca_file == Path("/etc/ssl/ca.pem")
