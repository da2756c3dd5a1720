"""WTForms forms and fields whose messages are in French (the UI language)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    DateField,
    Field,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TimeField,
)
from wtforms.utils import clean_datetime_format_for_strptime
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


class FrenchForm(FlaskForm):  # type: ignore[misc]
    """A form whose built-in validator messages are WTForms' French ones.

    No ``maxlength`` attribute is rendered: a browser silently cuts a longer paste, whereas the
    server refuses it with « Le champ ne peut pas contenir plus de 100 caractères. » next to the
    field and saves nothing.
    """

    class Meta:
        """French messages (WTForms' own catalogue); no silent truncation by the browser."""

        locales = ("fr_FR", "fr")

        def get_translations(self, form: Any) -> Any:
            """WTForms' French catalogue, whatever the Flask-WTF i18n setting."""
            from wtforms.i18n import get_translations  # noqa: PLC0415

            return get_translations(self.locales)

        def render_field(self, field: Field, render_kw: dict[str, Any]) -> Markup:
            """Render without the ``maxlength`` that a Length validator would add."""
            other = getattr(field, "render_kw", None) or {}
            return field.widget(field, **{"maxlength": False, **other, **render_kw})


def _parse_in_french(field: Any, parent: type, valuelist: list[Any], message: str) -> None:
    try:
        parent.process_formdata(field, valuelist)  # type: ignore[attr-defined]
    except ValueError:
        raise ValueError(message) from None


# A browser's date input sends ISO dates; a person types « 14/12/2026 » (no date picker, or
# a pasted date): both are read.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class FrenchDateField(DateField):
    """A date, ISO (the browser's value) or JJ/MM/AAAA (typed), with a French parse error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format = [*self.format, *(f for f in DATE_FORMATS if f not in self.format)]
        self.strptime_format = clean_datetime_format_for_strptime(self.format)

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
