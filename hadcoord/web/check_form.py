"""The daily-check form (WTForms), French messages; it builds the same document as the API."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs: 3.2
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from hadcoord.web.fields import (
    FrenchCheckboxesField,
    FrenchDateField,
    FrenchFloatField,
    FrenchForm,
    FrenchIntegerField,
    FrenchSelectField,
    FrenchTimeField,
)
from hadcoord.wording import labels

REQUIRED = "Ce champ est obligatoire."
E = TypeVar("E", bound=StrEnum)
ICE_ITEMS = ("orientation", "naming", "commands", "writing", "attention")
YES_NO = [SelectChoice("", "— choisir —"), SelectChoice("yes", "oui"), SelectChoice("no", "non")]


def _between(low: float, high: float, unit: str = "") -> NumberRange:
    suffix = f" {unit}".replace("%", "%%") if unit else ""  # WTForms %-formats the message
    return NumberRange(low, high, f"Valeur attendue entre {low:g} et {high:g}{suffix}.")


def _number(label: str, low: float, high: float, unit: str = "", *, integer: bool = False,
            required: bool = True) -> Any:
    first = InputRequired(REQUIRED) if required else Optional()
    field = FrenchIntegerField if integer else FrenchFloatField
    return field(label, validators=[first, _between(low, high, unit)])


def _select(label: str, choices: Mapping[E, str]) -> FrenchSelectField:
    """A required choice among a vocabulary, labelled as the triage messages say it."""
    return FrenchSelectField(label, choices=[SelectChoice(v, t) for v, t in choices.items()],
                             validators=[InputRequired(REQUIRED)])


@dataclass(frozen=True)
class FieldError:
    """One error of the form: the field's id and label, and the message."""

    field_id: str
    label: str
    message: str


class DailyCheckForm(FrenchForm):
    """What the HAD nurse records at home (thesis, daily home check; ASTCT 2019 categories)."""

    check_date = FrenchDateField("Date du relevé", validators=[InputRequired(REQUIRED)])
    check_time = FrenchTimeField("Heure du relevé", validators=[InputRequired(REQUIRED)])
    temperature_c = _number("Température (°C)", 30, 45, "°C")
    heart_rate = _number("Fréquence cardiaque (/min)", 20, 250, integer=True)
    systolic_bp = _number("Pression artérielle systolique (mmHg)", 40, 300, "mmHg", integer=True)
    diastolic_bp = _number("Pression artérielle diastolique (mmHg)", 10, 200, "mmHg",
                           integer=True)
    spo2 = _number("SpO2 (%)", 50, 100, "%")
    respiratory_rate = _number("Fréquence respiratoire (/min)", 4, 80, integer=True)
    oxygen = _select("Oxygénothérapie", labels.OXYGEN)
    vasopressors = _number("Vasopresseurs (nombre)", 0, 6, integer=True)
    fever_masking_treatment = BooleanField(
        "Corticoïdes, tocilizumab ou antipyrétique (paracétamol…) dans les dernières 24 h")
    line_redness = BooleanField("Rougeur")
    line_heat = BooleanField("Chaleur")
    line_swelling = BooleanField("Gonflement")
    line_discharge = BooleanField("Écoulement")
    dressing_intact = BooleanField("Pansement propre et intact", default=True)
    pump_running = FrenchSelectField("Pompe en marche", choices=YES_NO,
                                     validators=[InputRequired(REQUIRED)])
    pump_alarm = FrenchSelectField("Alarme de la pompe", choices=YES_NO,
                                   validators=[InputRequired(REQUIRED)])
    programmed_rate_ml_h = _number("Débit programmé lu sur la pompe (mL/h)", 0, 100, "mL/h")
    volume_left_ml = _number("Volume restant dans la poche (mL)", 0, 2000, "mL")
    battery_changed = BooleanField("Piles changées")
    writing_test = _select("Test d'écriture (comparé à la première phrase du patient)",
                           labels.WRITING_TEST)
    ice_score = _number("Score ICE (/10, facultatif)", 0, 10, integer=True, required=False)
    ice_orientation = _number("Orientation : année, mois, ville, hôpital (0–4)", 0, 4,
                              integer=True, required=False)
    ice_naming = _number("Nommer trois objets (0–3)", 0, 3, integer=True, required=False)
    ice_commands = _number("Exécuter un ordre simple (0–1)", 0, 1, integer=True, required=False)
    ice_writing = _number("Écrire une phrase standard (0–1)", 0, 1, integer=True,
                          required=False)
    ice_attention = _number("Compter à rebours de 100 par 10 (0–1)", 0, 1, integer=True,
                            required=False)
    consciousness = _select("Niveau de conscience", labels.CONSCIOUSNESS)
    seizure = _select("Crise convulsive", labels.SEIZURE)
    neuro_signs = FrenchCheckboxesField(
        "Signes neurologiques observés (cochez tout ce qui est nouveau)", choices=[
            SelectChoice(sign.value, label[0].upper() + label[1:]) for sign, label in
            labels.NEURO_SIGN.items()])
    free_text = TextAreaField("Commentaire", validators=[Optional(), Length(max=4000)])
    # A UUID; the column holds 64 characters: anything longer is a forged form.
    submission_key = HiddenField(validators=[Length(
        max=64, message="Formulaire invalide : rechargez la page et recommencez.")])

    def __init__(self, *args: Any, now: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.submission_key.data:
            self.submission_key.data = str(uuid.uuid4())
        if now is not None and self.check_date.data is None and self.check_time.data is None:
            self.check_date.data = now.date()
            self.check_time.data = now.time().replace(second=0, microsecond=0)

    def ice_values(self) -> dict[str, int | None]:
        """The five ICE items as entered (None when empty)."""
        return {name: getattr(self, f"ice_{name}").data for name in ICE_ITEMS}

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then the ICE items together: all five or none."""
        valid: bool = super().validate(extra_validators)
        given = [value is not None for value in self.ice_values().values()]
        if any(given) and not all(given):
            self.ice_attention.errors = [*self.ice_attention.errors,
                                         "Renseignez les cinq items du score ICE (ou aucun)."]
            return False
        return valid

    def error_summary(self) -> list[FieldError]:
        """Every field's errors in the form's order, under its label.

        The summary at the top of the page links each to its field (issue 15: on a phone only
        the top of the page is in view after an error).
        """
        return [FieldError(field.id, field.label.text, message)
                for field in self if field.type not in ("CSRFTokenField", "HiddenField")
                for message in field.errors]

    def show_ice(self) -> bool:
        """Whether the ICE items are shown.

        A neurological sign, or the writing test not normal with the ICE score absent or 10.
        """
        if self.neuro_signs.data:
            return True
        if self.writing_test.data not in ("altered", "unable"):
            return any(v is not None for v in self.ice_values().values())
        return self.ice_score.data in (None, 10)

    def to_document(self) -> dict[str, Any]:
        """The check as the JSON document of the schema (call after validation)."""
        document: dict[str, Any] = {
            name: getattr(self, name).data for name in (
                "temperature_c", "heart_rate", "systolic_bp", "diastolic_bp", "spo2",
                "respiratory_rate", "oxygen", "vasopressors", "consciousness", "seizure",
                "writing_test")}
        document["fever_masking_treatment"] = bool(self.fever_masking_treatment.data)
        if self.neuro_signs.data:
            document["neuro_signs"] = list(self.neuro_signs.data)
        document["line"] = {"redness": bool(self.line_redness.data),
                            "heat": bool(self.line_heat.data),
                            "swelling": bool(self.line_swelling.data),
                            "discharge": bool(self.line_discharge.data),
                            "dressing_intact": bool(self.dressing_intact.data)}
        document["pump"] = {"running": self.pump_running.data == "yes",
                            "alarm": self.pump_alarm.data == "yes",
                            "volume_left_ml": self.volume_left_ml.data,
                            "programmed_rate_ml_h": self.programmed_rate_ml_h.data,
                            "battery_changed": bool(self.battery_changed.data)}
        if self.ice_score.data is not None:
            document["ice_score"] = self.ice_score.data
        items = self.ice_values()
        if all(value is not None for value in items.values()):
            document["ice_items"] = items
        comment = (self.free_text.data or "").strip()
        if comment:
            document["free_text"] = comment
        day, hour = self.check_date.data, self.check_time.data
        if day is not None and hour is not None:
            document["recorded_at"] = dt.datetime.combine(day, hour).isoformat()
        return document


class Spo2ScaleForm(FrenchForm):
    """The patient's NEWS2 SpO₂ scale and the prescription that fixes it (coordinator)."""

    scale = RadioField("Échelle SpO₂ du score NEWS2", coerce=int,
                       choices=[SelectChoice(1, "Échelle 1 — cible habituelle (SpO₂ ≥ 96 %)"),
                                SelectChoice(2, "Échelle 2 — cible prescrite de 88 à 92 % "
                                                "(insuffisance respiratoire hypercapnique)")],
                       validators=[InputRequired(REQUIRED)])
    prescription = StringField("Prescription (médecin, date)",
                               validators=[InputRequired(REQUIRED), Length(max=300)])
