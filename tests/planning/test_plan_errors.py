"""Impossible input gets a clear French error and no plan at all."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from hadcoord.config.protocol import ProtocolSettings
from hadcoord.errors import HadcoordError
from hadcoord.planning import (
    PlanningError,
    PlanRequest,
    Protocol,
    build_plan,
    protocol_from_settings,
)
from hadcoord.planning.calendar import Closure, ClosureKind, ProductionCalendar
from hadcoord.planning.infeasible import Infeasibility, InfeasiblePlanError


def request(**changes: object) -> PlanRequest:
    values: dict[str, object] = {"start": datetime(2026, 3, 2, 10), "indication": "rr",
                                 "cycles": 2, "change_days": "mon-thu", "closures": frozenset()}
    values.update(changes)
    return PlanRequest(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "message"), [
    ({"indication": "all"}, "Indication inconnue « all » : indications possibles : rr, mrd."),
    ({"cycles": 6}, "Nombre de cycles 6 impossible pour l'indication rr : entre 1 et 5."),
    ({"indication": "mrd", "cycles": 5}, "entre 1 et 4"),
    ({"cycles": 0}, "entre 1 et 5"),
    ({"change_days": "mon-wed"}, "Paire de jours de changement inconnue « mon-wed »"),
    ({"start": datetime(2026, 3, 2, 10, 30)}, "doit tomber sur une heure pleine"),
    ({"start": datetime(2026, 3, 29, 2)}, "n'existe pas à Paris (passage à l'heure d'été)"),
])
def test_bad_requests(protocol: Protocol, changes: dict[str, object], message: str) -> None:
    with pytest.raises(PlanningError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_plan(request(**changes), protocol)


def test_errors_are_domain_errors_and_value_errors(protocol: Protocol) -> None:
    with pytest.raises(HadcoordError) as caught:
        build_plan(request(indication="x"), protocol)
    assert isinstance(caught.value, ValueError)


def test_closures_leaving_no_production_day_within_96_hours(protocol: Protocol) -> None:
    # The pharmacy closed a whole week while the patient is at home (cycle 1, days 17–23).
    week = frozenset(date(2026, 3, 16) + timedelta(days=n) for n in range(5))
    with pytest.raises(PlanningError, match=r"^Plan impossible pour le cycle 1 .*16/03/2026 "
                                            r"\(fermeture de la PUI\)"):
        build_plan(request(closures=week), protocol)


def test_toussaint_without_late_slots_is_explained() -> None:
    # Sunday 31/10/2027 the clocks go back, Monday 01/11 is a holiday: Friday 10:00 to Tuesday
    # 10:00 is 97 real hours. A centre allowing no late slot (latest = usual appointment) gets
    # the reason in the error.
    strict = protocol_from_settings(ProtocolSettings(latest_appointment=time(10)))
    with pytest.raises(PlanningError, match=r"Plan impossible pour le cycle 1 .*Toussaint.*"
                                            r"changement d'heure") as caught:
        build_plan(request(start=datetime(2027, 10, 14, 10), indication="mrd", cycles=1,
                           change_days="tue-fri"), strict)
    assert "décalé" not in str(caught.value)


def test_toussaint_with_friday_closed_is_still_refused(protocol: Protocol) -> None:
    # The PUI also closed on Friday 29/10/2027: Thursday 10:00 to Tuesday is 5 days, which no
    # slot up to 12:00 can bridge.
    with pytest.raises(PlanningError, match=r"^Plan impossible pour le cycle 1 .*même avec un "
                                            r"rendez-vous d'HDJ décalé jusqu'à 12:00 ; jours "
                                            r"fermés : 29/10/2027 \(fermeture de la PUI\), "
                                            r"01/11/2027 \(jour férié \(Toussaint\)\)") as caught:
        build_plan(request(start=datetime(2027, 10, 14, 10), indication="mrd", cycles=1,
                           change_days="tue-fri", closures=frozenset({date(2027, 10, 29)})),
                   protocol)
    # The closures, not the clock change, leave the gap: the error does not blame the clock.
    assert "changement d'heure" not in str(caught.value)


def test_infeasible_plans_carry_reason_codes(protocol: Protocol) -> None:
    strict = protocol_from_settings(ProtocolSettings(latest_appointment=time(10)))
    with pytest.raises(InfeasiblePlanError) as clock:
        build_plan(request(start=datetime(2027, 10, 14, 10), indication="mrd", cycles=1,
                           change_days="tue-fri"), strict)
    assert clock.value.reasons == {Infeasibility.STABILITY, Infeasibility.CLOSED_DAYS,
                                   Infeasibility.CLOCK_CHANGE}
    week = frozenset(date(2026, 3, 16) + timedelta(days=n) for n in range(5))
    with pytest.raises(InfeasiblePlanError) as closed:
        build_plan(request(closures=week), protocol)
    assert Infeasibility.CLOSED_DAYS in closed.value.reasons
    assert Infeasibility.CLOCK_CHANGE not in closed.value.reasons


def test_closure_kinds_are_codes_with_french_labels(protocol: Protocol) -> None:
    calendar = ProductionCalendar.for_protocol(protocol, frozenset({date(2026, 3, 18)}))
    assert calendar.closure(date(2026, 3, 17)) is None
    assert calendar.closure(date(2026, 3, 14)) == Closure(ClosureKind.WEEKEND, "week-end")
    assert calendar.closure(date(2026, 3, 18)) == Closure(ClosureKind.CLOSURE,
                                                           "fermeture de la PUI")
    holiday = calendar.closure(date(2026, 5, 1))
    assert holiday is not None
    assert holiday.kind is ClosureKind.HOLIDAY
    assert holiday.label == "jour férié (Fête du Travail)"
