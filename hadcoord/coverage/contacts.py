"""The contact directory's reference (territories/contacts.toml): who can be called.

Read once and validated (errors name the file and the entry). The shipped file gives names and
no number at all: the thesis gives none, and nothing is invented (issue 14).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from hadcoord.errors import ReferenceDataError


class ContactKind(StrEnum):
    """What a directory entry is."""

    HAD = "had"
    HOSPITAL = "hospital"
    HAEMATOLOGY = "haematology"
    DAY_HOSPITAL = "day_hospital"
    PUI = "pui"


# The values an entry may hold, and the numbers it needs before a care plan can say « appelez ».
FIELDS = ("phone_24h", "phone_coordination", "phone", "phone_on_call", "email", "address",
          "hours")
NEEDED: dict[ContactKind, tuple[str, ...]] = {
    ContactKind.HAD: ("phone_24h", "phone_coordination"),
    ContactKind.HOSPITAL: ("phone",),
    ContactKind.HAEMATOLOGY: ("phone", "phone_on_call"),
    ContactKind.DAY_HOSPITAL: ("phone",),
    ContactKind.PUI: ("phone",),
}


@dataclass(frozen=True, slots=True)
class Contact:
    """One entry: its reference values, possibly overlaid by what was filled in the app."""

    kind: ContactKind
    key: str
    name: str
    phone_24h: str = ""
    phone_coordination: str = ""
    phone: str = ""
    phone_on_call: str = ""
    email: str = ""
    address: str = ""
    hours: str = ""
    verified_on: date | None = None
    source: str = ""

    @property
    def ident(self) -> str:
        """``kind:key``, unique in the directory."""
        return f"{self.kind.value}:{self.key}"

    @property
    def missing(self) -> tuple[str, ...]:
        """The numbers this entry needs and does not have yet."""
        return tuple(name for name in NEEDED[self.kind] if not getattr(self, name))


def _contact(raw: dict[str, object], path: Path, number: int) -> Contact:
    try:
        kind = ContactKind(str(raw["kind"]))
        values = {name: str(raw.get(name, "")) for name in FIELDS}
        verified = raw.get("verified_on")
        return Contact(kind=kind, key=str(raw["key"]), name=str(raw["name"]),
                       verified_on=verified if isinstance(verified, date) else None,
                       source=str(raw.get("source", "")), **values)
    except (KeyError, ValueError) as error:
        msg = f"{path} : entrée n° {number} invalide ({error})"
        raise ReferenceDataError(msg) from None


@lru_cache(maxsize=4)
def read_contacts(path: Path) -> tuple[Contact, ...]:
    """The entries of ``path``, in the file's order (unique ``kind:key``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        msg = f"{path} : illisible ({error})"
        raise ReferenceDataError(msg) from None
    contacts = tuple(_contact(raw, path, number)
                     for number, raw in enumerate(data.get("contact", []), start=1))
    seen: set[str] = set()
    for contact in contacts:
        if contact.ident in seen:
            msg = f"{path} : entrée en double « {contact.ident} »"
            raise ReferenceDataError(msg)
        seen.add(contact.ident)
    return contacts
