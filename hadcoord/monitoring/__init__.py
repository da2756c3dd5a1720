"""Daily home check: the record, ASTCT 2019 / CTCAE v5 grading and triage (pure domain core)."""

from __future__ import annotations

from hadcoord.monitoring.check import (
    Consciousness,
    DailyCheck,
    IceItems,
    NeuroCheck,
    NeuroSign,
    OxygenSupport,
    PumpReading,
    Seizure,
    Support,
    VenousAccess,
    VitalSigns,
    WritingTest,
)
from hadcoord.monitoring.crs import CrsGrading, grade_crs
from hadcoord.monitoring.errors import InvalidCheckError
from hadcoord.monitoring.fever import grade_fever
from hadcoord.monitoring.icans import IcansGrading, grade_icans, ice_grade
from hadcoord.monitoring.levels import Reason, TriageLevel
from hadcoord.monitoring.news2 import News2Input, News2Risk, News2Score, score_news2
from hadcoord.monitoring.parse import parse_check, parse_check_json
from hadcoord.monitoring.pump import Deviation, PumpAssessment, assess_volume
from hadcoord.monitoring.schema_check import load_schema
from hadcoord.monitoring.triage import TriageResult, triage

__all__ = [
    "Consciousness",
    "CrsGrading",
    "DailyCheck",
    "Deviation",
    "IcansGrading",
    "IceItems",
    "InvalidCheckError",
    "NeuroCheck",
    "NeuroSign",
    "News2Input",
    "News2Risk",
    "News2Score",
    "OxygenSupport",
    "PumpAssessment",
    "PumpReading",
    "Reason",
    "Seizure",
    "Support",
    "TriageLevel",
    "TriageResult",
    "VenousAccess",
    "VitalSigns",
    "WritingTest",
    "assess_volume",
    "grade_crs",
    "grade_fever",
    "grade_icans",
    "ice_grade",
    "load_schema",
    "parse_check",
    "parse_check_json",
    "score_news2",
    "triage",
]
