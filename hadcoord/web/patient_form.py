"""The patient form (WTForms): field checks with French messages."""

from __future__ import annotations

import uuid
from typing import Any

from wtforms import BooleanField, HiddenField, StringField, TextAreaField
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
from hadcoord.vocabulary import CentralLine
from hadcoord.web.fields import FrenchDateField, FrenchFloatField, FrenchForm, FrenchSelectField
from hadcoord.wording import labels

REQUIRED = "Ce champ est obligatoire."
MAX_AGE_YEARS = 120

STALE_FORM = "Formulaire invalide : rechargez la page et recommencez."
# A French number as dialled: 0X XX XX XX XX or +33 X XX XX XX XX (spaces, dots or hyphens).
FRENCH_PHONE = r"^(\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$"
BAD_PHONE = "Numéro de téléphone français invalide (10 chiffres, ex. 05 61 00 00 00)."
# A number without the person it reaches is refused: (number field, name field, message).
NAMED_NUMBERS = (
    ("trusted_phone", "trusted_name", "Indiquez le nom de la personne de confiance."),
    ("gp_phone", "gp_name", "Indiquez le nom du médecin traitant."),
    ("nurses_phone", "nurses_name", "Indiquez le nom des infirmiers libéraux (ou du cabinet)."),
    ("pharmacy_phone", "pharmacy_name", "Indiquez le nom de la pharmacie."),
    ("provider_phone", "provider_name", "Indiquez le nom du prestataire."),
)
# The details of issue 14, copied as typed (stripped) into PatientInput.
DETAIL_FIELDS = ("address", "phone_other", "trusted_name", "trusted_relation", "trusted_phone",
                 "allergies", "day_hospital", "gp_phone", "nurses_name", "nurses_phone",
                 "pharmacy_name", "pharmacy_phone", "provider_name", "provider_phone")


def _phone(label: str) -> StringField:
    return StringField(label, validators=[Optional(), Regexp(FRENCH_PHONE, message=BAD_PHONE)])


def _text(label: str, limit: int) -> StringField:
    return StringField(label, validators=[Length(max=limit)])


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
    address = _text("Adresse (numéro et rue)", 300)
    phone = _phone("Téléphone")
    phone_other = _phone("Autre téléphone")
    trusted_name = _text("Personne de confiance : nom et prénom", 200)
    trusted_relation = _text("Lien avec le patient (conjoint, enfant, ami…)", 100)
    trusted_phone = _phone("Téléphone de la personne de confiance")
    allergies = TextAreaField("Allergies", validators=[Length(max=1000)])
    central_line = FrenchSelectField("Voie veineuse centrale", default="", choices=[
        SelectChoice("", "à renseigner"),
        *(SelectChoice(value.value, text) for value, text in labels.CENTRAL_LINE.items())])
    day_hospital = _text("Hôpital de jour de suivi", 200)
    gp_name = StringField("Médecin traitant", validators=[Optional(), Length(max=200)])
    gp_phone = _phone("Téléphone du médecin traitant")
    nurses_name = _text("Infirmiers libéraux (cabinet)", 200)
    nurses_phone = _phone("Téléphone des infirmiers libéraux")
    pharmacy_name = _text("Pharmacie d'officine", 200)
    pharmacy_phone = _phone("Téléphone de la pharmacie")
    provider_name = _text("Prestataire de santé à domicile", 200)
    provider_phone = _phone("Téléphone du prestataire")
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
        if self.central_line.data is None:  # a record without a line type: « à renseigner »
            self.central_line.data = ""

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

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' checks, then: no number without the name of whom it reaches."""
        valid = bool(super().validate(extra_validators))
        for number, name, message in NAMED_NUMBERS:
            if (getattr(self, number).data or "").strip() and not (
                    getattr(self, name).data or "").strip():
                getattr(self, name).errors = [*getattr(self, name).errors, message]
                valid = False
        return valid

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
            height_cm=float(self.height_cm.data) if self.height_cm.data is not None else None,
            central_line=CentralLine(self.central_line.data) if self.central_line.data else None,
            **{name: (getattr(self, name).data or "").strip() for name in DETAIL_FIELDS})
