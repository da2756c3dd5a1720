"""Triage of a daily check: grades, level (red/orange/green) and reasons in French.

Source of the rules: issue 7, "conservative defaults" for a patient on a 28-day blinatumomab
infusion at home; every threshold comes from `MonitoringSettings` ([monitoring] in config.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.monitoring import rules
from hadcoord.monitoring.check import DailyCheck
from hadcoord.monitoring.crs import CrsGrading, grade_crs
from hadcoord.monitoring.fever import grade_fever
from hadcoord.monitoring.icans import IcansGrading, grade_icans
from hadcoord.monitoring.levels import Reason, TriageLevel
from hadcoord.monitoring.news2 import News2Score, score_news2
from hadcoord.monitoring.pump import PumpAssessment, assess_volume
from hadcoord.monitoring.wording import ACTIONS, EMERGENCY_ACTION


@dataclass(frozen=True, slots=True)
class TriageResult:
    """Everything the triage of one check decided.

    ``reasons`` raise the level (most urgent first); ``observations`` are findings shown to the
    team that raise no alert; ``ask_ice_items`` asks every channel for the ICE items;
    ``emergency`` (NEWS2 high risk) puts « urgence vitale : appeler le 15 » first.
    """

    level: TriageLevel
    crs: CrsGrading
    icans: IcansGrading
    fever_grade: int
    pump: PumpAssessment
    news2: News2Score
    reasons: tuple[Reason, ...]
    observations: tuple[Reason, ...]
    ask_ice_items: bool
    emergency: bool = False

    @property
    def action(self) -> str:
        """What to do, in French (the emergency call first when NEWS2 is high)."""
        action = ACTIONS[self.level.value]
        return f"{EMERGENCY_ACTION}, puis {action}" if self.emergency else action

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready values (output of ``hadcoord triage --json``)."""
        return {
            "triage": self.level.value,
            "action": self.action,
            "crs_grade": self.crs.grade,
            "icans_grade": self.icans.grade,
            "fever_grade": self.fever_grade,
            "reasons": [reason.message for reason in self.reasons],
            "reason_codes": [reason.code for reason in self.reasons],
            "observations": [reason.message for reason in self.observations],
            "ask_ice_items": self.ask_ice_items,
            "emergency": self.emergency,
            "news2": {
                "score": self.news2.score,
                "risk": self.news2.risk.value,
                "parameters": dict(self.news2.parameters),
            },
            "pump": {
                "status": self.pump.status.value,
                "deviation_ml": self.pump.deviation_ml,
                "tolerance_ml": self.pump.tolerance_ml,
            },
        }


def triage(check: DailyCheck, settings: MonitoringSettings | None = None) -> TriageResult:
    """Grade (NEWS2 RCP 2017, ASTCT 2019 CRS/ICANS, CTCAE v5 fever) and triage a check."""
    settings = settings or MonitoringSettings()
    vitals, support, neuro = check.vitals, check.support, check.neuro
    crs = grade_crs(
        vitals.temperature_c,
        vitals.systolic_bp,
        support.oxygen,
        support.vasopressors,
        support.vasopressin,
        fever_min_c=settings.crs_fever_min_c,
        systolic_below=settings.hypotension_systolic_below_mmhg,
        fever_masked=check.fever_masking_treatment,
    )
    news2 = score_news2(rules.news2_input(check))
    icans = grade_icans(neuro.ice_score, neuro.consciousness, neuro.seizure)
    volume = assess_volume(
        check.pump.volume_left_ml,
        check.pump.expected_volume_left_ml,
        tolerance_ml=settings.pump_tolerance_ml,
        tolerance_percent=settings.pump_tolerance_percent,
    )
    findings = [
        *rules.news2_reasons(check, news2, settings),
        *rules.vital_reasons(check, crs, settings),
        *rules.neuro_reasons(check, icans, settings),
        *rules.line_reasons(check, settings),
        *rules.pump_reasons(check, volume, settings),
    ]
    alerts = sorted(
        (f for f in findings if f.level is not TriageLevel.GREEN), key=lambda f: -f.level.rank
    )
    level = max((f.level for f in alerts), key=lambda lv: lv.rank, default=TriageLevel.GREEN)
    return TriageResult(
        level=level,
        crs=crs,
        icans=icans,
        fever_grade=grade_fever(vitals.temperature_c, vitals.hours_above_40_c),
        pump=volume,
        news2=news2,
        reasons=tuple(alerts),
        observations=tuple(f for f in findings if f.level is TriageLevel.GREEN),
        ask_ice_items=rules.needs_ice_items(check) and neuro.ice_items is None,
        emergency=any(f.code == "news2_emergency" for f in alerts),
    )
