"""The patient form (WTForms): field checks with French messages."""

from __future__ import annotations

import uuid
from typing import Any

from wtforms import BooleanField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs: 3.2
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from hadcoord import clock
from hadcoord.services.patients import PatientInput
from hadcoord.web.fields import FrenchDateField, FrenchFloatField, FrenchForm, FrenchSelectField
from hadcoord.wording import labels

REQUIRED = "Ce champ est obligatoire."
MAX_AGE_YEARS = 120

STALE_FORM = "Formulaire invalide : rechargez la page et recommencez."


def fingerprint(data: PatientInput) -> str:
    """The values an edit's confirmation is about (commune, indication, weight, consent)."""
    return (f"{data.commune_code}|{data.indication}|{data.weight_kg:g}|{data.height_cm or 0:g}|"
            f"{int(data.consent_had)}")


class PatientForm(FrenchForm):
    """Identity, commune, contacts, indication, weight and consent."""

    last_name = StringField("Nom", validators=[DataRequired(REQUIRED), Length(max=100)])
    first_name = StringField("Prénom", validators=[DataRequired(REQUIRED), Length(max=100)])
    birth_date = FrenchDateField("Date de naissance", validators=[InputRequired(REQUIRED)],
                           format="%Y-%m-%d")
    sex = FrenchSelectField("Sexe", choices=[SelectChoice("F", "Femme"),
                                             SelectChoice("M", "Homme")])
    commune = StringField("Commune de résidence",
                          validators=[DataRequired(REQUIRED), Length(max=120)])
    commune_code = HiddenField(  # filled by the search box when a suggestion is chosen
        validators=[Length(max=5, message=STALE_FORM)])
    commune_choice = HiddenField(  # the commune clicked among those proposed after a refusal
        validators=[Length(max=5, message=STALE_FORM)])
    phone = StringField("Téléphone", validators=[Optional(), Regexp(
        r"^(\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$",
        message="Numéro de téléphone français invalide.")])
    gp_name = StringField("Médecin traitant", validators=[Optional(), Length(max=200)])
    haematologist = StringField("Hématologue référent", validators=[Optional(), Length(max=200)])
    indication = FrenchSelectField("Indication", choices=[
        SelectChoice(value, label) for value, label in labels.INDICATION.items()])
    weight_kg = FrenchFloatField("Poids (kg)", validators=[
        InputRequired(REQUIRED), NumberRange(20, 250, "Le poids doit être entre 20 et 250 kg.")])
    # SmPC 4.2: under 45 kg the dose follows the body surface area (Mosteller): height needed.
    height_cm = FrenchFloatField("Taille (cm)", validators=[
        Optional(), NumberRange(30, 250, "La taille doit être entre 30 et 250 cm.")])
    consent_had = BooleanField("Le patient consent à l'hospitalisation à domicile")
    # Issue 14: the values whose consequences on the pathway were shown and confirmed.
    confirm = HiddenField(validators=[Length(max=64, message=STALE_FORM)])
    # A UUID (36 characters, the column's size): anything longer is a forged form.
    submission_key = HiddenField(validators=[Length(max=36, message=STALE_FORM)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.submission_key.data:
            self.submission_key.data = str(uuid.uuid4())

    def validate_birth_date(self, field: FrenchDateField) -> None:
        """Not in the future, not more than 120 years ago."""
        today = clock.today()
        if field.data is None:
            return
        if field.data > today:
            msg = "La date de naissance est dans le futur."
            raise ValidationError(msg)
        if (today - field.data).days > MAX_AGE_YEARS * 366:
            msg = "Date de naissance impossible (plus de 120 ans)."
            raise ValidationError(msg)

    def to_input(self, commune_code: str) -> PatientInput:
        """The validated values for the service layer (call after a successful validation)."""
        birth_date, weight = self.birth_date.data, self.weight_kg.data
        if birth_date is None or weight is None:
            msg = "formulaire non validé"
            raise ValueError(msg)
        return PatientInput(
            last_name=(self.last_name.data or "").strip().upper(),
            first_name=(self.first_name.data or "").strip(),
            birth_date=birth_date, sex=self.sex.data, commune_code=commune_code,
            phone=(self.phone.data or "").strip(), gp_name=(self.gp_name.data or "").strip(),
            haematologist=(self.haematologist.data or "").strip(),
            indication=self.indication.data, weight_kg=float(weight),
            consent_had=bool(self.consent_had.data),
            height_cm=float(self.height_cm.data) if self.height_cm.data is not None else None)
