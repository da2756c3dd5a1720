"""What a new calendar changes against the saved one: stays and bags moved, doses changed.

Pure: two plans in, a frozen summary out (issue 14: the page shows the difference before the
coordinator saves a re-planned calendar or an edit of the patient).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import zip_longest

from hadcoord.planning.model import Bag, Plan, Stay


@dataclass(frozen=True, slots=True)
class StayChange:
    """A hospital stay whose dates changed (None: a stay added or removed)."""

    cycle: int
    old: Stay | None
    new: Stay | None


@dataclass(frozen=True, slots=True)
class BagChange:
    """The n-th bag of the plan, before and after (None: added or removed)."""

    number: int
    old: Bag | None
    new: Bag | None

    @property
    def moved(self) -> bool:
        """Its start or length changed."""
        return (self.old is None or self.new is None or self.old.start != self.new.start
                or self.old.hours != self.new.hours)

    @property
    def dose_changed(self) -> bool:
        """The drug it holds changed (another indication, weight or step)."""
        return self.old is not None and self.new is not None and self.old.ug != self.new.ug


@dataclass(frozen=True, slots=True)
class PlanDifference:
    """The changes from ``old`` to ``new``; empty when the calendar is the same."""

    old_start: datetime | None
    new_start: datetime
    stays: tuple[StayChange, ...]
    bags: tuple[BagChange, ...]
    day_hospital_added: tuple[datetime, ...]
    day_hospital_removed: tuple[datetime, ...]

    @property
    def changed(self) -> bool:
        """Anything the patient, the ward, the day hospital or the pharmacy must know."""
        return bool(self.stays or self.bags or self.day_hospital_added
                    or self.day_hospital_removed)

    @property
    def bags_moved(self) -> int:
        """How many bags run at another time or for another length (added/removed included)."""
        return sum(1 for change in self.bags if change.moved)

    @property
    def doses_changed(self) -> int:
        """How many bags hold another quantity of drug."""
        return sum(1 for change in self.bags if change.dose_changed)


def _stay_changes(old: tuple[Stay, ...], new: tuple[Stay, ...]) -> tuple[StayChange, ...]:
    changes = []
    for before, after in zip_longest(old, new):
        if before is None or after is None or (before.admission, before.discharge) != (
                after.admission, after.discharge):
            cycle = (after or before).cycle
            changes.append(StayChange(cycle, before, after))
    return tuple(changes)


def plan_difference(old: Plan | None, new: Plan) -> PlanDifference:
    """What changes when ``new`` replaces ``old`` (everything is new when ``old`` is None)."""
    old_stays = old.stays if old else ()
    old_bags = old.bags if old else ()
    bags = tuple(BagChange(number, before, after) for number, (before, after) in enumerate(
        zip_longest(old_bags, new.bags), start=1)
        if before is None or after is None or before.start != after.start
        or before.hours != after.hours or before.ug != after.ug)
    old_visits = set(old.day_hospital_visits if old else ())
    new_visits = set(new.day_hospital_visits)
    return PlanDifference(
        old_start=old.cycles[0].start if old else None, new_start=new.cycles[0].start,
        stays=_stay_changes(old_stays, new.stays), bags=bags,
        day_hospital_added=tuple(sorted(new_visits - old_visits)),
        day_hospital_removed=tuple(sorted(old_visits - new_visits)))
