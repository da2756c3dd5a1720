"""« Sources et fraîcheur des données »: each establishment's facts, their source and date.

What the reference data knows of each HAD, where it comes from (the thesis's tables, an ARS
import), as of when — and what nobody has given yet (annex sites, pump, FINESS number, phone),
shown « inconnu » / « à renseigner » for the ARS to complete through the import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.model import Basis, Establishment
from hadcoord.coverage.provenance import RECONSTRUCTION, authorisation, facts_date
from hadcoord.wording import labels

UNKNOWN = "inconnu"
TO_FILL = "à renseigner"
_TABLES = re.compile(r"tableaux? (\d+)")


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact about an establishment; ``known`` is False for what is still missing."""

    label: str
    value: str
    source: str
    as_of: dt.date | None
    known: bool = True


@dataclass(frozen=True, slots=True)
class EstablishmentFacts:
    """An establishment's facts, the missing ones counted."""

    id: str
    name: str
    facts: tuple[Fact, ...]

    @property
    def missing(self) -> tuple[Fact, ...]:
        """The facts no source gives yet."""
        return tuple(f for f in self.facts if not f.known)


def public_source(source: str, year: int) -> str:
    """A source as users read it: « thèse (2018), tableau 26 », never a line number."""
    text = source.strip()
    if text.casefold().startswith("scénario"):
        return "scénario (hypothèse, pas une décision)"
    if not text.casefold().startswith("thèse"):
        return re.sub(r"\s*\(?l\. ?[\d\s,–-]+\)?", "", text).strip() or text
    tables = sorted(set(_TABLES.findall(text)), key=int)
    if not tables:
        return f"thèse ({year})"
    plural = "x" if len(tables) > 1 else ""
    return f"thèse ({year}), tableau{plural} {' et '.join(tables)}"


def _chemotherapy(establishment: Establishment, day: dt.date, year: int) -> Fact:
    fact = authorisation(establishment, day)
    as_of = facts_date(establishment)
    if not fact.authorised:
        ended = [p for p in establishment.chemotherapy if p.end and p.end < day]
        value = "non" + (f" (jusqu'au {ended[-1].end:%d/%m/%Y}"
                         f"{', date approximative' if ended[-1].end_approximate else ''})"
                         if ended and ended[-1].end else "")
        source = ended[-1].source if ended else "Thèse, tableau 27"
        return Fact("Chimiothérapie à domicile", value, public_source(source, year), as_of)
    value = labels.authorisation(fact.basis or Basis.UNKNOWN, fact.partner)
    return Fact("Chimiothérapie à domicile", f"{value}, {fact.since_label}",
                public_source(fact.source or "", year), as_of)


def _territory(establishment: Establishment, thesis_date: dt.date) -> Fact:
    year = thesis_date.year
    count = f"{len(establishment.territory)} communes"
    if establishment.territory_from_ars:
        day = establishment.territory_imported_on
        return Fact("Territoire d'intervention", f"{count} — liste de l'ARS", "liste ARS importée"
                    + (f" le {day:%d/%m/%Y}" if day else " (date inconnue)"), day)
    return Fact("Territoire d'intervention", f"{count} — {RECONSTRUCTION.format(year=year)}",
                f"thèse ({year}), figure 9 et texte", thesis_date)


def _annex(establishment: Establishment, year: int) -> Fact:
    if establishment.annex_sites:
        return Fact("Sites annexes", ", ".join(establishment.annex_sites), "référentiel",
                    facts_date(establishment))
    if establishment.has_annex_sites:
        return Fact("Sites annexes", f"oui, lieux {UNKNOWN}s", f"thèse ({year})",
                    facts_date(establishment), known=False)
    return Fact("Sites annexes", "aucun mentionné", f"thèse ({year})", facts_date(establishment))


def _last_patient(establishment: Establishment) -> str:
    blina = establishment.blinatumomab
    if blina.last_patient:
        return f"{blina.last_patient:%d/%m/%Y}"
    return "sans objet (aucun patient)" if blina.patients == 0 else UNKNOWN


def establishment_facts(catalogue: Catalogue, establishment: Establishment,
                        day: dt.date) -> EstablishmentFacts:
    """What is known of ``establishment`` on ``day``, its sources and dates, and what is not."""
    year = catalogue.study.facts_date.year
    reference = catalogue.reference
    as_of = facts_date(establishment)
    thesis = f"thèse ({year}), tableau 26"
    site = reference.by_code[establishment.main_site]
    pump = {True: "équipée", False: "non équipée", None: UNKNOWN}[establishment.micrel_pump]
    blina = establishment.blinatumomab
    names = {c.department: c.department_name for c in reference.communes}
    facts = (
        Fact("Site principal", f"{site.name} ({site.code})", thesis, as_of),
        _annex(establishment, year),
        Fact("Départements d'intervention", ", ".join(
            f"{names.get(d, d)} ({d})" for d in establishment.departments_served),
            thesis, as_of),
        _territory(establishment, catalogue.study.facts_date),
        _chemotherapy(establishment, day, year),
        Fact("Patients sous blinatumomab pris en charge", str(blina.patients),
             public_source(blina.source, year), blina.as_of),
        Fact("Date du dernier patient", _last_patient(establishment),
             public_source(blina.source, year), blina.as_of,
             known=blina.last_patient is not None or blina.patients == 0),
        Fact("Pompe Micrel Mini Rythmic NP+", pump,
             "aucune source" if establishment.micrel_pump is None else "référentiel", None,
             known=establishment.micrel_pump is not None),
        Fact("Numéro FINESS", TO_FILL, "aucune source", None, known=False),
        Fact("Téléphone", TO_FILL, "aucune source", None, known=False),
    )
    return EstablishmentFacts(establishment.id, establishment.name, facts)


def all_facts(catalogue: Catalogue, establishments: tuple[Establishment, ...],
              day: dt.date) -> tuple[EstablishmentFacts, ...]:
    """Every establishment's facts, in the catalogue's order."""
    return tuple(establishment_facts(catalogue, e, day) for e in establishments)
