"""ICANS grade 0-4 for adults, ASTCT 2019 consensus (Lee et al., BBMT 2019;25:625)."""

from __future__ import annotations

from dataclasses import dataclass

from hadcoord.monitoring.check import Consciousness, Seizure

ICE_MAX = 10

# ASTCT 2019 ICANS table, "depressed level of consciousness" row: awakens spontaneously -> 1;
# awakens to voice -> 2; awakens only to tactile stimulus -> 3; unarousable or requires
# vigorous or repetitive tactile stimuli to arouse, stupor or coma -> 4.
CONSCIOUSNESS_GRADE = {
    Consciousness.ALERT: 0,
    Consciousness.DROWSY: 1,
    Consciousness.VOICE: 2,
    Consciousness.TOUCH: 3,
    Consciousness.VIGOROUS: 4,
    Consciousness.UNAROUSABLE: 4,
}

# ASTCT 2019 ICANS table, "seizure" row: N/A for grades 1-2; any clinical seizure, focal or
# generalised, that resolves rapidly -> 3; life-threatening prolonged seizure (> 5 min), or
# repetitive seizures without return to baseline in between -> 4.
SEIZURE_GRADE = {Seizure.NONE: 0, Seizure.BRIEF: 3, Seizure.PROLONGED: 4}


@dataclass(frozen=True, slots=True)
class IcansGrading:
    """The ICANS grade and the grade of each domain (``ice_grade`` is None without a score)."""

    grade: int
    ice_grade: int | None
    consciousness_grade: int
    seizure_grade: int


def ice_grade(ice_score: int) -> int:
    """Grade of the ASTCT 2019 "ICE score" row: 10 -> 0; 7-9 -> 1; 3-6 -> 2; 0-2 -> 3.

    A score of 0 is grade 4 only when the patient is unarousable (ASTCT 2019 footnote): that
    comes from the consciousness row, so this row stops at 3 (awake with global aphasia).
    """
    if not 0 <= ice_score <= ICE_MAX:
        msg = f"Score ICE hors de l'intervalle 0–10 : {ice_score}"
        raise ValueError(msg)
    if ice_score == ICE_MAX:
        return 0
    if ice_score >= 7:
        return 1
    return 2 if ice_score >= 3 else 3


def grade_icans(
    ice_score: int | None, consciousness: Consciousness, seizure: Seizure
) -> IcansGrading:
    """Grade ICANS per ASTCT 2019: the most severe of the domains a home check records.

    Motor findings and raised intracranial pressure/cerebral oedema (imaging) are not part of
    a home check; they can only raise the grade, which is already red at grade 1.
    """
    ice = None if ice_score is None else ice_grade(ice_score)
    conscious = CONSCIOUSNESS_GRADE[consciousness]
    seizure_grade = SEIZURE_GRADE[seizure]
    return IcansGrading(
        grade=max(ice or 0, conscious, seizure_grade),
        ice_grade=ice,
        consciousness_grade=conscious,
        seizure_grade=seizure_grade,
    )
