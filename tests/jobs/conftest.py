"""Job fixtures: a real SMTP server (aiosmtpd on 127.0.0.1, free port), more coordinators and
patients at home on the test database (tests/support/web.py: one account per role)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from hadcoord.config import Settings
from hadcoord.config.jobs import JobsSettings, SmtpSettings
from hadcoord.services.accounts import create_user
from tests.support.patients import at_home_patient
from tests.support.web import NURSE_HAD, PASSWORD, Sessions

EXTRA_COORDINATORS = 3  # with coordinator@example.fr: 4 coordinators


@dataclass
class Mailbox:
    """What the SMTP server received; ``refuse`` answers 451 to that many next messages."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    refuse: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            if self.refuse > 0:
                self.refuse -= 1
                return "451 4.3.0 Réessayez plus tard"
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append(message)
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def count(self) -> int:
        with self.lock:
            return len(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on the loopback, collecting what it accepts."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.fixture
def mail_settings(settings: Settings, smtp_server: tuple[Mailbox, int]) -> Settings:
    """The test settings with e-mail through the test server and quick retries."""
    return settings.model_copy(update={
        "smtp": SmtpSettings(host="127.0.0.1", port=smtp_server[1], sender="hadcoord@iuct.test",
                             timeout_seconds=5),
        "jobs": JobsSettings(retry_after_seconds=0, max_attempts=3),
    })


@pytest.fixture
def factory(sessions: Sessions) -> Sessions:
    """Sessions on the test database, with the accounts, extra coordinators and 2 patients."""
    with sessions() as session:
        for number in range(1, EXTRA_COORDINATORS + 1):
            create_user(session, f"coordinator{number}@example.fr", "coordinator",
                        PASSWORD, None)
        at_home_patient(session, "P-MINE01", NURSE_HAD)
        at_home_patient(session, "P-OTHR02", "had-ch-albi")
        session.commit()
    return sessions
