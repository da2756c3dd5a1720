"""Dose modification after toxicity: what an interruption's reason implies (SmPC 4.2).

BLINCYTO SmPC 4.2, dose-modification table for patients ≥ 45 kg. The EU text itself was not
in reach, so neither its wording nor its table number is quoted here. Wording as found in
stored copies (checked 2026-12-02):

- the prescribing information's « Dose adjustments » table, columns « Patients Weighing
  ≥ 45 kg » / « < 45 kg » (https://www.blincytohcp.com/rr/dosing/adjustments);
- « Table 1. Toxicity Management » of Expert Opin Biol Ther 2015;15(6):895–908, drawn from the
  label (https://pmc.ncbi.nlm.nih.gov/articles/PMC4994468/table/T1);
- the toxicity-management table for antibody therapy in ALL, adapted from the label
  (http://ashpublications.net/view-large/6519100);
- the labelling published by MIMS Hong Kong, whose « Table 4 » is the dose-adjustment table
  (« Table 3 »: dose by weight): https://www.mims.com/hongkong/drug/info/blincyto/dosage.

- CRS grade 3: « When CRS is resolved, restart BLINCYTO at 9 mcg/day, and escalate to
  28 mcg/day after 7 days if the adverse reaction does not recur » (blincytohcp). Grade 4:
  « Discontinue BLINCYTO permanently ».
- Neurological toxicity, seizure: « Discontinue BLINCYTO permanently if more than one seizure
  occurs ». Grade 3: « Withhold BLINCYTO until no more than Grade 1 (mild) and for at least 3
  days, then restart BLINCYTO at 9 mcg/day. Escalate to 28 mcg/day after 7 days if the adverse
  reaction does not recur » (blincytohcp); « If the toxicity occurred at 9 μg/d, or if the
  toxicity takes >7 d to resolve, discontinue blinatumomab permanently » (ASH table). Grade 4:
  « Permanently discontinue » (PMC4994468). The restart premedication dexamethasone 24 mg,
  tapered over 4 days (issue 13, shared/domain.md) was not found in any stored copy: to check
  against the EU SmPC; it is configurable (``neuro_premedication_dose``).
- Other clinically relevant adverse reactions grade 3: « Withhold the infusion until resolved to
  ≤ Grade 1 for at least 3 days, then restart at 9 mcg/d. If the toxicity does not recur after 7
  days, escalate to 28 mcg/d. If the toxicity takes more than 14 days to resolve, permanently
  discontinue » (PMC4994468); grade 4: « Consider permanent discontinuation ». The 3 days at
  grade ≤ 1 are enforced as for a neurological event (``other_grade1_days``).
- Escalation: « Dexamethasone 20 mg should be administered 1 hour prior to the reinitation of
  infusion (If blinatumomab was held for more than 4 hours) and prior to dose increases »
  (PMC4994468, footnote): the escalation is premedicated like a step-up.

The planner only knows when the infusion stopped and when it resumes. It reads the time to
resolve the same way for a neurological and another grade 3 event: resolved at the latest 3
days (the days required at grade ≤ 1) before the restart (stop → restart − 3 days). A first
seizure is handled as a grade 3 neurological event; a second one stops the treatment. The
escalation is a dose step: a new bag, in hospital (thèse, résultats B.1; SmPC 4.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hadcoord.planning.errors import PlanningError


class Cause(StrEnum):
    """What interrupted the infusion."""

    TECHNICAL = "technical"  # pump, line: no dose change
    CRS = "crs"
    NEURO = "neuro"
    SEIZURE = "seizure"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Reason:
    """An interruption's cause and CTCAE/ASTCT grade (0 for a technical stop or a seizure)."""

    cause: Cause
    grade: int = 0

    @property
    def code(self) -> str:
        """``crs:3``, ``seizure``, ``technical``."""
        return f"{self.cause}:{self.grade}" if self.grade else str(self.cause)


@dataclass(frozen=True, slots=True)
class ToxicityRules:
    """The SmPC 4.2 dose-modification values (see `hadcoord.config.protocol`)."""

    restart_dose: float = 9.0
    escalated_dose: float = 28.0
    escalate_after_hours: int = 7 * 24
    neuro_grade1_hours: int = 3 * 24
    neuro_max_resolution_hours: int = 7 * 24
    other_grade1_hours: int = 3 * 24
    other_max_resolution_hours: int = 14 * 24
    neuro_premedication_dose: str = "24 mg IV, puis décroissance sur 4 jours"


@dataclass(frozen=True, slots=True)
class Restart:
    """What the restart after a toxicity looks like: reduced dose, escalation, premedication."""

    dose: float
    escalated_dose: float
    escalate_after_hours: int
    premedication_dose: str | None  # None: the indication's usual premedication


CODES = ("technical", "crs:3", "crs:4", "neuro:3", "neuro:4", "seizure", "other:3", "other:4")


def parse_reason(text: str) -> Reason:
    """The reason written ``crs:3``, ``neuro:3``, ``seizure``, ``other:3`` or ``technical``.

    Raises
    ------
    PlanningError
        Anything else (French message listing the accepted codes).
    """
    value = text.strip().lower()
    if value not in CODES:
        msg = (f"Motif d'interruption « {text} » inconnu : motifs possibles : "
               f"{', '.join(CODES)}.")
        raise PlanningError(msg)
    cause, _, grade = value.partition(":")
    return Reason(Cause(cause), int(grade) if grade else 0)


def _stop(reason: Reason, why: str) -> PlanningError:
    return PlanningError(f"Arrêt définitif du blinatumomab ({reason.code}) : {why} (RCP 4.2) ; "
                         f"aucune reprise n'est planifiée.")


def restart_after(reason: Reason, *, gap_hours: int, dose_at_stop: float,
                  earlier: tuple[Reason, ...], rules: ToxicityRules) -> Restart | None:
    """The restart that ``reason`` allows after ``gap_hours`` without infusion.

    None for a technical interruption (today's behaviour: same dose). ``earlier`` are the
    reasons of the plan's previous interruptions.

    Raises
    ------
    PlanningError
        The SmPC asks for a permanent stop, or a neurological or other grade 3 event
        restarts before its days at grade ≤ 1.
    """
    if reason.cause is Cause.TECHNICAL:
        return None
    if reason.grade >= 4:
        why = ("grade 4 : l'arrêt définitif est à envisager" if reason.cause is Cause.OTHER
               else "grade 4")
        raise _stop(reason, why)
    if reason.cause is Cause.SEIZURE and any(r.cause is Cause.SEIZURE for r in earlier):
        raise _stop(reason, "plus d'une crise convulsive")
    if reason.cause in (Cause.NEURO, Cause.SEIZURE):
        return _neurological(reason, gap_hours=gap_hours, dose_at_stop=dose_at_stop,
                             rules=rules)
    if reason.cause is Cause.OTHER:
        _resolved(reason, gap_hours=gap_hours, grade1_hours=rules.other_grade1_hours,
                  max_hours=rules.other_max_resolution_hours,
                  event="un autre effet indésirable de grade 3")
    return Restart(rules.restart_dose, rules.escalated_dose, rules.escalate_after_hours, None)


def _resolved(reason: Reason, *, gap_hours: int, grade1_hours: int, max_hours: int,
              event: str) -> None:
    """Refuse a restart before ``grade1_hours`` at grade ≤ 1, or after a too-long resolution."""
    if gap_hours < grade1_hours:
        msg = (f"Reprise trop précoce après {event} ({reason.code}) : au moins "
               f"{grade1_hours // 24} jours au grade ≤ 1 avant la reprise (RCP 4.2).")
        raise PlanningError(msg)
    if gap_hours - grade1_hours > max_hours:
        raise _stop(reason, f"résolution en plus de {max_hours // 24} jours")


def _neurological(reason: Reason, *, gap_hours: int, dose_at_stop: float,
                  rules: ToxicityRules) -> Restart:
    if dose_at_stop <= rules.restart_dose:
        raise _stop(reason, f"toxicité neurologique survenue à {rules.restart_dose:g} µg/j"
                    .replace(".", ","))
    _resolved(reason, gap_hours=gap_hours, grade1_hours=rules.neuro_grade1_hours,
              max_hours=rules.neuro_max_resolution_hours,
              event="une toxicité neurologique")
    return Restart(rules.restart_dose, rules.escalated_dose, rules.escalate_after_hours,
                   rules.neuro_premedication_dose)
