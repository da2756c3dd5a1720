"""Between the monitoring core's `DailyCheck`/`TriageResult` and the stored `DailyCheckRecord`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hadcoord import clock
from hadcoord.monitoring import DailyCheck, Reason, TriageResult
from hadcoord.monitoring.wording import ACTIONS, LEVEL_LABELS
from hadcoord.store import DailyCheckRecord


@dataclass(frozen=True, slots=True)
class ShownReason:
    """A reason as the pages and messages show it."""

    code: str
    level: str
    message: str


def _reasons_json(reasons: tuple[Reason, ...]) -> str:
    return json.dumps([{"code": r.code, "level": r.level.value, "message": r.message}
                       for r in reasons], ensure_ascii=False)


def record_values(check: DailyCheck, result: TriageResult) -> dict[str, Any]:
    """The column values of a graded check (without patient, author and times)."""
    vitals, support, line, pump, neuro = (check.vitals, check.support, check.line, check.pump,
                                          check.neuro)
    items = neuro.ice_items
    return {
        "temperature_c": vitals.temperature_c, "hours_above_40_c": vitals.hours_above_40_c,
        "heart_rate": vitals.heart_rate, "systolic_bp": vitals.systolic_bp,
        "diastolic_bp": vitals.diastolic_bp, "spo2": vitals.spo2,
        "respiratory_rate": vitals.respiratory_rate, "oxygen": support.oxygen.value,
        "vasopressors": support.vasopressors, "vasopressin": support.vasopressin,
        "line_redness": line.redness, "line_heat": line.heat, "line_swelling": line.swelling,
        "line_discharge": line.discharge, "dressing_intact": line.dressing_intact,
        "pump_running": pump.running, "pump_alarm": pump.alarm,
        "programmed_rate_ml_h": pump.programmed_rate_ml_h, "volume_left_ml": pump.volume_left_ml,
        "expected_volume_left_ml": pump.expected_volume_left_ml,
        "battery_changed": pump.battery_changed, "writing_test": neuro.writing_test.value,
        "ice_score": neuro.ice_score,
        "ice_orientation": items.orientation if items else None,
        "ice_naming": items.naming if items else None,
        "ice_commands": items.commands if items else None,
        "ice_writing": items.writing if items else None,
        "ice_attention": items.attention if items else None,
        "consciousness": neuro.consciousness.value, "seizure": neuro.seizure.value,
        "free_text": check.free_text or "",
        "crs_grade": result.crs.grade, "icans_grade": result.icans.grade,
        "fever_grade": result.fever_grade, "triage": result.level.value,
        "pump_deviation_ml": result.pump.deviation_ml,
        "reasons": _reasons_json(result.reasons),
        "observations": _reasons_json(result.observations),
    }


def _load(text: str) -> list[ShownReason]:
    return [ShownReason(item["code"], item["level"], item["message"])
            for item in json.loads(text or "[]")]


def reasons_of(record: DailyCheckRecord) -> list[ShownReason]:
    """The reasons that set the record's triage level, most urgent first."""
    return _load(record.reasons)


def observations_of(record: DailyCheckRecord) -> list[ShownReason]:
    """The findings shown without raising the level."""
    return _load(record.observations)


def level_label(level: str) -> str:
    """ROUGE / ORANGE / VERT."""
    return LEVEL_LABELS.get(level, level)


def action_of(level: str) -> str:
    """What to do at this level, in French."""
    return ACTIONS.get(level, "")


def record_json(record: DailyCheckRecord) -> dict[str, Any]:
    """The stored check and its grading as JSON-ready values (the API's answer)."""
    return {
        "id": record.id, "patient_id": record.patient_id,
        "recorded_at": clock.to_local(record.recorded_at).isoformat(),  # Paris, with its offset
        "recorded_by": record.recorded_by,
        "check_day": record.check_day.isoformat(),
        "triage": record.triage, "action": action_of(record.triage),
        "crs_grade": record.crs_grade, "icans_grade": record.icans_grade,
        "fever_grade": record.fever_grade,
        "expected_volume_left_ml": record.expected_volume_left_ml,
        "volume_left_ml": record.volume_left_ml,
        "pump_deviation_ml": record.pump_deviation_ml,
        "reasons": [r.message for r in reasons_of(record)],
        "reason_codes": [r.code for r in reasons_of(record)],
        "observations": [r.message for r in observations_of(record)],
    }
