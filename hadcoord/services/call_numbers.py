"""The numbers a nurse or a coordinator must call when a check is red (issue 12).

They come from the contact directory (issue 14) — never invented: a number nobody filled in
reads « numéro à renseigner dans l'annuaire » until the admin or a coordinator enters it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hadcoord.config import Settings
from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.coverage.contacts import Contact
from hadcoord.coverage.defaults import default_engine
from hadcoord.services.directory import directory, find
from hadcoord.store import Patient

NUMBER_TO_FILL = "numéro à renseigner dans l'annuaire"
TO_FILL = "numéro à renseigner"
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


@dataclass(frozen=True, slots=True)
class PatientNumbers:
    """A patient's HAD (day and night) and first-recourse hospital numbers ("" = not filled).

    ``had_name`` is "" when the pathway has no HAD (a convention); ``first_recourse`` is ""
    when the pathway names no first-recourse hospital.
    """

    had_name: str
    had_24h: str
    first_recourse: str
    first_recourse_number: str


def patient_numbers(contacts: Sequence[Contact], had: tuple[str, str] | None,
                    first_recourse: str) -> PatientNumbers:
    """The directory's numbers for a patient of ``had`` (its id and name) and ``first_recourse``."""
    had_contact = find(contacts, "had", had[0]) if had else None
    hospital = find(contacts, "hospital", first_recourse) if first_recourse else None
    return PatientNumbers(had_name=had[1] if had else "",
                          had_24h=had_contact.phone_24h if had_contact else "",
                          first_recourse=first_recourse,
                          first_recourse_number=hospital.phone if hospital else "")


def numbers_text(numbers: PatientNumbers) -> str:
    """The numbers as e-mail lines (« numéro à renseigner » for one nobody filled in)."""
    lines = ["Numéros à appeler (annuaire de hadcoord) :"]
    if numbers.had_name:
        lines.append(f"- HAD jour et nuit ({numbers.had_name}) : {numbers.had_24h or TO_FILL}")
    hospital = f" ({numbers.first_recourse})" if numbers.first_recourse else ""
    lines.append(f"- 1er recours{hospital} : {numbers.first_recourse_number or TO_FILL}")
    return "\n".join(lines)


def numbers_of(session: Session, patients: Sequence[Patient],
               settings: Settings) -> dict[int, PatientNumbers]:
    """Each patient's numbers by patient id, from one reading of the directory."""
    contacts = directory(session, settings.reference.territories_dir)
    names = default_engine(settings).catalogue.by_id
    found: dict[int, PatientNumbers] = {}
    for patient in patients:
        pathway = patient.pathway
        had = pathway.had_establishment_id if pathway else None
        establishment = names.get(had) if had else None
        found[patient.id] = patient_numbers(
            contacts, (had, establishment.name if establishment else had) if had else None,
            pathway.first_recourse if pathway else "")
    return found
