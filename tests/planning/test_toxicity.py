"""Dose modification after toxicity (SmPC 4.2 table): restart dose, escalation, stops."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from hadcoord.cli import main
from hadcoord.config.protocol import ProtocolSettings
from hadcoord.planning import Plan, PlanningError, Protocol, protocol_from_settings
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.invariants import check_plan
from tests.planning.conftest import Build

PLAN = ["plan", "--start", "2026-03-02T10:00", "--indication", "rr", "--cycles", "2",
        "--change-days", "mon-thu"]


@pytest.fixture
def plan(build: Build) -> Plan:
    return build("2026-03-02T10:00", "rr", 2, "mon-thu")


def _replan(plan: Plan, protocol: Protocol, stop: str, restart: str, reason: str) -> Plan:
    return replan_after_interruption(plan, datetime.fromisoformat(stop),
                                     datetime.fromisoformat(restart), protocol, reason=reason)


def test_crs_grade_3_restarts_at_9_then_28_after_7_days_in_hospital(
        plan: Plan, protocol: Protocol) -> None:
    # Stopped at home at 28 µg/day on Wednesday 18/03 15:00, resolved, restarted Friday 20/03.
    replanned = _replan(plan, protocol, "2026-03-18T15:00", "2026-03-20T11:00", "crs:3")
    assert check_plan(replanned, protocol) == []
    restart = next(b for b in replanned.bags if f"{b.start:%d/%m %H}" == "20/03 11")
    assert restart.dose_ug_per_day == 9
    step = next(b for b in replanned.bags if b.cycle == 1 and b.start > restart.start
                and b.dose_ug_per_day == 28)
    # 7 days (168 h of infusion) after the restart, a new bag at 28 µg/day, on the ward.
    assert f"{step.start:%d/%m/%Y %H:%M}" == "27/03/2026 11:00"
    assert step.hung_at == "ward"
    assert any(s.reason == "step_up" and s.admission <= step.start <= s.discharge
               for s in replanned.stays)
    reasons = {(f"{p.at:%d/%m %H:%M}", p.reason) for p in replanned.premedications}
    assert {("20/03 10:00", "restart"), ("27/03 10:00", "step_up")} <= reasons
    assert replanned.interruptions[-1].reason == "crs:3"


def test_a_technical_interruption_keeps_the_dose(plan: Plan, protocol: Protocol) -> None:
    replanned = _replan(plan, protocol, "2026-03-18T15:00", "2026-03-20T11:00", "technical")
    restart = next(b for b in replanned.bags if f"{b.start:%d/%m %H}" == "20/03 11")
    assert restart.dose_ug_per_day == 28
    assert replanned.interruptions[-1].restart_dose_ug_per_day is None


def test_neurological_grade_3_restart_with_dexamethasone_24_mg(plan: Plan,
                                                                protocol: Protocol) -> None:
    replanned = _replan(plan, protocol, "2026-03-18T15:00", "2026-03-23T10:00", "neuro:3")
    assert check_plan(replanned, protocol) == []
    restart = next(p for p in replanned.premedications if p.reason == "restart")
    assert restart.text == "dexaméthasone 24 mg IV, puis décroissance sur 4 jours"


@pytest.mark.parametrize(("stop", "restart", "reason", "message"), [
    ("2026-03-18T15:00", "2026-03-20T11:00", "crs:4", "(crs:4) : grade 4"),
    ("2026-03-18T15:00", "2026-03-23T10:00", "neuro:4", "(neuro:4) : grade 4"),
    # Cycle 1 day 3, still at 9 µg/day.
    ("2026-03-04T15:00", "2026-03-08T10:00", "neuro:3", "survenue à 9 µg/j"),
    # 11 days off: resolved at the latest 3 days before the restart, i.e. after 8 days.
    ("2026-03-18T15:00", "2026-03-29T10:00", "neuro:3", "résolution en plus de 7 jours"),
    ("2026-03-18T15:00", "2026-04-10T10:00", "other:3", "résolution en plus de 14 jours"),
    ("2026-03-18T15:00", "2026-03-20T11:00", "other:4", "l'arrêt définitif est à envisager"),
])
def test_permanent_stops_are_refused_in_french(plan: Plan, protocol: Protocol, *, stop: str,
                                               restart: str, reason: str, message: str) -> None:
    with pytest.raises(PlanningError, match=r"^Arrêt définitif du blinatumomab") as caught:
        _replan(plan, protocol, stop, restart, reason)
    assert message in str(caught.value)


def test_a_second_seizure_stops_the_treatment(plan: Plan, protocol: Protocol) -> None:
    first = _replan(plan, protocol, "2026-03-18T15:00", "2026-03-23T10:00", "seizure")
    assert check_plan(first, protocol) == []
    with pytest.raises(PlanningError, match="plus d'une crise convulsive"):
        _replan(first, protocol, "2026-04-01T15:00", "2026-04-05T10:00", "seizure")


def test_neurological_restart_needs_three_days_at_grade_1(plan: Plan,
                                                          protocol: Protocol) -> None:
    with pytest.raises(PlanningError, match="au moins 3 jours au grade ≤ 1"):
        _replan(plan, protocol, "2026-03-18T15:00", "2026-03-20T11:00", "neuro:3")


def test_cli_reason_option(runner: CliRunner) -> None:
    result = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                                  "2026-03-20T11:00", "--reason", "crs:3"])
    assert result.exit_code == 0, result.output
    assert "reprise à 9 µg/j (RCP 4.2, crs:3)" in result.output
    refused = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                                   "2026-03-20T11:00", "--reason", "crs:4"])
    assert refused.exit_code == 2
    assert "Arrêt définitif du blinatumomab (crs:4)" in refused.output
    unknown = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                                   "2026-03-20T11:00", "--reason", "fièvre"])
    assert unknown.exit_code == 2
    assert "Motif d'interruption « fièvre » inconnu" in unknown.output


def test_other_grade_3_restart_needs_three_days_at_grade_1(plan: Plan,
                                                           protocol: Protocol) -> None:
    # PMC4994468 Table 1: « Withhold the infusion until resolved to ≤ Grade 1 for at least 3
    # days, then restart at 9 mcg/d », as for a neurological grade 3 event.
    with pytest.raises(PlanningError, match="au moins 3 jours au grade ≤ 1") as caught:
        _replan(plan, protocol, "2026-03-18T15:00", "2026-03-20T11:00", "other:3")
    assert str(caught.value).startswith("Reprise trop précoce après un autre effet indésirable "
                                        "de grade 3 (other:3)")
    replanned = _replan(plan, protocol, "2026-03-18T15:00", "2026-03-23T10:00", "other:3")
    assert check_plan(replanned, protocol) == []
    assert replanned.interruptions[-1].restart_dose_ug_per_day == 9


def test_other_grade_3_resolution_is_read_like_the_neurological_one(
        plan: Plan, protocol: Protocol) -> None:
    # 16 days off: resolved at the latest 3 days before the restart, i.e. within 13 days.
    replanned = _replan(plan, protocol, "2026-03-18T15:00", "2026-04-03T15:00", "other:3")
    assert check_plan(replanned, protocol) == []
    # 18 days off: resolved after 15 days at the earliest reading: permanent stop.
    with pytest.raises(PlanningError, match="résolution en plus de 14 jours"):
        _replan(plan, protocol, "2026-03-18T15:00", "2026-04-05T15:00", "other:3")


def test_other_grade_3_days_come_from_the_settings(plan: Plan) -> None:
    settings = ProtocolSettings.model_validate(
        {"toxicity": {"other_grade1_days": 1}})
    relaxed = protocol_from_settings(settings)
    replanned = _replan(plan, relaxed, "2026-03-18T15:00", "2026-03-20T11:00", "other:3")
    assert replanned.interruptions[-1].restart_dose_ug_per_day == 9
    with pytest.raises(ValidationError):
        ProtocolSettings.model_validate({"toxicity": {"other_grade1_days": -1}})


def test_cli_refuses_an_early_restart_after_another_grade_3_event(runner: CliRunner) -> None:
    refused = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                                   "2026-03-20T11:00", "--reason", "other:3"])
    assert refused.exit_code == 2
    assert "Reprise trop précoce après un autre effet indésirable de grade 3" in refused.output
