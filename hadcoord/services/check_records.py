"""Between the monitoring core's `DailyCheck`/`TriageResult` and the stored `DailyCheckRecord`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hadcoord import clock
from hadcoord.monitoring import DailyCheck, NeuroSign, Reason, TriageResult
from hadcoord.monitoring.levels import TriageLevel
from hadcoord.monitoring.wording import ACTIONS, EMERGENCY_ACTION
from hadcoord.monitoring.wording import neuro_signs as neuro_sign_text
from hadcoord.services.call_numbers import RedCallNumbers
from hadcoord.store import DailyCheckRecord
from hadcoord.wording import labels


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
        "fever_masking_treatment": check.fever_masking_treatment,
        "spo2_scale": check.spo2_scale,
        "vasopressors": support.vasopressors, "vasopressin": support.vasopressin,
        "line_redness": line.redness, "line_heat": line.heat, "line_swelling": line.swelling,
        "line_discharge": line.discharge, "dressing_intact": line.dressing_intact,
        "pump_running": pump.running, "pump_alarm": pump.alarm,
        "programmed_rate_ml_h": pump.programmed_rate_ml_h, "volume_left_ml": pump.volume_left_ml,
        "prescribed_rate_ml_h": pump.prescribed_rate_ml_h, "bag_volume_ml": pump.bag_volume_ml,
        "expected_volume_left_ml": pump.expected_volume_left_ml,
        "battery_changed": pump.battery_changed, "writing_test": neuro.writing_test.value,
        "ice_score": neuro.ice_score,
        "ice_orientation": items.orientation if items else None,
        "ice_naming": items.naming if items else None,
        "ice_commands": items.commands if items else None,
        "ice_writing": items.writing if items else None,
        "ice_attention": items.attention if items else None,
        "consciousness": neuro.consciousness.value, "seizure": neuro.seizure.value,
        "neuro_signs": ",".join(sorted(sign.value for sign in neuro.neuro_signs)),
        "free_text": check.free_text or "",
        "crs_grade": result.crs.grade, "icans_grade": result.icans.grade,
        "fever_grade": result.fever_grade, "triage": result.level.value,
        "pump_deviation_ml": result.pump.deviation_ml,
        "news2_score": result.news2.score, "news2_risk": result.news2.risk.value,
        "emergency": result.emergency, "ask_ice_items": result.ask_ice_items,
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
    return labels.label(labels.TRIAGE_LEVEL, TriageLevel, level)


def action_of(level: str, *, emergency: bool = False) -> str:
    """What to do at this level, in French (the emergency call first when NEWS2 is high)."""
    action = ACTIONS.get(level, "")
    return f"{EMERGENCY_ACTION}, puis {action}" if emergency else action


def record_action(record: DailyCheckRecord) -> str:
    """What to do after this check, in French."""
    return action_of(record.triage, emergency=record.emergency)


def neuro_signs_of(record: DailyCheckRecord) -> str:
    """The recorded neurological signs, in French (empty when none)."""
    signs = [NeuroSign(name) for name in record.neuro_signs.split(",") if name]
    return neuro_sign_text(signs)


def record_json(record: DailyCheckRecord) -> dict[str, Any]:
    """The stored check and its grading as JSON-ready values (the API's answer)."""
    return {
        "id": record.id, "patient_id": record.patient_id,
        "recorded_at": clock.to_local(record.recorded_at).isoformat(),  # Paris, with its offset
        "recorded_by": record.recorded_by,
        "check_day": record.check_day.isoformat(),
        "triage": record.triage, "action": record_action(record),
        "emergency": record.emergency, "ask_ice_items": record.ask_ice_items,
        "news2": {"score": record.news2_score, "risk": record.news2_risk},
        "alert_id": record.alert_id,
        "prescribed_rate_ml_h": record.prescribed_rate_ml_h,
        "programmed_rate_ml_h": record.programmed_rate_ml_h,
        "bag_volume_ml": record.bag_volume_ml,
        "crs_grade": record.crs_grade, "icans_grade": record.icans_grade,
        "fever_grade": record.fever_grade,
        "expected_volume_left_ml": record.expected_volume_left_ml,
        "volume_left_ml": record.volume_left_ml,
        "pump_deviation_ml": record.pump_deviation_ml,
        "reasons": [r.message for r in reasons_of(record)],
        "reason_codes": [r.code for r in reasons_of(record)],
        "observations": [r.message for r in observations_of(record)],
    }


def what_to_do_now(record: DailyCheckRecord, numbers: RedCallNumbers) -> list[str]:
    """The nurse's steps after this check, in order, in French (issue 12).

    Red names the first-recourse hospital (never just « le premier recours ») with its number
    from the contact directory, puts the 15 first when NEWS2 is high, and names the haematology
    on-call contact; a number nobody entered stays « à renseigner ».
    """
    if record.triage != TriageLevel.RED:
        steps = [action_of(record.triage).capitalize() + "."]
    else:
        hospital = (numbers.first_recourse
                    or "premier recours à renseigner dans le parcours du patient")
        steps = [f"Appeler maintenant le premier recours : {hospital} "
                 f"({numbers.first_recourse_number}).",
                 f"Prévenir l'{numbers.on_call_label} ({numbers.on_call_number}).",
                 "Rester auprès du patient jusqu'à la décision médicale ; la coordination de "
                 "l'IUCT-O a reçu l'alerte."]
        if record.emergency:
            steps.insert(0, "Urgence vitale : appeler le 15 (SAMU) maintenant.")
    if record.ask_ice_items:
        steps.append("Faire le score ICE item par item (orientation, dénomination, ordres, "
                     "écriture, attention) et le saisir dans un nouveau relevé.")
    return steps
