"""The calendar form of a pathway (WTForms, French messages)."""

from __future__ import annotations

from wtforms.validators import InputRequired, NumberRange

from hadcoord.planning import Protocol
from hadcoord.web.fields import (
    FrenchDateField,
    FrenchForm,
    FrenchIntegerField,
    FrenchSelectField,
    FrenchTimeField,
)
from hadcoord.web.patient_form import REQUIRED

PAIR_LABELS = {"mon-thu": "lundi et jeudi", "tue-fri": "mardi et vendredi"}


class CalendarForm(FrenchForm):
    """Cycle-1 start, change-day pair and number of cycles."""

    start_date = FrenchDateField("Début du cycle 1 (entrée à l'IUCT-O)",
                                 validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    start_time = FrenchTimeField("Heure de pose de la première poche", format="%H:%M",
                           validators=[InputRequired(REQUIRED)])
    change_days = FrenchSelectField("Jours fixes de changement de poche en hôpital de jour")
    cycles = FrenchIntegerField("Nombre de cycles", validators=[
        InputRequired(REQUIRED), NumberRange(1, 10, "Entre 1 et 10 cycles.")])

    def set_choices(self, protocol: Protocol) -> None:
        """The change-day pairs the protocol allows."""
        self.change_days.choices = [(name, PAIR_LABELS.get(name, name))
                                    for name, _days in protocol.change_pairs]
