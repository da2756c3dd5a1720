"""Where the coverage facts come from, and as of when: one short French line per answer.

The territories are a reconstruction from the thesis (its map and sentences, 2018) until the ARS
list of an establishment is imported (territories/ars/<id>.csv). Authorisation facts come with
the date the source describes; an unknown start stays unknown (« depuis : inconnu »), and a day
before what the source attests is said to be an extrapolation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hadcoord.coverage.model import Basis, ChemoPeriod, Establishment
from hadcoord.wording.grammar import of, of_each

# Thesis l. 1158-1172: BLINCYTO's marketing authorisation took effect on 23 November 2015 and made
# it a drug for hospital use only; before it (ATU), a prestataire cared for patients at home.
BLINCYTO_AMM = dt.date(2015, 11, 23)
RECONSTRUCTION = "reconstruction d'après la thèse ({year}), à remplacer par la liste ARS"
UNKNOWN_SINCE = "depuis : inconnu"
MAX_NAMED = 3  # more imported lists than this are counted, not named


@dataclass(frozen=True, slots=True)
class Authorisation:
    """An establishment's chemotherapy authorisation on a day, with what is known of its start."""

    establishment: str
    name: str
    authorised: bool
    basis: Basis | None
    partner: str | None
    since: dt.date | None  # None: not authorised, or start unknown
    since_approximate: bool
    known_from: dt.date | None  # start unknown: the earliest day the source attests it
    known_from_approximate: bool
    source: str | None

    @property
    def since_label(self) -> str:
        """« depuis : inconnu », « depuis le 31/07/2018 (date approximative) », or empty."""
        if not self.authorised:
            return ""
        if self.since is None:
            return UNKNOWN_SINCE
        return f"depuis le {_day(self.since, approximate=self.since_approximate)}"


@dataclass(frozen=True, slots=True)
class Provenance:
    """The sources line of an answer, the data's as-of date and the caveats for the day asked."""

    line: str
    as_of: dt.date
    caveats: tuple[str, ...]


def _day(day: dt.date, *, approximate: bool = False) -> str:
    return f"{day:%d/%m/%Y}" + (" (date approximative)" if approximate else "")


def facts_date(establishment: Establishment) -> dt.date:
    """The day the establishment's facts describe: its ARS import, else the thesis's count."""
    return establishment.territory_imported_on or establishment.blinatumomab.as_of


def _known_from(period: ChemoPeriod, establishment: Establishment) -> tuple[dt.date, bool]:
    if period.known_from is not None:
        return period.known_from, period.known_from_approximate
    facts = facts_date(establishment)
    if period.end is not None and period.end < facts:
        return period.end, period.end_approximate
    return facts, False


def authorisation(establishment: Establishment, day: dt.date) -> Authorisation:
    """The establishment's authorisation on ``day`` and what is known of its start."""
    period = establishment.chemo_period(day)
    if period is None:
        return Authorisation(establishment.id, establishment.name, False, None, None, None,
                             False, None, False, None)
    known, approximate = (None, False) if period.start else _known_from(period, establishment)
    return Authorisation(establishment.id, establishment.name, True, period.basis,
                         period.partner, period.start, period.start_approximate, known,
                         approximate, period.source)


def _imported(establishment: Establishment) -> str:
    day = establishment.territory_imported_on
    return f"liste ARS importée le {_day(day)}" if day else "liste ARS (date d'import inconnue)"


def territory_line(establishments: Sequence[Establishment], year: int) -> str:
    """« territoire : reconstruction d'après la thèse (2018), … » or « liste ARS importée le … »."""
    imported = [e for e in establishments if e.territory_from_ars]
    reconstruction = RECONSTRUCTION.format(year=year)
    if not imported:
        return f"territoire : {reconstruction}"
    rebuilt = len(establishments) > len(imported)
    parts = sorted({_imported(e) for e in imported})
    if not rebuilt and len(parts) == 1:
        return f"territoire : {parts[0]}"
    if len(imported) > MAX_NAMED:
        latest = max((e.territory_imported_on for e in imported if e.territory_imported_on),
                     default=None)
        named = [f"{len(imported)} listes ARS importées"
                 + (f" (dernière le {_day(latest)})" if latest else "")]
    else:
        named = [f"{e.name} : {_imported(e)}" for e in imported]
    if rebuilt:
        named.append(f"autres : {reconstruction}")
    return "territoires — " + " ; ".join(named)


def _as_of(establishments: Sequence[Establishment], default: dt.date) -> dt.date:
    return min((facts_date(e) for e in establishments), default=default)


def _extrapolated(facts: list[Authorisation], day: dt.date, known: str) -> str:
    if len(facts) == 1:
        return (f"autorisation {of(facts[0].name)} au {_day(day)} extrapolée : début inconnu, "
                f"attestée à partir du {known}")
    whose = (of_each([f.name for f in facts]) if len(facts) <= MAX_NAMED
             else f"de {len(facts)} HAD")
    return (f"autorisations {whose} au {_day(day)} extrapolées : début inconnu, attestées à "
            f"partir du {known}")


def _caveats(authorisations: Iterable[Authorisation], day: dt.date) -> list[str]:
    caveats = []
    if day < BLINCYTO_AMM:
        caveats.append(f"le {_day(day)} précède l'AMM du BLINCYTO ({_day(BLINCYTO_AMM)}) : le "
                       "parcours en HAD ne s'imposait pas encore (ATU, prestataire à domicile)")
    groups: dict[str, list[Authorisation]] = {}
    for fact in authorisations:
        if fact.authorised and fact.known_from is not None and day < fact.known_from:
            known = _day(fact.known_from, approximate=fact.known_from_approximate)
            groups.setdefault(known, []).append(fact)
    caveats += [_extrapolated(facts, day, known) for known, facts in groups.items()]
    return caveats


def provenance(establishments: Sequence[Establishment], day: dt.date, thesis_date: dt.date,
               authorisations: Iterable[Authorisation] = ()) -> Provenance:
    """The sources line for an answer resting on ``establishments`` on ``day``.

    ``thesis_date`` is the day the thesis's facts describe (study.toml ``facts_date``).
    """
    as_of = _as_of(establishments, thesis_date)
    line = (f"Sources : {territory_line(establishments, thesis_date.year)} ; "
            f"faits au {_day(as_of)}")
    if day > as_of:
        line += ", non mis à jour depuis"
    return Provenance(line, as_of, tuple(_caveats(authorisations, day)))
