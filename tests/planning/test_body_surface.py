"""Patients under 45 kg: dosed by body surface area (SmPC 4.2; Mosteller), height required."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.planning import PlanningError, PlanRequest, Protocol, build_plan
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.invariants import check_plan
from hadcoord.planning.preparation import preparation_list
from hadcoord.planning.surface import mosteller

PLAN = ["plan", "--start", "2026-03-02T10:00", "--indication", "rr", "--cycles", "2",
        "--change-days", "mon-thu"]


def _request(**changes: object) -> PlanRequest:
    values: dict[str, object] = {"start": datetime(2026, 3, 2, 10), "indication": "rr",
                                 "cycles": 2, "change_days": "mon-thu"}
    values.update(changes)
    return PlanRequest(**values)  # type: ignore[arg-type]


def test_mosteller() -> None:
    # √(150 × 40 / 3600) = 1,29 m².
    assert mosteller(150, 40) == 1.29
    assert mosteller(180, 80) == 2.0


def test_a_40_kg_patient_gets_5_then_15_ug_per_m2(protocol: Protocol) -> None:
    # Used to print fixed 9/28 µg/day bags for a 40 kg patient with no flag.
    plan = build_plan(_request(weight_kg=40, height_cm=150), protocol)
    assert check_plan(plan, protocol) == []
    doses = sorted({bag.dose_ug_per_day for bag in plan.bags})
    assert doses == [6.45, 19.35]  # 5 and 15 µg/m²/day × 1,29 m²
    lines = preparation_list([("P-0001", plan)], plan.bags[0].prepared_on,
                             plan.bags[-1].prepared_on)
    assert {line.dosing for line in lines} == {"surface corporelle 1,29 m²"}


def test_never_above_the_fixed_doses(protocol: Protocol) -> None:
    # With 8 µg/m²/day configured for the first step, 1,29 m² would give 10,32 µg/day: capped at
    # the fixed 9 µg/day (SmPC 4.2: « not to exceed 9 µg/day »).
    generous = replace(protocol, dose_per_m2=((9.0, 8.0), (28.0, 15.0)))
    plan = build_plan(_request(weight_kg=40, height_cm=150), generous)
    assert sorted({bag.dose_ug_per_day for bag in plan.bags}) == [9, 19.35]
    assert check_plan(plan, generous) == []


def test_45_kg_and_more_keep_the_fixed_doses(protocol: Protocol) -> None:
    plan = build_plan(_request(weight_kg=45, height_cm=None), protocol)
    assert {bag.dose_ug_per_day for bag in plan.bags} == {9, 28}


def test_a_missing_height_refuses_the_plan(protocol: Protocol) -> None:
    with pytest.raises(PlanningError, match="Taille requise : un patient de moins de 45 kg"):
        build_plan(_request(weight_kg=40), protocol)


def test_toxicity_restart_at_5_ug_per_m2(protocol: Protocol) -> None:
    plan = build_plan(_request(weight_kg=40, height_cm=150), protocol)
    replanned = replan_after_interruption(plan, datetime(2026, 3, 18, 15),
                                          datetime(2026, 3, 20, 11), protocol, reason="crs:3")
    assert check_plan(replanned, protocol) == []
    restart = next(b for b in replanned.bags if f"{b.start:%d/%m %H}" == "20/03 11")
    assert restart.dose_ug_per_day == 6.45


def test_cli_flags_the_body_surface_dosing(runner: CliRunner) -> None:
    result = runner.invoke(main, [*PLAN, "--weight", "40", "--height", "150"])
    assert result.exit_code == 0, result.output
    assert "Dose selon la surface corporelle : 1,29 m²" in result.output
    listing = runner.invoke(main, ["pharmacy", *PLAN[1:], "--weight", "40", "--height", "150",
                                   "--from", "2026-03-02", "--to", "2026-03-02"])
    assert "surface corporelle 1,29 m²" in listing.output
    refused = runner.invoke(main, [*PLAN, "--weight", "40"])
    assert refused.exit_code == 2
    assert "Taille requise" in refused.output
