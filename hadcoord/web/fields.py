"""WTForms fields whose parse and choice errors are in French (the UI language)."""

from __future__ import annotations

from typing import Any

from wtforms import (
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TimeField,
)
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def _parse_in_french(field: Any, parent: type, valuelist: list[Any], message: str) -> None:
    try:
        parent.process_formdata(field, valuelist)  # type: ignore[attr-defined]
    except ValueError:
        raise ValueError(message) from None


class FrenchDateField(DateField):
    """A date, with a French parse error."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse, with a French message on failure."""
        _parse_in_french(self, DateField, valuelist, "Date invalide (format attendu : JJ/MM/AAAA).")


class FrenchTimeField(TimeField):
    """A time of day, with a French parse error."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse, with a French message on failure."""
        _parse_in_french(self, TimeField, valuelist, "Heure invalide (format attendu : HH:MM).")


class FrenchIntegerField(IntegerField):
    """A whole number, with a French parse error."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse, with a French message on failure."""
        _parse_in_french(self, IntegerField, valuelist, "Nombre entier invalide.")


class FrenchFloatField(FloatField):
    """A number accepting a decimal comma, with a French parse error."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse, with a French message on failure."""
        _parse_in_french(self, FloatField, [str(v).replace(",", ".") for v in valuelist],
                         "Nombre invalide.")


class FrenchSelectField(SelectField):
    """A select whose invalid-choice error is in French."""

    def pre_validate(self, form: Any) -> None:
        """Refuse a value that is not one of the choices, in French."""
        try:
            super().pre_validate(form)
        except ValidationError:
            msg = "Choix invalide : choisissez une valeur de la liste."
            raise ValidationError(msg) from None


class FrenchCheckboxesField(SelectMultipleField):
    """Check boxes for a list of choices; an unknown value is refused in French."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        """Refuse a value that is not one of the choices, in French."""
        try:
            super().pre_validate(form)
        except ValidationError:
            msg = "Choix invalide : cochez des valeurs de la liste."
            raise ValidationError(msg) from None
