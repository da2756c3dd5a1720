"""The numbers a nurse or a coordinator must call when a check is red (issue 12).

They come from the contact directory (issue 14) — never invented: a number nobody filled in
reads « numéro à renseigner dans l'annuaire » until the admin or a coordinator enters it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.coverage.contacts import Contact
from hadcoord.services.directory import find

NUMBER_TO_FILL = "numéro à renseigner dans l'annuaire"
HAEMATOLOGY_KEY = "iucto-haematology"


@dataclass(frozen=True, slots=True)
class RedCallNumbers:
    """Whom to call for a red check, each as the text to show (a number, or « à renseigner »)."""

    first_recourse: str
    first_recourse_number: str
    on_call_label: str
    on_call_number: str


def red_call_numbers(contacts: Sequence[Contact], first_recourse: str,
                     monitoring: MonitoringSettings) -> RedCallNumbers:
    """The first-recourse hospital's number and the haematology on-call contact.

    Both come from the directory; the on-call e-mail of ``[monitoring]`` is used only when
    the directory has no contact for haematology.
    """
    hospital = find(contacts, "hospital", first_recourse) if first_recourse else None
    haematology = find(contacts, "haematology", HAEMATOLOGY_KEY)
    on_call = _on_call_text(haematology, monitoring.haematology_on_call_email)
    return RedCallNumbers(first_recourse=first_recourse,
                          first_recourse_number=(hospital.phone if hospital else "")
                          or NUMBER_TO_FILL,
                          on_call_label=monitoring.haematology_on_call_label,
                          on_call_number=on_call)


def _on_call_text(haematology: Contact | None, fallback_email: str) -> str:
    if haematology is None:
        return fallback_email or NUMBER_TO_FILL
    parts = [value for value in (haematology.phone_on_call,
                                 haematology.email or fallback_email) if value]
    return ", ".join(parts) if parts else NUMBER_TO_FILL


def on_call_email(contacts: Sequence[Contact], monitoring: MonitoringSettings) -> str:
    """The haematology on-call contact's e-mail, or "" (never invented).

    The directory's, else that of ``[monitoring]``.
    """
    haematology = find(contacts, "haematology", HAEMATOLOGY_KEY)
    return (haematology.email if haematology else "") or monitoring.haematology_on_call_email
