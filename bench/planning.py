"""Treatment calendar: plan build time and the invariants over random plans, with baselines.

Run: .venv/bin/python bench/planning.py [--plans 100000] [--seed 1]

1. Build time of a 5-cycle plan (rr, mon-thu; target < 5 ms), against a baseline in the same
   process: the same shortest path with every whole hour of the hospital stays as a candidate
   change time (no candidate pruning). Both plans are checked with `check_plan`.
2. `check_plan` (the invariant checker shared with the property tests) over random plans:
   cycle-1 start 2026–2032 at any hour, both indications, 1 to the maximum of cycles, both
   change-day pairs, 0–5 random pharmacy closures; one plan in four is then re-planned after a
   random interruption (1 h to 12 days; technical or a toxicity restart, SmPC 4.2; half with a
   later decision to restart), its restart moved to a slot that can really happen. Reports
   the violations found (must be 0) and the plans refused, each refusal with a witness (more
   than 96 h from the latest slot of a production day to the appointment of the next one).
   The baseline is the time spent building the same plans.
3. Late day-hospital slots (``latest_appointment``): the same random requests built with late
   slots and, as the baseline in the same process, without (latest = usual appointment, the
   planner before late slots): plans refused by reason (closures, clock change) and plans that
   use a late slot.
4. Bag lengths: histogram, the bags under ``min_bag_hours`` (24 h) and why each was forced
   (interruption, closure or holiday, ward grid, start or restart time); and, as baseline in
   the same process, the bags under 24 h the planner makes without the minimum.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hadcoord.clock import PARIS
from hadcoord.planning import Bag, Plan, PlanningError, PlanRequest, Protocol, build_plan
from hadcoord.planning import changes as changes_module
from hadcoord.planning.calendar import ClosureKind, ProductionCalendar
from hadcoord.planning.changes import Segment
from hadcoord.planning.clock import local_hour, to_hour
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.invariants import check_plan
from hadcoord.planning.protocol import default_protocol
from hadcoord.planning.slots import late_changes


def best_ms(function: Callable[[], object], repeat: int = 300) -> float:
    """Median wall time in ms over ``repeat`` runs (after one warm-up run)."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2] * 1000


def every_hour_candidates(seg: Segment, calendar: ProductionCalendar
                          ) -> tuple[set[int], set[int]]:
    """Baseline candidates: the pruned ones plus every whole hour of every stay."""
    hours, mandatory = ORIGINAL_CANDIDATES(seg, calendar)
    for admission, discharge in seg.wards:
        hours.update(range(max(admission, seg.start), min(discharge, seg.end - 1) + 1))
    return hours, mandatory


ORIGINAL_CANDIDATES = changes_module._candidates


def bench_build(protocol: Protocol) -> None:
    request = PlanRequest(start=datetime(2026, 3, 2, 10), indication="rr", cycles=5,
                          change_days="mon-thu")
    ours = best_ms(lambda: build_plan(request, protocol))
    plan = build_plan(request, protocol)
    with mock.patch.object(changes_module, "_candidates", every_hour_candidates):
        baseline = best_ms(lambda: build_plan(request, protocol), repeat=30)
        baseline_plan = build_plan(request, protocol)
    print("== Construction d'un plan de 5 cycles (rr, lundi/jeudi) ==")
    print(f"planificateur (candidats élagués)      : {ours:8.2f} ms   (cible < 5 ms)")
    print(f"base : toutes les heures des séjours    : {baseline:8.2f} ms")
    print(f"rapport base / planificateur           : {baseline / ours:8.1f} ×")
    print(f"poches : {len(plan.bags)} (base : {len(baseline_plan.bags)}) ; violations : "
          f"{len(check_plan(plan, protocol))} (base : {len(check_plan(baseline_plan, protocol))})")


def random_request(rng: random.Random) -> PlanRequest:
    while True:
        start = datetime(2026, 1, 1) + timedelta(hours=rng.randrange(7 * 365 * 24))
        try:
            to_hour(start)
        except PlanningError:
            continue  # a nonexistent local time (spring DST gap): draw again
        break
    indication = rng.choice(["rr", "mrd"])
    cycles = rng.randint(1, 5 if indication == "rr" else 4)
    closures = frozenset(start.date() + timedelta(days=rng.randrange(-3, 42 * cycles))
                         for _ in range(rng.randint(0, 5)))
    return PlanRequest(start=start, indication=indication, cycles=cycles,
                       change_days=rng.choice(["mon-thu", "tue-fri"]), closures=closures)


def production_gap(request: PlanRequest, protocol: Protocol, extra_cycles: int = 0) -> bool:
    """Witness of an impossible plan: > 96 h from a production day's latest slot to the next
    production day's appointment."""
    calendar = ProductionCalendar.for_protocol(protocol, request.closures)
    first = request.start.date() - timedelta(days=6)
    days = [first + timedelta(days=n)
            for n in range((request.cycles + extra_cycles) * 45 + 7)]
    open_days = [day for day in days if calendar.is_production_day(day)]
    return any(local_hour(b, protocol.appointment) - local_hour(a, protocol.latest_appointment)
               > protocol.stability_hours for a, b in pairwise(open_days))


def refusal_reason(error: PlanningError) -> str:
    """Why a plan was refused, from its French message."""
    text = str(error)
    if text.startswith("Arrêt définitif") or "trop précoce" in text:
        return "arrêt définitif ou reprise trop précoce (RCP 4.2)"
    if "maximum" in text:
        return "maximum de cycles"
    if text.startswith("Aucune reprise possible"):
        return "aucune reprise possible (PUI fermée)"
    return "changement d'heure" if "changement d'heure" in text else "fermetures"


REASONS = ["technical"] * 6 + ["crs:3", "neuro:3", "seizure", "other:3"]


def interrupt(plan: Plan, rng: random.Random, protocol: Protocol) -> Plan:
    period = rng.choice(plan.infusions)
    length = int(period.end.timestamp() - period.start.timestamp()) // 3600
    stop = period.start.astimezone(UTC) + timedelta(hours=rng.randint(1, length - 1))
    restart = stop + timedelta(hours=rng.randint(1, 12 * 24))
    # Half the time a later decision to restart (up to a day after the resume asked for): the
    # restart bag is prepared after it (issue 13).
    hours = int((restart - stop).total_seconds()) // 3600
    decided = (stop + timedelta(hours=rng.randint(0, hours + 24))).astimezone(PARIS) \
        if rng.random() < 0.5 else None
    return replan_after_interruption(plan, stop.astimezone(PARIS), restart.astimezone(PARIS),
                                     protocol, reason=rng.choice(REASONS), decided_at=decided)


def short_cause(plan: Plan, bag: Bag, calendar: ProductionCalendar) -> str:
    """Why a bag under the minimum was forced (issue 13: start time, closure, interruption)."""
    if bag.stopped_early:
        return "interruption (poche arrêtée)"
    starts = {p.start for p in plan.infusions}
    ends = {p.end for p in plan.infusions}
    closed = any((c := calendar.closure(bag.start.date() + timedelta(days=d))) is not None
                 and c.kind is not ClosureKind.WEEKEND for d in range(-4, 5))
    if closed:
        return "fermeture ou jour férié"
    if bag.hung_at == "ward":
        return "séjour (grille du service)"
    if bag.start in starts or bag.end in ends:
        return "heure de début ou de reprise"
    return "autre"


def bag_lengths(plan: Plan, protocol: Protocol, lengths: Counter[str],
                causes: Counter[str]) -> None:
    """Add ``plan``'s bags to the length histogram and its short bags to their causes."""
    calendar = ProductionCalendar.for_protocol(protocol, plan.request.closures)
    for bag in plan.bags:
        bucket = min(bag.hours // 24, 4)
        lengths[("< 24 h", "24–47 h", "48–71 h", "72–95 h", "96 h")[bucket]] += 1
        if bag.hours < protocol.min_bag_hours:
            causes[short_cause(plan, bag, calendar)] += 1


def bench_invariants(protocol: Protocol, plans: int, seed: int) -> None:
    rng = random.Random(seed)
    violations: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    example = ""
    checked = replanned = unexplained = moved = 0
    build_s = check_s = 0.0
    lengths: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    for _ in range(plans):
        request = random_request(rng)
        start = time.perf_counter()
        stage = "construction"
        try:
            plan = build_plan(request, protocol)
            if rng.random() < 0.25:
                stage = "replanification"
                plan = interrupt(plan, rng, protocol)
                replanned += 1
        except PlanningError as error:
            build_s += time.perf_counter() - start
            refused[f"{stage} : {refusal_reason(error)}"] += 1
            # An interruption can push the plan up to 12 days and one new cycle later.
            if stage == "construction" or refusal_reason(error) in (
                    "fermetures", "changement d'heure"):
                unexplained += not production_gap(request, protocol, 2)
            continue
        middle = time.perf_counter()
        found = check_plan(plan, protocol)
        check_s += time.perf_counter() - middle
        build_s += middle - start
        checked += 1
        moved += sum(bool(event.restart_note) for event in plan.interruptions)
        bag_lengths(plan, protocol, lengths, causes)
        for violation in found:
            violations[violation.rule] += 1
            example = example or f"{request} → {violation}"
    print(f"\n== Invariants sur {plans:,} plans aléatoires (graine {seed}) ==".replace(",", " "))
    print(f"plans vérifiés                          : {checked:8d} (dont {replanned} replanifiés)")
    print(f"violations trouvées                     : {sum(violations.values()):8d}   "
          f"(attendu 0) {dict(violations) or ''}")
    print(f"plans refusés (erreur en français)      : {sum(refused.values()):8d}   {dict(refused)}")
    print(f"refus sans écart de production > 96 h   : {unexplained:8d}   (attendu 0)")
    print(f"reprises décalées (hors heures, poche)  : {moved:8d}   (sur {replanned} "
          f"replanifications ; PUI après la décision, service ou HDJ ouvert)")
    print(f"temps de vérification (check_plan)      : {check_s:8.1f} s "
          f"({check_s / max(checked, 1) * 1000:.2f} ms/plan)")
    print(f"base : temps de construction            : {build_s:8.1f} s "
          f"({build_s / plans * 1000:.2f} ms/plan)")
    print(f"rapport vérification / construction     : {check_s / build_s:8.2f} ×")
    total = sum(lengths.values())
    print(f"durées des poches ({total} poches)       : "
          + " ; ".join(f"{k} {lengths[k]}" for k in ("< 24 h", "24–47 h", "48–71 h",
                                                      "72–95 h", "96 h")))
    print(f"poches < {protocol.min_bag_hours} h et pourquoi (imposées)   : "
          f"{sum(causes.values()):8d}   {dict(causes.most_common())}")
    if example:
        print(f"premier exemple : {example}")


def bench_short_bags(protocol: Protocol, plans: int, seed: int) -> None:
    """Bags under the minimum with the rule, against the planner without it (minimum 1 h)."""
    without = replace(protocol, min_bag_hours=1)
    counts = {"with": 0, "without": 0}
    rng = random.Random(seed)
    for _ in range(plans):
        request = random_request(rng)
        for name, variant in (("with", protocol), ("without", without)):
            try:
                plan = build_plan(request, variant)
            except PlanningError:
                continue
            counts[name] += sum(b.hours < protocol.min_bag_hours for b in plan.bags)
    print(f"\n== Poches de moins de {protocol.min_bag_hours} h sur {plans:,} demandes "
          f"==".replace(",", " "))
    print(f"avec la durée minimale                  : {counts['with']:8d}   "
          f"(base sans durée minimale : {counts['without']})")


def bench_late_slots(protocol: Protocol, plans: int, seed: int) -> None:
    without = replace(protocol, latest_appointment=protocol.appointment)
    results: dict[str, Counter[str]] = {"with": Counter(), "without": Counter()}
    seconds = {"with": 0.0, "without": 0.0}
    rng = random.Random(seed)
    for _ in range(plans):
        request = random_request(rng)
        for name, variant in (("with", protocol), ("without", without)):
            start = time.perf_counter()
            try:
                plan = build_plan(request, variant)
            except PlanningError as error:
                results[name][refusal_reason(error)] += 1
            else:
                results[name]["créneau tardif"] += bool(late_changes(plan, variant))
            seconds[name] += time.perf_counter() - start
    ours, base = results["with"], results["without"]
    print(f"\n== Créneaux tardifs (jusqu'à {protocol.latest_appointment:%H:%M}) sur "
          f"{plans:,} demandes ==".replace(",", " "))
    for key, label in (("changement d'heure", "refus : changement d'heure"),
                       ("fermetures", "refus : fermetures"),
                       ("créneau tardif", "plans avec un créneau tardif")):
        print(f"{label:<40}: {ours[key]:8d}   (base sans créneau tardif : {base[key]:6d} ; "
              f"{100 * ours[key] / plans:.2f} % contre {100 * base[key] / plans:.2f} %)")
    ratio = seconds["with"] / seconds["without"]
    print(f"temps de construction                   : {seconds['with']:8.1f} s "
          f"(base : {seconds['without']:.1f} s ; rapport {ratio:.2f} ×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    protocol = default_protocol()
    bench_build(protocol)
    bench_invariants(protocol, arguments.plans, arguments.seed)
    bench_short_bags(protocol, arguments.plans // 10, arguments.seed)
    bench_late_slots(protocol, arguments.plans, arguments.seed)


if __name__ == "__main__":
    main()
