"""The generated text of a letter: the starting point the coordinator edits before printing.

ARS derogation request (CSP R.1435-40 to -43) and convention draft (thesis l. 5231-5241). Both
state the planned start date; the convention names its parties from the contact directory and
the patient's record (« à renseigner » when not known: nothing is invented).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hadcoord.coverage.contacts import Contact
from hadcoord.wording import formats
from hadcoord.wording.grammar import join, of, of_each, the

TO_FILL = "à renseigner"
HEADER = ("Institut Universitaire du Cancer de Toulouse – Oncopole\n"
          "Service d'hématologie — coordination des soins complexes")
SIGNATURE = "L'infirmière de coordination, pour le médecin hématologue référent"


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What a letter says about the patient (the ARS letter names them by reference only)."""

    reference: str
    commune_name: str
    commune_code: str
    planned_start: dt.datetime | None
    gp_name: str = ""
    gp_phone: str = ""
    nurses_name: str = ""
    nurses_phone: str = ""
    provider_name: str = ""
    provider_phone: str = ""
    # The day hospital of the bag changes: the pathway's directory choice, else the default.
    day_hospital: str = ""
    day_hospital_phone: str | None = None  # None: the default, not a directory entry


def planned_start_line(start: dt.datetime | None) -> str:
    """« Début du traitement prévu le lundi 14/12/2026 … », or that it is still to be set."""
    if start is None:
        return ("Date de début du traitement : à fixer (elle sera communiquée dès qu'elle sera "
                "arrêtée).")
    return (f"Début du traitement prévu le {formats.weekday_date(start.date())} "
            "(hospitalisation initiale à l'IUCT-Oncopole, puis retour à domicile).")


def derogation_text(content: Mapping[str, Any], facts: LetterFacts) -> str:
    """The ARS derogation request, from the task's content (coverage/requests.py)."""
    proposed = str(content["proposed_name"])
    covering: Sequence[str] = content.get("covering") or ()
    conditions = "\n".join(f"{number}. {item['condition']} : {item['argument']}"
                           for number, item in enumerate(content["conditions"], start=1))
    distance = formats.quantity(float(content["distance_km"]), "km", 0)
    territory = of_each(covering) if covering else "d'aucune HAD"
    return "\n\n".join((
        HEADER,
        "À l'attention de Monsieur le Directeur général de l'Agence régionale de santé Occitanie",
        "Objet : demande de dérogation (articles R.1435-40 à R.1435-43 du code de la santé "
        f"publique) pour l'intervention {of(proposed)} hors de son aire géographique "
        "d'intervention",
        f"Patient : dossier {facts.reference}, domicilié à {facts.commune_name} "
        f"({facts.commune_code}), traité par blinatumomab (BLINCYTO®) en perfusion continue de "
        "28 jours, médicament réservé à l'usage hospitalier.",
        planned_start_line(facts.planned_start),
        f"La commune relève du territoire {territory}, "
        "qui n'est pas autorisée à administrer la chimiothérapie à domicile. Nous sollicitons "
        f"l'autorisation {join('que', the(proposed))}, autorisée et dont le territoire est "
        f"limitrophe, à environ {distance} par la route, prenne en charge ce patient.",
        "Conditions de l'article R.1435-41 :\n" + conditions,
        SIGNATURE,
    ))


def _party(title: str, name: str, phone: str) -> str:
    if not name:
        return f"- {title} : {TO_FILL}"
    return f"- {title} : {name} — tél. {phone or 'numéro ' + TO_FILL}"


def _directory_party(contact: Contact | None, fallback: str) -> str:
    if contact is None:
        return f"- {fallback}"
    return f"- {contact.name} — tél. {contact.phone or 'numéro ' + TO_FILL}"


def convention_parties(facts: LetterFacts, haematology: Contact | None,
                       pui: Contact | None) -> list[str]:
    """The parties: IUCT-O haematology and PUI (directory), the patient's GP, nurses, provider.

    Thesis l. 5231-5241: haematology, PUI, an MSP with the GP, a self-employed nurses' practice
    and a home-health provider; then the day hospital of the bag changes (issue 14). Named
    when known, « à renseigner » otherwise.
    """
    return [
        _directory_party(haematology, "Service d'hématologie de l'IUCT-Oncopole"),
        _directory_party(pui, "PUI de l'IUCT-Oncopole"),
        _party("Médecin traitant" if facts.gp_name else
               "Maison de santé pluriprofessionnelle (MSP) ou médecin traitant",
               facts.gp_name, facts.gp_phone),
        _party("Cabinet d'infirmiers libéraux", facts.nurses_name, facts.nurses_phone),
        _party("Prestataire de santé à domicile", facts.provider_name, facts.provider_phone),
        *_day_hospital_party(facts),
    ]


def _day_hospital_party(facts: LetterFacts) -> list[str]:
    """The day hospital of the bag changes (its directory number when it is a chosen entry)."""
    if not facts.day_hospital:
        return []
    line = f"- Hôpital de jour des changements de poche : {facts.day_hospital}"
    if facts.day_hospital_phone is None:
        return [line]
    return [f"{line} — tél. {facts.day_hospital_phone or 'numéro ' + TO_FILL}"]


def convention_text(content: Mapping[str, Any], facts: LetterFacts,
                    haematology: Contact | None = None, pui: Contact | None = None) -> str:
    """The convention draft, from the task's content (coverage/requests.py)."""
    settles = "\n".join(f"- {item} : …" for item in content["settles"])
    return "\n\n".join((
        HEADER,
        f"Projet de convention pour la prise en charge à domicile — dossier {facts.reference} "
        f"({facts.commune_name})",
        planned_start_line(facts.planned_start),
        "Parties :\n" + "\n".join(convention_parties(facts, haematology, pui)),
        "La convention règle :\n" + settles,
        str(content.get("note", "")),
        SIGNATURE,
    ))
