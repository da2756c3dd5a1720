"""The contact directory: the shipped reference overlaid by what was filled in the app.

Admins and coordinators fill it (each change audited, with « vérifié le » and its source), one
entry at a time or by CSV import; entries still missing a number make the admin's to-do list.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.clock import utc_now
from hadcoord.coverage import MatchResult
from hadcoord.coverage.contacts import FIELDS, Contact, ContactKind, read_contacts
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
# Entries the app may add (issue 14: the day hospital of the bag changes, as a choice).
ADDED_PREFIX = f"{ContactKind.DAY_HOSPITAL.value}:"
MAX_NAME = 200


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
    """Every entry with the values filled in the app, reference order, then those added.

    The entries added in the app (day hospitals) come last, in the order they were added.
    """
    stored = {row.key: row for row in session.scalars(select(DirectoryEntry)
                                                      .order_by(DirectoryEntry.id))}
    reference = [_overlay(contact, stored.get(contact.ident))
                 for contact in read_contacts(contacts_path(territories_dir))]
    known = {contact.ident for contact in reference}
    added = [_overlay(Contact(kind=ContactKind.DAY_HOSPITAL,
                              key=row.key.removeprefix(ADDED_PREFIX), name=row.name), row)
             for key, row in stored.items()
             if key not in known and key.startswith(ADDED_PREFIX) and row.name]
    return reference + added


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


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:80] or "hdj"


def add_day_hospital(session: Session, contacts: Sequence[Contact], name: str,
                     values: ContactInput, user: User) -> Contact:
    """Add a day hospital to the directory (audited); the caller commits.

    Its name is required and unique among day hospitals; its source and « vérifié le » date
    are required even without a number (nothing invented: who said this place exists).

    Raises
    ------
    DirectoryError
        A missing or duplicate name, a missing source or date, a malformed value.
    """
    name = " ".join(name.split())
    if not name:
        msg = "indiquez le nom de l'hôpital de jour"
        raise DirectoryError(msg, "name")
    if len(name) > MAX_NAME:
        msg = f"nom : au plus {MAX_NAME} caractères"
        raise DirectoryError(msg, "name")
    if any(c.kind == ContactKind.DAY_HOSPITAL and c.name.casefold() == name.casefold()
           for c in contacts):
        msg = "cet hôpital de jour est déjà dans l'annuaire"
        raise DirectoryError(msg, "name")
    if not values.source.strip():
        msg = "indiquez la source de ces coordonnées (rien n'est inventé)"
        raise DirectoryError(msg, "source")
    if values.verified_on is None:
        msg = "indiquez la date de vérification"
        raise DirectoryError(msg, "verified_on")
    check(values)
    taken = {c.ident for c in contacts}
    key, number = _slug(name), 1
    while f"{ADDED_PREFIX}{key}" in taken:
        number += 1
        key = f"{_slug(name)}-{number}"
    contact = Contact(kind=ContactKind.DAY_HOSPITAL, key=key, name=name)
    session.add(DirectoryEntry(key=contact.ident, name=name, updated_by=user.email))
    session.flush()
    update_contact(session, contact, values, user)
    audit.record(session, user, "create", target="annuaire",
                 detail=f"hôpital de jour ajouté : {name}")
    return dataclasses.replace(contact, verified_on=values.verified_on, source=values.source,
                               **{field: getattr(values, field) for field in FIELDS})


def care_plan_contacts(contacts: Sequence[Contact], had: str | None,
                       result: MatchResult,
                       day_hospital: str | None = None) -> dict[str, Contact | None]:
    """Whom the care plan tells the patient to call (None: not in the directory).

    The HAD, the first-recourse hospital, IUCT-O haematology and the day hospital of the bag
    changes (``day_hospital``, a ``kind:key``; None: IUCT-O's).
    """
    first = result.first_recourse.name if result.first_recourse else ""
    chosen = next((c for c in contacts if c.ident == day_hospital), None) if (
        day_hospital) else None
    return {"had": find(contacts, "had", had) if had else None,
            "hospital": find(contacts, "hospital", first) if first else None,
            "haematology": find(contacts, "haematology", "iucto-haematology"),
            "day_hospital": chosen or find(contacts, "day_hospital", "iucto-day-hospital")}
