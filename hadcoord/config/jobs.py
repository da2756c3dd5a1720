"""Settings of the reminder jobs ([jobs]) and of the e-mail delivery ([smtp]); see config.toml."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from hadcoord.clock import DEFAULT_ZONE
from hadcoord.config._base import FrozenSection


class JobsSettings(FrozenSection):
    """When the daily jobs run (local time of ``timezone``) and how the outbox is emptied."""

    # The users' zone: « now », « today », every time shown and the jobs' times.
    timezone: str = DEFAULT_ZONE
    # Issue 7: morning digest for coordinators; the pharmacy's list for the next production
    # day; in the evening, a missing daily check raises an alert. Local times of the centre.
    morning_digest_at: time = time(7, 30)
    pharmacy_list_at: time = time(14, 0)
    missing_check_at: time = time(19, 0)
    # Level of a missing-check alert (local choice: the HAD calls the patient the same evening).
    missing_check_level: Literal["orange", "red"] = "orange"
    # A restarted scheduler runs a job whose last planned run, within this many hours, did not
    # complete (the run is idempotent: notifications already queued are not queued again).
    catch_up_hours: int = Field(default=12, ge=0, le=48)
    # The sender takes the pending notifications every this many seconds (red checks too).
    outbox_every_seconds: int = Field(default=30, ge=1, le=3600)
    # A notification stuck in "sending" longer than this (its sender died) is taken over.
    sending_lease_seconds: int = Field(default=300, ge=5, le=86400)
    # Failed sends are retried after retry_after_seconds, doubled at each attempt up to
    # retry_max_delay_seconds, max_attempts in all: by default about 13 hours of SMTP outage
    # before a notification is « failed » (issue 16; shown to the admin and coordinators).
    max_attempts: int = Field(default=30, ge=1, le=200)
    retry_after_seconds: int = Field(default=60, ge=0, le=86400)
    retry_max_delay_seconds: int = Field(default=1800, ge=0, le=86400)
    # An e-mail still unsent this many minutes after it was queued is « late » (same page).
    late_after_minutes: int = Field(default=10, ge=1, le=24 * 60)
    # Pause between two e-mails (relays that limit the sending rate); 0 = none.
    email_pause_seconds: float = Field(default=0.0, ge=0.0, le=60.0)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            msg = f"fuseau horaire inconnu : {value}"
            raise ValueError(msg) from None
        return value


class SmtpSettings(FrozenSection):
    """The SMTP relay; an empty ``host`` disables e-mail (in-app notifications only).

    Put the credentials in the environment (``HADCOORD_SMTP_USER``, ``HADCOORD_SMTP_PASSWORD``),
    not in config.toml.
    """

    host: str = ""
    port: int = Field(default=25, ge=1, le=65535)
    sender: str = "hadcoord@localhost"
    starttls: bool = False
    # CA certificates (PEM) the relay's certificate is checked against under STARTTLS; none =
    # the system's. The host name is always checked.
    ca_file: Path | None = None
    user: str = ""
    password: str = ""
    timeout_seconds: float = Field(default=30.0, gt=0.0, le=300.0)

    @model_validator(mode="after")
    def _no_password_in_clear(self) -> SmtpSettings:
        """An account needs STARTTLS: the password never crosses the network in clear."""
        if self.user and not self.starttls:
            msg = ("[smtp] : un compte (user) demande starttls = true, le mot de passe ne doit "
                   "pas circuler en clair")
            raise ValueError(msg)
        return self

    @property
    def enabled(self) -> bool:
        """Whether e-mail is configured."""
        return bool(self.host.strip())
