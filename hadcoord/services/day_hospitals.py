"""The day hospital of a pathway's bag changes (issue 14), a choice stored on the pathway.

The choice is among the directory's day hospitals; without one, the ``[protocol.calendar]``
default (the IUCT-Oncopole day hospital, where the thesis's patients came back for each change).

The calendar's ``LOCATION``, the pathway page and the care plan name it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy.orm import Session

from hadcoord.coverage.contacts import Contact, ContactKind
from hadcoord.errors import HadcoordError
from hadcoord.planning import Protocol
from hadcoord.services import audit
from hadcoord.store import Pathway, User


class DayHospitalError(HadcoordError, ValueError):
    """The day hospital asked for is not in the directory."""


def choices(contacts: Sequence[Contact]) -> list[Contact]:
    """The directory's day hospitals, in directory order."""
    return [contact for contact in contacts if contact.kind == ContactKind.DAY_HOSPITAL]


def chosen(pathway: Pathway | None, contacts: Sequence[Contact]) -> Contact | None:
    """The pathway's day hospital (None: the default, or an entry no longer in the directory)."""
    key = pathway.day_hospital_key if pathway else None
    return next((c for c in choices(contacts) if c.ident == key), None) if key else None


def place(contact: Contact) -> str:
    """A day hospital as a calendar location: its name, and its address when filled in."""
    return f"{contact.name}, {contact.address}" if contact.address else contact.name


def location_of(pathway: Pathway | None, contacts: Sequence[Contact],
                protocol: Protocol) -> str:
    """Where the pathway's bags are changed."""
    contact = chosen(pathway, contacts)
    return place(contact) if contact else protocol.calendar.day_hospital_location


def protocol_for(pathway: Pathway | None, contacts: Sequence[Contact],
                 protocol: Protocol) -> Protocol:
    """``protocol`` whose calendar names the pathway's day hospital (the planning unchanged)."""
    location = location_of(pathway, contacts, protocol)
    if location == protocol.calendar.day_hospital_location:
        return protocol
    return dataclasses.replace(protocol, calendar=dataclasses.replace(
        protocol.calendar, day_hospital_location=location))


def set_day_hospital(session: Session, pathway: Pathway, key: str,
                     contacts: Sequence[Contact], user: User) -> bool:
    """Store the day hospital ``key`` ("" = the default) on the pathway; whether it changed.

    Audited; the caller commits.

    Raises
    ------
    DayHospitalError
        ``key`` is not one of the directory's day hospitals (nothing is saved).
    """
    wanted = key.strip() or None
    contact = next((c for c in choices(contacts) if c.ident == wanted), None)
    if wanted is not None and contact is None:
        msg = "cet hôpital de jour n'est pas dans l'annuaire"
        raise DayHospitalError(msg)
    if wanted == pathway.day_hospital_key:
        return False
    pathway.day_hospital_key = wanted
    where = place(contact) if contact else "l'hôpital de jour par défaut"
    audit.record(session, user, "update", patient_id=pathway.patient_id,
                 target="hôpital de jour", detail=f"changements de poche : {where}")
    return True
