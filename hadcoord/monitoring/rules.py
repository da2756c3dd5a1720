"""The triage rules, one function per part of the check (issue 7, "conservative defaults")."""

from __future__ import annotations

from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.monitoring import wording as w
from hadcoord.monitoring.check import (
    Consciousness,
    DailyCheck,
    NeuroSign,
    OxygenSupport,
    Seizure,
    WritingTest,
)
from hadcoord.monitoring.crs import CrsGrading
from hadcoord.monitoring.icans import ICE_MAX, IcansGrading
from hadcoord.monitoring.levels import Reason, TriageLevel
from hadcoord.monitoring.news2 import News2Input, News2Score
from hadcoord.monitoring.pump import Deviation, PumpAssessment

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
    if support.vasopressors or support.vasopressin:
        # ASTCT 2019 CRS table: hypotension requiring a vasopressor is grade 3 or more.
        level = TriageLevel(settings.vasopressor_triage)
        text = "Vasopresseur en cours : état de choc (SRC de grade 3 ou plus, ASTCT 2019)"
        reasons.append(Reason("vasopressor", level, text))
    if not crs.fever and not crs.fever_masked:
        signs = []
        if crs.hypotension_grade >= 3:
            signs.append("vasopresseur(s)")
        elif crs.hypotension:
            below = settings.hypotension_systolic_below_mmhg
            signs.append(f"PAS {vitals.systolic_bp} mmHg (< {below})")
        if support.oxygen is not OxygenSupport.NONE:
            signs.append(w.OXYGEN_LABELS[support.oxygen])
        if vitals.spo2 < settings.spo2_low_below_percent:
            limit = w.fr_number(settings.spo2_low_below_percent)
            signs.append(f"SpO2 {w.fr_number(vitals.spo2)} % (< {limit} %)")
        if signs:
            text = "Sans fièvre : " + " ; ".join(signs)
            level = TriageLevel(settings.afebrile_instability_triage)
            reasons.append(Reason("afebrile_instability", level, text))
    return reasons


def news2_input(check: DailyCheck) -> News2Input:
    """The NEWS2 observations of a check (RCP 2017).

    New confusion is the C of ACVPU; any consciousness other than fully alert scores as V, P, U.
    """
    vitals, neuro = check.vitals, check.neuro
    alert = (neuro.consciousness is Consciousness.ALERT
             and NeuroSign.CONFUSION not in neuro.neuro_signs)
    return News2Input(
        respiration_rate=vitals.respiratory_rate, spo2=vitals.spo2,
        on_oxygen=check.support.oxygen is not OxygenSupport.NONE,
        systolic_bp=vitals.systolic_bp, pulse=vitals.heart_rate, alert=alert,
        temperature_c=vitals.temperature_c, spo2_scale=check.spo2_scale)


def news2_reasons(check: DailyCheck, news2: News2Score,
                  settings: MonitoringSettings) -> list[Reason]:
    """RCP 2017 chart 2: >= 7 emergency (appeler le 15), >= 5 or a single 3 red, else shown."""
    details = w.news2_details(check, news2)
    head = f"Score NEWS2 {news2.score} (RCP 2017, risque {w.NEWS2_RISK_LABELS[news2.risk]})"
    if news2.score >= settings.news2_emergency_min_score:
        limit = settings.news2_emergency_min_score
        text = f"Urgence vitale : appeler le 15 — {head}, ≥ {limit} : {details}"
        return [Reason("news2_emergency", RED, text)]
    if (news2.score >= settings.news2_red_min_score
            or news2.max_parameter >= settings.news2_red_single_parameter):
        return [Reason("news2", RED, f"{head} : {details}")]
    if news2.score:
        return [Reason("news2", GREEN, f"{head} : {details}")]
    return []


def needs_ice_items(check: DailyCheck) -> bool:
    """Whether the ICE score must be done item by item.

    Altered (or impossible) writing test with a normal or missing ICE score (issue 7), or any
    neurological sign (SmPC 4.4).
    """
    neuro = check.neuro
    if neuro.neuro_signs:
        return True
    if neuro.writing_test is WritingTest.NORMAL:
        return False
    return neuro.ice_score is None or neuro.ice_score == ICE_MAX


def neuro_reasons(
    check: DailyCheck, icans: IcansGrading, settings: MonitoringSettings
) -> list[Reason]:
    """Red for ICANS, a seizure, a neurological sign or a writing test without ICE items.

    An altered writing test with normal ICE items (10/10) stays orange.
    """
    neuro = check.neuro
    reasons = []
    if icans.grade >= settings.red_min_icans_grade:
        details = w.icans_details(icans, neuro.ice_score, neuro.consciousness)
        text = f"Neurotoxicité (ICANS) de grade {icans.grade} (ASTCT 2019) : {details}"
        reasons.append(Reason("icans", RED, text))
    if neuro.seizure is not Seizure.NONE:
        reasons.append(Reason("seizure", RED, w.SEIZURE_LABELS[neuro.seizure]))
    if neuro.neuro_signs:
        # SmPC 4.4 (neurological events); ASTCT 2019: deep focal motor weakness is ICANS 4.
        signs = w.neuro_signs(neuro.neuro_signs)
        text = (f"Signes neurologiques : {signs} (neurotoxicité possible, RCP 4.4) : "
                "faire le score ICE item par item")
        if NeuroSign.MOTOR_WEAKNESS in neuro.neuro_signs:
            text += " ; un déficit moteur focal profond est un ICANS de grade 4 (ASTCT 2019)"
        reasons.append(Reason("neuro_signs", RED, text))
    if neuro.writing_test is not WritingTest.NORMAL and needs_ice_items(check):
        test = "impossible" if neuro.writing_test is WritingTest.UNABLE else "altéré"
        if neuro.ice_items is None:
            ice = ("sans score ICE" if neuro.ice_score is None
                   else "avec un score ICE normal (10/10)")
            text = f"Test d'écriture {test} {ice} : faire le score ICE item par item"
            reasons.append(Reason("writing_test", RED, text))
        else:
            text = f"Test d'écriture {test} avec des items ICE normaux (10/10)"
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
    reasons.extend(rate_reasons(check, settings))
    return reasons


def rate_reasons(check: DailyCheck, settings: MonitoringSettings) -> list[Reason]:
    """Programmed vs prescribed rate: beyond the tolerance, red (thesis: one single rate)."""
    pump = check.pump
    programmed, prescribed = pump.programmed_rate_ml_h, pump.prescribed_rate_ml_h
    if prescribed is None:
        text = "Débit prescrit inconnu : débit programmé non comparé à la prescription"
        return [Reason("pump_rate_unknown", GREEN, text)]
    difference = round(abs(programmed - prescribed), 3)
    if difference <= settings.pump_rate_tolerance_ml_h:
        return []
    text = (f"Débit programmé différent de la prescription : {w.fr_number(programmed, 2)} mL/h "
            f"programmés pour {w.fr_number(prescribed, 2)} mL/h prescrits (tolérance "
            f"± {w.fr_number(settings.pump_rate_tolerance_ml_h, 2)} mL/h) : arrêter et "
            "reprogrammer selon la prescription")
    return [Reason("pump_rate", RED, text)]
