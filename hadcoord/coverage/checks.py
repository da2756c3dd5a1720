"""`territories check`: every fact the reference data must reproduce, as a readable report."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from hadcoord.coverage.adjacency import commune_neighbours
from hadcoord.coverage.checks_territory import (
    CheckItem,
    check_connected,
    check_coverage,
    check_departments,
    check_ids,
    check_shared_zones,
)
from hadcoord.coverage.model import GapZone, Structure
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.results import OptionKind
from hadcoord.coverage.study import in_study
from hadcoord.wording import formats

SIDE_NAMES = {"north": "nord", "south": "sud", "east": "est", "west": "ouest"}


@dataclass(frozen=True, slots=True)
class CheckReport:
    """All checks; ``ok`` when every one holds."""

    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        """Whether every check holds (warnings included: they are known limits)."""
        return all(item.ok for item in self.items)

    @property
    def warnings(self) -> int:
        """How many checks hold only as a known limit."""
        return sum(item.ok and item.warning for item in self.items)


def _side_ok(zone: GapZone, gap: list[tuple[float, float]],
             covered: list[tuple[float, float]]) -> bool:
    axis = 1 if zone.side in ("north", "south") else 0
    gap_mean, covered_mean = fmean(p[axis] for p in gap), fmean(p[axis] for p in covered)
    return gap_mean > covered_mean if zone.side in ("north", "east") else gap_mean < covered_mean


def check_gaps(engine: CoverageEngine) -> CheckItem:
    """Communes without an authorised HAD lie exactly in the zones of thesis l. 5988-5995."""
    catalogue, study = engine.catalogue, engine.catalogue.study
    state = engine.state(study.facts_date, None)
    points: dict[str, dict[bool, list[tuple[float, float]]]] = {}
    for code in catalogue.studied:
        commune = catalogue.reference.by_code[code]
        if not in_study(commune, study):  # a territory the ARS added: not the thesis's facts
            continue
        lacking = not set(catalogue.covering.get(code, ())) & state.authorised
        points.setdefault(commune.department, {True: [], False: []})[lacking].append(
            (commune.lon, commune.lat))
    details, ok, warned = [], True, False
    zoned = {z.department for z in study.gap_zones}
    for department, groups in sorted(points.items()):
        if department not in zoned and groups[True]:
            ok = False
            details.append(f"{department} : {len(groups[True])} communes sans HAD autorisée "
                           "alors que la thèse n'y signale aucune zone")
    for zone in study.gap_zones:
        groups = points.get(zone.department, {True: [], False: []})
        gap, covered = groups[True], groups[False]
        share = len(gap) / max(1, len(gap) + len(covered))
        bad = [c for c in zone.examples
               if set(catalogue.covering.get(c, ())) & state.authorised]
        side = not zone.side or not covered or not gap or _side_ok(zone, gap, covered)
        zone_ok = bool(gap) and share >= zone.min_share and not bad and side
        ok = ok and zone_ok
        note = " (tout le département étudié)" if gap and not covered else ""
        # Known limit (README): thesis l. 5992 says « le Nord du département de l'Aude », but the
        # only HAD it gives there is not authorised, so the whole studied Aude lacks one. A side
        # the reconstruction cannot reproduce is a warning, never an OK.
        limit = bool(zone.side and gap and not covered)
        warned = warned or limit
        details.append(f"{zone.name} : {len(gap)} communes sans HAD autorisée, "
                       f"{formats.share(share)} du "
                       f"département étudié{note}" + ("" if zone_ok else " — NON CONFORME")
                       + (f" — LIMITE CONNUE : la thèse situe la zone au "
                          f"{SIDE_NAMES[zone.side or '']}, la reconstruction en fait toute la "
                          "partie étudiée du département (à corriger par la liste de l'ARS)"
                          if limit else ""))
    return CheckItem(f"Zones sans HAD autorisée au {study.facts_date:%d/%m/%Y}", ok,
                     tuple(details), warning=warned)



def check_derogations(engine: CoverageEngine) -> CheckItem:
    """The two real derogations: bordering territories, and proposed for the example commune."""
    details, ok = [], True
    for derogation in engine.catalogue.study.derogations:
        bordering = derogation.taken_by in engine.adjacency[derogation.patient_of]
        result = engine.match(derogation.example, engine.catalogue.study.facts_date)
        proposed = any(o.kind == OptionKind.DEROGATION and o.establishment == derogation.taken_by
                       for o in result.options)
        ok = ok and bordering and proposed
        details.append(f"{derogation.taken_by} limitrophe de {derogation.patient_of} : "
                       f"{'oui' if bordering else 'NON'} ; proposée pour {result.commune.name} : "
                       f"{'oui' if proposed else 'NON'}")
    return CheckItem("Dérogations de la thèse", ok, tuple(details))  # l. 5223-5229


def check_thesis_counts(engine: CoverageEngine) -> CheckItem:
    """8 authorised, 6 of which treated a patient; 7 never did; 6 + 2 attached (l. 5019-5207)."""
    state = engine.state(engine.catalogue.study.facts_date, None)
    establishments = [e for e in engine.catalogue.establishments if not e.added_by_ars]
    authorised = [e for e in establishments if e.id in state.authorised]
    counts = {
        "autorisées à la chimiothérapie": (len(authorised), 8),
        "autorisées ayant traité un patient": (
            sum(e.blinatumomab.patients > 0 for e in authorised), 6),
        "n'ayant jamais traité de patient": (
            sum(e.blinatumomab.patients == 0 for e in establishments), 7),
        "rattachées à un hôpital public": (
            sum(e.structure is Structure.ATTACHED_PUBLIC_HOSPITAL for e in establishments), 6),
        "rattachées à une clinique": (
            sum(e.structure is Structure.ATTACHED_PRIVATE_CLINIC for e in establishments), 2),
    }
    details = tuple(f"{label} : {got} (thèse : {want})" for label, (got, want) in counts.items())
    return CheckItem("Décomptes de la thèse", all(g == w for g, w in counts.values()), details)


def check_hospitals(engine: CoverageEngine) -> CheckItem:
    """The first-recourse hospitals lie in the studied area."""
    outside = [h.name for h in engine.catalogue.hospitals
               if h.commune_code not in engine.catalogue.studied]
    details = (f"{len(engine.catalogue.hospitals)} hôpitaux (liste à vérifier par l'ARS)",
               *(f"hors zone étudiée : {name}" for name in outside))
    return CheckItem("Hôpitaux de premier recours", not outside, details)


def run_checks(engine: CoverageEngine) -> CheckReport:
    """Every check of the coverage reference data."""
    catalogue = engine.catalogue
    neighbours = commune_neighbours(catalogue.reference, engine.rules.adjacency_tolerance_m)
    return CheckReport((
        check_ids(catalogue), check_coverage(catalogue),
        check_shared_zones(catalogue, neighbours), check_connected(catalogue, neighbours),
        check_departments(catalogue), check_gaps(engine), check_derogations(engine),
        check_thesis_counts(engine), check_hospitals(engine)))
