"""The forms of a pathway: its calendar and its steps (WTForms, French messages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from wtforms import HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs: 3.2
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from hadcoord import clock
from hadcoord.planning import Protocol
from hadcoord.services.preparations import FIRST_YEAR, LAST_YEAR
from hadcoord.web.fields import (
    FrenchDateField,
    FrenchForm,
    FrenchIntegerField,
    FrenchSelectField,
    FrenchTimeField,
)
from hadcoord.web.patient_form import REQUIRED
from hadcoord.wording import labels

# A cycle 1 is planned within weeks of the decision (beds wait up to 3 weeks, thesis): a date
# more than a year ahead is a typing slip (« 2100 »), refused next to the field.
MAX_DAYS_AHEAD = 365


class CalendarForm(FrenchForm):
    """Cycle-1 start, change-day pair and number of cycles."""

    start_date = FrenchDateField("Début du cycle 1 (entrée à l'IUCT-O)",
                                 validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    start_time = FrenchTimeField("Heure de pose de la première poche", format="%H:%M",
                           validators=[InputRequired(REQUIRED)])
    change_days = FrenchSelectField("Jours fixes de changement de poche en hôpital de jour")
    cycles = FrenchIntegerField("Nombre de cycles", validators=[
        InputRequired(REQUIRED), NumberRange(1, 10, "Entre 1 et 10 cycles.")])

    # Set when a re-planned calendar was shown with its difference and the user confirms it.
    confirm = HiddenField()

    def validate_start_date(self, field: FrenchDateField) -> None:
        """Not in the past, at most a year ahead (issue 14: « 2100 » was saved for good).

        A year a treatment calendar can hold (issue 11: 9999-12-01 overflowed).
        """
        if field.data is None:
            return
        if not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            msg = f"Date hors des limites : entre {FIRST_YEAR} et {LAST_YEAR}."
            raise ValidationError(msg)
        today = clock.today()
        if field.data < today:
            msg = "La date de début du cycle 1 est dans le passé."
            raise ValidationError(msg)
        latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
        if field.data > latest:
            msg = (f"Date à plus d'un an : vérifiez l'année (au plus tard le "
                   f"{latest.strftime('%d/%m/%Y')}).")
            raise ValidationError(msg)

    def set_choices(self, protocol: Protocol) -> None:
        """The change-day pairs the protocol allows."""
        self.change_days.choices = [(name, labels.CHANGE_DAYS.get(name, name))
                                    for name, _days in protocol.change_pairs]


class InterruptionForm(FrenchForm):
    """An interruption of the infusion: when it stopped, when it resumes, why (SmPC 4.2).

    The decision to restart is optional (default: the stop): the restart bag is prepared after
    it (issue 13).
    """

    stop_date = FrenchDateField("Arrêt de la perfusion : date",
                                validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    stop_time = FrenchTimeField("Arrêt : heure (heure pleine)", format="%H:%M",
                                validators=[InputRequired(REQUIRED)])
    resume_date = FrenchDateField("Reprise prévue : date",
                                  validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    resume_time = FrenchTimeField("Reprise : heure (heure pleine)", format="%H:%M",
                                  validators=[InputRequired(REQUIRED)])
    reason = FrenchSelectField("Motif de l'interruption", choices=[
        SelectChoice(code, label) for code, label in labels.INTERRUPTION_REASON.items()])
    decision_date = FrenchDateField("Décision de reprise : date (facultative, par défaut l'arrêt)",
                                    validators=[Optional()], format="%Y-%m-%d")
    decision_time = FrenchTimeField("Décision de reprise : heure (heure pleine)", format="%H:%M",
                                    validators=[Optional()])
    # Set when the difference was shown and the user confirms it.
    confirm = HiddenField()
    # With the difference: why the planner moved the resume asked for (issue 13), "" if not.
    resume_note: str = ""

    def validate_stop_date(self, field: FrenchDateField) -> None:
        """A year a treatment calendar can hold (an overflowing year is refused here)."""
        _within_years(field)

    def validate_resume_date(self, field: FrenchDateField) -> None:
        """A year a treatment calendar can hold."""
        _within_years(field)

    def validate_decision_date(self, field: FrenchDateField) -> None:
        """A year a treatment calendar can hold."""
        _within_years(field)

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """The fields, then a decision's date and hour given together."""
        valid: bool = super().validate(extra_validators)
        day, hour = self.decision_date, self.decision_time
        if day.data is not None and hour.data is None and not hour.errors:
            hour.errors = ["Indiquez aussi l'heure de la décision."]
            valid = False
        elif hour.data is not None and day.data is None and not day.errors:
            day.errors = ["Indiquez aussi la date de la décision."]
            valid = False
        return valid


def _within_years(field: FrenchDateField) -> None:
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        msg = f"Date hors des limites : entre {FIRST_YEAR} et {LAST_YEAR}."
        raise ValidationError(msg)


NOTE_LENGTH = Length(max=2000, message="Au plus 2 000 caractères.")


class RequestSentForm(FrenchForm):
    """The request the option needs next was sent (ARS, HAD or convention)."""

    kind = FrenchSelectField("Demande envoyée", choices=[
        SelectChoice(kind.value, label) for kind, label in labels.REQUEST_KIND.items()])
    note = TextAreaField("Note (facultative)", validators=[Optional(), NOTE_LENGTH])


class AnswerForm(FrenchForm):
    """The ARS's or the HAD's answer."""

    answer = FrenchSelectField("Réponse", choices=[
        SelectChoice(answer.value, label) for answer, label in labels.ANSWER.items()])
    day = FrenchDateField("Date de la réponse", validators=[InputRequired(REQUIRED)],
                          format="%Y-%m-%d")
    reference = StringField("Référence de l'ARS ou de l'HAD (facultative)", validators=[
        Optional(), Length(max=100, message="Au plus 100 caractères.")])
    note = TextAreaField("Note (facultative)", validators=[Optional(), NOTE_LENGTH])


class SwitchForm(FrenchForm):
    """Engage another of the options proposed for the patient's commune."""

    option = FrenchIntegerField("Nouvelle option", validators=[InputRequired(
        "Choisissez une option.")])
    note = TextAreaField("Pourquoi ce changement (facultatif)",
                         validators=[Optional(), NOTE_LENGTH])


class StepForm(FrenchForm):
    """A step with a note only: HAD confirmed, patient at home."""

    note = TextAreaField("Note (facultative)", validators=[Optional(), NOTE_LENGTH])


class CycleForm(FrenchForm):
    """A later cycle starts."""

    cycle = FrenchIntegerField("Numéro du cycle", validators=[
        InputRequired(REQUIRED), NumberRange(2, 10, "Entre 2 et 10.")])
    note = TextAreaField("Note (facultative)", validators=[Optional(), NOTE_LENGTH])


class EndForm(FrenchForm):
    """The pathway ends, with its reason."""

    reason = FrenchSelectField("Motif de fin", choices=[
        SelectChoice(reason.value, label) for reason, label in labels.END_REASON.items()])
    note = TextAreaField("Précisions (obligatoires)", validators=[
        DataRequired("Précisez le motif de fin du parcours."), NOTE_LENGTH])
