"""The contact directory: the shipped reference overlaid by what was filled in the app.

Admins and coordinators fill it (each change audited, with « vérifié le » and its source), one
entry at a time or by CSV import; entries still missing a number make the admin's to-do list.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.clock import utc_now
from hadcoord.coverage import MatchResult
from hadcoord.coverage.contacts import FIELDS, Contact, read_contacts
from hadcoord.errors import HadcoordError
from hadcoord.services import audit
from hadcoord.store import DirectoryEntry, User

# A French number as dialled (the patient form's rule), or a short emergency number.
PHONE = re.compile(r"^(?:(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}|15|112|114|3966)$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_FIELDS = ("phone_24h", "phone_coordination", "phone", "phone_on_call")
FIELD_LABEL = {
    "phone_24h": "téléphone jour et nuit", "phone_coordination": "téléphone de coordination",
    "phone": "téléphone", "phone_on_call": "téléphone d'astreinte", "email": "e-mail",
    "address": "adresse", "hours": "horaires", "verified_on": "vérifié le", "source": "source",
}
MAX_LENGTH = {"email": 254, "address": 300, "hours": 200, "source": 300}


class DirectoryError(HadcoordError, ValueError):
    """A directory value is refused; ``field`` names it."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class ContactInput:
    """The values typed for one entry (empty = not known)."""

    phone_24h: str = ""
    phone_coordination: str = ""
    phone: str = ""
    phone_on_call: str = ""
    email: str = ""
    address: str = ""
    hours: str = ""
    verified_on: date | None = None
    source: str = ""


def contacts_path(territories_dir: Path) -> Path:
    """The shipped reference of the directory."""
    return territories_dir / "contacts.toml"


def directory(session: Session, territories_dir: Path) -> list[Contact]:
    """Every entry, reference order, with the values filled in the app."""
    stored = {row.key: row for row in session.scalars(select(DirectoryEntry))}
    return [_overlay(contact, stored.get(contact.ident))
            for contact in read_contacts(contacts_path(territories_dir))]


def _overlay(contact: Contact, row: DirectoryEntry | None) -> Contact:
    if row is None:
        return contact
    values = {name: getattr(row, name) for name in FIELDS}
    return dataclasses.replace(contact, verified_on=row.verified_on, source=row.source, **values)


def find(contacts: Sequence[Contact], kind: str, key: str) -> Contact | None:
    """The entry ``kind:key`` (None when the reference has none)."""
    return next((c for c in contacts if c.kind == kind and c.key == key), None)


def to_fill(contacts: Sequence[Contact]) -> list[Contact]:
    """The entries still missing a number they need (the admin's to-do list)."""
    return [contact for contact in contacts if contact.missing]


def check(values: ContactInput) -> None:
    """Refuse a malformed number or e-mail, a number without its source and date.

    Raises
    ------
    DirectoryError
        With the French message and the field at fault.
    """
    for name in PHONE_FIELDS:
        if getattr(values, name) and not PHONE.match(getattr(values, name)):
            msg = f"{FIELD_LABEL[name]} : numéro de téléphone français invalide"
            raise DirectoryError(msg, name)
    if values.email and not EMAIL.match(values.email):
        msg = "e-mail invalide"
        raise DirectoryError(msg, "email")
    for name, limit in MAX_LENGTH.items():
        if len(getattr(values, name)) > limit:
            msg = f"{FIELD_LABEL[name]} : au plus {limit} caractères"
            raise DirectoryError(msg, name)
    filled = any(getattr(values, name) for name in (*PHONE_FIELDS, "email", "address"))
    if filled and not values.source.strip():
        msg = "indiquez la source de ces coordonnées (rien n'est inventé)"
        raise DirectoryError(msg, "source")
    if filled and values.verified_on is None:
        msg = "indiquez la date de vérification"
        raise DirectoryError(msg, "verified_on")


def update_contact(session: Session, contact: Contact, values: ContactInput,
                   user: User) -> list[str]:
    """Store the values of one entry (checked first), audit the fields changed; caller commits."""
    check(values)
    row = session.scalar(select(DirectoryEntry).where(DirectoryEntry.key == contact.ident))
    if row is None:
        row = DirectoryEntry(key=contact.ident)
        session.add(row)
    changed = [name for name in (*FIELDS, "verified_on", "source")
               if getattr(contact, name) != getattr(values, name)]
    for name in changed:
        setattr(row, name, getattr(values, name))
    if changed:
        row.updated_at, row.updated_by = utc_now(), user.email
        audit.record(session, user, "update", target="annuaire",
                     detail=f"{contact.name} : " + ", ".join(FIELD_LABEL[n] for n in changed))
    session.flush()
    return changed


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What a CSV import did: entries updated, or the errors (then nothing is saved)."""

    updated: int
    errors: tuple[str, ...]


def _row_input(row: dict[str, str]) -> ContactInput:
    day = (row.get("verified_on") or "").strip()
    try:
        verified = date.fromisoformat(day) if day else None
    except ValueError:
        msg = "vérifié le : date invalide (AAAA-MM-JJ)"
        raise DirectoryError(msg, "verified_on") from None
    return ContactInput(verified_on=verified, source=(row.get("source") or "").strip(),
                        **{name: (row.get(name) or "").strip() for name in FIELDS})


def import_csv(session: Session, contacts: Sequence[Contact], text: str,
               user: User) -> ImportReport:
    """Fill many entries at once from a CSV (``kind,key`` then the fields; ``;`` or ``,``).

    Every line is checked first: one bad line and nothing is saved.
    """
    text = text.removeprefix("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    dialect = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    if not reader.fieldnames or not {"kind", "key"} <= set(reader.fieldnames):
        return ImportReport(0, ("la première ligne doit nommer les colonnes « kind » et « key »",))
    planned: list[tuple[Contact, ContactInput]] = []
    errors: list[str] = []
    for line, row in enumerate(reader, start=2):
        contact = find(contacts, (row.get("kind") or "").strip(), (row.get("key") or "").strip())
        if contact is None:
            errors.append(f"ligne {line} : entrée inconnue de l'annuaire")
            continue
        try:
            values = _row_input(row)
            check(values)
        except DirectoryError as error:
            errors.append(f"ligne {line} : {error}")
            continue
        planned.append((contact, values))
    if errors:
        return ImportReport(0, tuple(errors))
    updated = sum(1 for contact, values in planned
                  if update_contact(session, contact, values, user))
    return ImportReport(updated, ())


def care_plan_contacts(contacts: Sequence[Contact], had: str | None,
                       result: MatchResult) -> dict[str, Contact | None]:
    """Whom the care plan tells the patient to call (None: not in the directory).

    The HAD, the first-recourse hospital, IUCT-O haematology and its day hospital.
    """
    first = result.first_recourse.name if result.first_recourse else ""
    return {"had": find(contacts, "had", had) if had else None,
            "hospital": find(contacts, "hospital", first) if first else None,
            "haematology": find(contacts, "haematology", "iucto-haematology"),
            "day_hospital": find(contacts, "day_hospital", "iucto-day-hospital")}
