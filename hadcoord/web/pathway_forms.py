"""The calendar form of a pathway (WTForms, French messages)."""

from __future__ import annotations

from wtforms.validators import InputRequired, NumberRange, ValidationError

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


class CalendarForm(FrenchForm):
    """Cycle-1 start, change-day pair and number of cycles."""

    start_date = FrenchDateField("Début du cycle 1 (entrée à l'IUCT-O)",
                                 validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    start_time = FrenchTimeField("Heure de pose de la première poche", format="%H:%M",
                           validators=[InputRequired(REQUIRED)])
    change_days = FrenchSelectField("Jours fixes de changement de poche en hôpital de jour")
    cycles = FrenchIntegerField("Nombre de cycles", validators=[
        InputRequired(REQUIRED), NumberRange(1, 10, "Entre 1 et 10 cycles.")])

    def validate_start_date(self, field: FrenchDateField) -> None:
        """A year a treatment calendar can hold (issue 11: 9999-12-01 overflowed)."""
        if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            msg = f"Date hors des limites : entre {FIRST_YEAR} et {LAST_YEAR}."
            raise ValidationError(msg)

    def set_choices(self, protocol: Protocol) -> None:
        """The change-day pairs the protocol allows."""
        self.change_days.choices = [(name, labels.CHANGE_DAYS.get(name, name))
                                    for name, _days in protocol.change_pairs]
