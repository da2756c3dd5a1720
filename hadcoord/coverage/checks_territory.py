"""Checks of the territories' shape: coverage of the studied area, shared zones, connectedness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from hadcoord.coverage.adjacency import components
from hadcoord.coverage.catalogue import Catalogue

# The 14 establishments of thesis table 26 (ids fixed by issue 3).
EXPECTED_IDS = frozenset({
    "had-chi-val-ariege", "had-korian-quatre-vents", "had-udsma", "had-croix-rouge-gers",
    "had-ch-comminges-pyrenees", "had-clinique-pasteur", "had-sante-relais-domicile",
    "had-bigorre", "had-ch-cahors", "had-clinique-font-redonde", "had-ch-albi",
    "had-korian-pays-ovalie", "had-ch-montauban", "had-chic-moissac"})


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One verified fact: its title (French), whether it holds, and details.

    ``warning``: it holds only as a known limit of the reconstruction (reported, not a failure).
    """

    title: str
    ok: bool
    details: tuple[str, ...] = ()
    warning: bool = False


def _codes(catalogue: Catalogue, codes: set[str] | frozenset[str], limit: int = 8) -> str:
    shown = sorted(codes)[:limit]
    names = ", ".join(f"{catalogue.reference.by_code[c].name} ({c})" for c in shown)
    return names + (f" … (+{len(codes) - limit})" if len(codes) > limit else "")


def check_ids(catalogue: Catalogue) -> CheckItem:
    """The 14 establishments of the thesis, and no other."""
    ids = {e.id for e in catalogue.establishments if not e.added_by_ars}
    details = [f"manquant : {i}" for i in sorted(EXPECTED_IDS - ids)]
    details += [f"inattendu : {i}" for i in sorted(ids - EXPECTED_IDS)]
    ok = not details
    details += [f"ajouté par l'ARS : {e.name} ({e.id})" for e in catalogue.establishments
                if e.added_by_ars]
    return CheckItem("Les 14 établissements du tableau 26", ok, tuple(details))


def check_coverage(catalogue: Catalogue) -> CheckItem:
    """Every studied commune has an HAD; no territory leaves the studied area."""
    covered = set(catalogue.covering)
    holes = catalogue.studied - covered
    outside = covered - catalogue.studied
    details = [f"{len(catalogue.studied)} communes étudiées, {len(covered)} couvertes"]
    if holes:
        details.append(f"{len(holes)} sans HAD : {_codes(catalogue, holes)}")
    if outside:
        details.append(f"{len(outside)} hors zone étudiée : {_codes(catalogue, outside)}")
    return CheckItem("Zone étudiée couverte sans trou", not holes and not outside, tuple(details))


def check_shared_zones(catalogue: Catalogue,
                       neighbours: Mapping[str, frozenset[str]]) -> CheckItem:
    """Communes with two HADs are exactly the four shared zones, each in one piece."""
    zones: dict[frozenset[str], set[str]] = {}
    for code, ids in catalogue.covering.items():
        if len(ids) > 1:
            zones.setdefault(frozenset(ids), set()).add(code)
    expected = {frozenset(z.establishments): z for z in catalogue.study.shared_zones}
    details, ok = [], True
    for pair, codes in sorted(zones.items(), key=lambda kv: sorted(kv[0])):
        zone = expected.get(pair)
        label = " + ".join(sorted(pair))
        if zone is None:
            ok = False
            details.append(f"zone partagée non prévue ({label}) : {_codes(catalogue, codes)}")
            continue
        pieces = components(codes, neighbours)
        missing = [c for c in zone.examples if c not in codes]
        ok = ok and len(pieces) == 1 and not missing
        details.append(f"{zone.name} ({label}) : {len(codes)} communes, {len(pieces)} morceau(x)"
                       + (f", exemples absents : {', '.join(missing)}" if missing else ""))
    for pair, zone in expected.items():
        if pair not in zones:
            ok = False
            details.append(f"zone partagée absente : {zone.name}")
    return CheckItem("Une seule HAD par commune sauf les 4 zones partagées", ok, tuple(details))


def check_connected(catalogue: Catalogue, neighbours: Mapping[str, frozenset[str]]) -> CheckItem:
    """Each territory is one connected piece.

    A piece with no neighbour outside itself in the reference is an enclave surrounded by
    another region (the Hautes-Pyrénées enclaves in the Pyrénées-Atlantiques): no territory can
    join it, so it is reported but accepted.
    """
    details, ok = [], True
    for establishment in catalogue.establishments:
        pieces = components(establishment.territory, neighbours)
        for piece in pieces[1:]:
            enclave = all(neighbours.get(code, frozenset()) <= piece for code in piece)
            ok = ok and enclave
            kind = "enclave hors région (acceptée)" if enclave else "morceau isolé"
            details.append(f"{establishment.id} : {kind} : {_codes(catalogue, piece)}")
    return CheckItem("Chaque territoire d'un seul tenant", ok, tuple(details))


def check_departments(catalogue: Catalogue) -> CheckItem:
    """Territories span exactly the departments of table 26; main sites lie in the territory."""
    details = []
    for establishment in catalogue.establishments:
        spans = Counter(catalogue.reference.by_code[c].department for c in establishment.territory)
        if set(spans) != set(establishment.departments_served):
            details.append(f"{establishment.id} : départements {sorted(spans)}, attendu "
                           f"{sorted(establishment.departments_served)}")
        if establishment.main_site not in establishment.territory:
            details.append(f"{establishment.id} : site principal {establishment.main_site} hors "
                           "territoire")
    return CheckItem("Départements d'intervention et sites principaux", not details,
                     tuple(details))
