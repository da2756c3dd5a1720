"""The triage rules, one function per part of the check (issue 7, "conservative defaults")."""

from __future__ import annotations

from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.monitoring import wording as w
from hadcoord.monitoring.check import DailyCheck, OxygenSupport, Seizure, WritingTest
from hadcoord.monitoring.crs import CrsGrading
from hadcoord.monitoring.icans import ICE_MAX, IcansGrading
from hadcoord.monitoring.levels import Reason, TriageLevel
from hadcoord.monitoring.pump import Deviation, PumpAssessment
from hadcoord.wording import labels

RED, ORANGE, GREEN = TriageLevel.RED, TriageLevel.ORANGE, TriageLevel.GREEN


def has_fever(check: DailyCheck, settings: MonitoringSettings) -> bool:
    """Whether the temperature reaches the red threshold (issue 7: >= 38 °C)."""
    return check.vitals.temperature_c >= settings.red_temperature_min_c


def vital_reasons(check: DailyCheck, crs: CrsGrading, settings: MonitoringSettings) -> list[Reason]:
    """Red for a fever (infection or CRS) and for a CRS grade; afebrile instability per config."""
    vitals, support = check.vitals, check.support
    reasons = []
    if has_fever(check, settings):
        threshold = w.fr_number(settings.red_temperature_min_c)
        text = f"Température {w.fr_number(vitals.temperature_c)} °C (≥ {threshold} °C) : "
        reasons.append(Reason("fever", RED, text + "infection ou SRC possible"))
    if crs.grade >= settings.red_min_crs_grade:
        details = w.crs_details(crs, vitals.systolic_bp, settings.hypotension_systolic_below_mmhg)
        text = f"Syndrome de relargage cytokinique (SRC) de grade {crs.grade} (ASTCT 2019) : "
        reasons.append(Reason("crs", RED, text + details))
    if not crs.fever:
        signs = []
        if crs.hypotension_grade >= 3:
            signs.append("vasopresseur(s)")
        elif crs.hypotension:
            below = settings.hypotension_systolic_below_mmhg
            signs.append(f"PAS {vitals.systolic_bp} mmHg (< {below})")
        if support.oxygen is not OxygenSupport.NONE:
            signs.append(labels.OXYGEN[support.oxygen])
        if vitals.spo2 < settings.spo2_low_below_percent:
            limit = w.fr_number(settings.spo2_low_below_percent)
            signs.append(f"SpO2 {w.fr_number(vitals.spo2)} % (< {limit} %)")
        if signs:
            text = "Sans fièvre : " + " ; ".join(signs)
            level = TriageLevel(settings.afebrile_instability_triage)
            reasons.append(Reason("afebrile_instability", level, text))
    return reasons


def needs_ice_items(check: DailyCheck) -> bool:
    """Altered (or impossible) writing test with a normal or missing ICE score (issue 7)."""
    neuro = check.neuro
    if neuro.writing_test is WritingTest.NORMAL:
        return False
    return neuro.ice_score is None or neuro.ice_score == ICE_MAX


def neuro_reasons(
    check: DailyCheck, icans: IcansGrading, settings: MonitoringSettings
) -> list[Reason]:
    """Red for an ICANS grade and any seizure; orange for an isolated writing-test change."""
    neuro = check.neuro
    reasons = []
    if icans.grade >= settings.red_min_icans_grade:
        details = w.icans_details(icans, neuro.ice_score, neuro.consciousness)
        text = f"Neurotoxicité (ICANS) de grade {icans.grade} (ASTCT 2019) : {details}"
        reasons.append(Reason("icans", RED, text))
    if neuro.seizure is not Seizure.NONE:
        reasons.append(Reason("seizure", RED, labels.SEIZURE[neuro.seizure]))
    if needs_ice_items(check):
        test = "impossible" if neuro.writing_test is WritingTest.UNABLE else "altéré"
        ice = "sans score ICE" if neuro.ice_score is None else "avec un score ICE normal (10/10)"
        text = f"Test d'écriture {test} {ice} : faire le score ICE item par item"
        reasons.append(Reason("writing_test", ORANGE, text))
    return reasons


def line_reasons(check: DailyCheck, settings: MonitoringSettings) -> list[Reason]:
    """Local signs at the venous access: orange without fever, red with it."""
    if not check.line.has_signs:
        reasons = []
    elif has_fever(check, settings):
        text = f"Signes au point d'accès veineux avec fièvre ({w.line_signs(check.line)}) : "
        reasons = [Reason("line_signs_with_fever", RED, text + "infection du cathéter possible")]
    else:
        text = f"Signes au point d'accès veineux sans fièvre : {w.line_signs(check.line)}"
        reasons = [Reason("line_signs", ORANGE, text)]
    if check.line.dressing_intact is False:
        reasons.append(Reason("dressing", GREEN, "Pansement non intact : à refaire"))
    return reasons


def pump_reasons(
    check: DailyCheck, volume: PumpAssessment, settings: MonitoringSettings
) -> list[Reason]:
    """Red for a stopped pump; over-/under-infusion and alarm at their configured levels."""
    pump = check.pump
    reasons = []
    if not pump.running:
        reasons.append(Reason("pump_stopped", RED, "Pompe à l'arrêt : perfusion interrompue"))
    if volume.status is not Deviation.WITHIN:
        figures = (
            f"Volume restant {w.fr_number(pump.volume_left_ml)} mL pour "
            f"{w.fr_number(pump.expected_volume_left_ml)} mL attendus "
            f"(écart {w.fr_number(volume.deviation_ml)} mL, "
            f"tolérance ± {w.fr_number(volume.tolerance_ml)} mL)"
        )
        if volume.status is Deviation.OVER_INFUSION:
            level = TriageLevel(settings.over_infusion_triage)
            text = f"{figures} : perfusion trop rapide, risque de surdosage"
        else:
            level = TriageLevel(settings.under_infusion_triage)
            text = f"{figures} : perfusion trop lente, sous-dosage"
        reasons.append(Reason(volume.status.value, level, text))
    if pump.alarm:
        level = TriageLevel(settings.pump_alarm_triage)
        reasons.append(Reason("pump_alarm", level, "Alarme de la pompe signalée"))
    return reasons
