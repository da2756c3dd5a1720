"""Patient records: creation, update, who may read them; every read and change is audited."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from hadcoord.errors import HadcoordError
from hadcoord.planning.surface import mosteller
from hadcoord.services import audit
from hadcoord.services.plan_store import invalidate_plan
from hadcoord.store import Pathway, Patient, Role, User
from hadcoord.vocabulary import CentralLine, PathwayStep
from hadcoord.wording import formats, labels

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
REFERENCE_ATTEMPTS = 5


class PatientAccessError(HadcoordError, PermissionError):
    """The user's role may not read this patient's record."""


class DuplicateSubmissionError(HadcoordError, ValueError):
    """The same form was submitted twice; the first submission created ``patient_id``."""

    def __init__(self, message: str, patient_id: int) -> None:
        super().__init__(message)
        self.patient_id = patient_id


class DuplicatePatientError(HadcoordError, ValueError):
    """A record of the same person (names, birth date, sex) exists: ``patient_id``."""

    def __init__(self, message: str, patient_id: int) -> None:
        super().__init__(message)
        self.patient_id = patient_id


@dataclass(frozen=True)
class PatientInput:
    """A validated patient form."""

    last_name: str
    first_name: str
    birth_date: date
    sex: str
    commune_code: str
    phone: str
    gp_name: str
    haematologist: str
    indication: str
    weight_kg: float
    consent_had: bool
    height_cm: float | None = None
    # Issue 14: the details the home team needs ("" / None: not known, « à renseigner »).
    address: str = ""
    phone_other: str = ""
    trusted_name: str = ""
    trusted_relation: str = ""
    trusted_phone: str = ""
    allergies: str = ""
    central_line: CentralLine | None = None
    day_hospital: str = ""
    gp_phone: str = ""
    nurses_name: str = ""
    nurses_phone: str = ""
    pharmacy_name: str = ""
    pharmacy_phone: str = ""
    provider_name: str = ""
    provider_phone: str = ""


def new_reference() -> str:
    """A pseudonymous reference such as ``P-7K3Q9X`` (what the pharmacy and the ARS see)."""
    return "P-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def create_patient(session: Session, data: PatientInput, user: User,
                   submission_key: str | None = None, *, is_demo: bool = False) -> Patient:
    """Create the record and audit it; the caller commits.

    The record is written in a savepoint of the caller's transaction: on error the caller's
    own pending changes are left as they were.

    Raises
    ------
    DuplicateSubmissionError
        ``submission_key`` was already used: the form was sent twice (``patient_id`` is the
        record the first submission created).
    DuplicatePatientError
        A record of the same person exists (``refuse_same_person``).
    """
    for _attempt in range(REFERENCE_ATTEMPTS):
        _refuse_duplicate(session, submission_key)
        refuse_same_person(session, data)
        patient = Patient(**asdict(data), reference=new_reference(),
                          submission_key=submission_key, is_demo=is_demo)
        try:
            with session.begin_nested():
                session.add(patient)
                session.flush()
        except IntegrityError:
            # The same form committed by a concurrent request (found on the next turn), or
            # a reference already taken (one chance in a billion): another reference.
            continue
        audit.record(session, user, "create", patient_id=patient.id, target="dossier patient",
                     detail=f"{patient.reference}")
        return patient
    msg = "impossible d'attribuer une référence unique au dossier : réessayez"
    raise HadcoordError(msg)


def _refuse_duplicate(session: Session, submission_key: str | None) -> None:
    if not submission_key:
        return
    existing = session.scalar(select(Patient.id).where(Patient.submission_key == submission_key))
    if existing is not None:
        msg = "ce formulaire a déjà été enregistré : aucun doublon n'a été créé"
        raise DuplicateSubmissionError(msg, existing)


def _identity_key(text: str) -> str:
    """A name as compared: no accents, case, spaces or hyphens (« Hélène » = « HELENE »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if c.isalnum())
    return letters.casefold()


def refuse_same_person(session: Session, data: PatientInput, *,
                       except_id: int | None = None) -> None:
    """Refuse a second record of a person already known.

    The identity check of ViaTrajectoire (the regional referral platform): same last name,
    first name, birth date and sex, compared without accents, case, spaces or hyphens.

    Raises
    ------
    DuplicatePatientError
        Such a record exists (other than ``except_id``): its id is ``patient_id``.
    """
    same_birth = session.scalars(select(Patient).where(
        Patient.birth_date == data.birth_date, Patient.sex == data.sex)).all()
    wanted = (_identity_key(data.last_name), _identity_key(data.first_name))
    for patient in same_birth:
        if patient.id != except_id and (
                _identity_key(patient.last_name), _identity_key(patient.first_name)) == wanted:
            msg = (f"Ce patient existe déjà ({patient.reference}) : même nom, prénom, date de "
                   "naissance et sexe")
            raise DuplicatePatientError(msg, patient.id)


def update_patient(session: Session, patient: Patient, data: PatientInput, user: User) -> list[str]:
    """Apply the changes, audit which fields changed; the caller commits.

    Raises
    ------
    DuplicatePatientError
        The new identity is another record's (nothing is changed).
    """
    refuse_same_person(session, data, except_id=patient.id)
    changed = [name for name, value in asdict(data).items() if getattr(patient, name) != value]
    # Old → new values (issue 16): a previous weight or GP can be recovered from the trail.
    values = [f"{labels.PATIENT_FIELD.get(name, name)} : « {_shown(getattr(patient, name))} »"
              f" → « {_shown(getattr(data, name))} »" for name in changed]
    for name in changed:
        setattr(patient, name, getattr(data, name))
    if patient.pathway is not None and {"weight_kg", "height_cm"} & set(changed):
        # The dose may follow the body surface.
        invalidate_plan(session, patient.pathway.id, PathwayStep.PLAN_RECOMPUTED_BODY)
    if changed:
        audit.record(session, user, "update", patient_id=patient.id, target="dossier patient",
                     detail="champs : " + ", ".join(
                         labels.PATIENT_FIELD.get(name, name) for name in changed)
                     + " — " + " ; ".join(values))
    return changed


def _shown(value: object) -> str:
    """A field's value as the audit trail shows it (the line type by its French label)."""
    if isinstance(value, CentralLine):
        return labels.CENTRAL_LINE[value]
    return audit.shown(value)


def can_read_identity(user: User) -> bool:
    """Roles that may see who a patient is (never the pharmacy nor the ARS)."""
    return user.role in (Role.COORDINATOR, Role.HAD_NURSE)


def visible_patients(session: Session, user: User) -> Sequence[Patient]:
    """The patients this user may list: all for a coordinator, their HAD's for an HAD nurse."""
    query = select(Patient).order_by(Patient.last_name, Patient.first_name)
    if user.role == Role.HAD_NURSE:
        query = query.join(Pathway).where(
            Pathway.had_establishment_id == user.had_establishment_id)
    elif user.role != Role.COORDINATOR:
        return []
    return session.scalars(query).all()


def read_patient(session: Session, user: User, patient_id: int, target: str) -> Patient | None:
    """The record if this user may read it, None if it does not exist.

    The read, or the refused read, is audited in the caller's transaction: the caller commits
    it, also when it then answers the refusal (403).

    Raises
    ------
    PatientAccessError
        The record exists but the user's role or HAD does not give access to it.
    """
    patient = session.get(Patient, patient_id, options=[
        joinedload(Patient.pathway).selectinload(Pathway.tasks)])
    if patient is None:
        return None
    allowed = user.role == Role.COORDINATOR or (
        user.role == Role.HAD_NURSE and patient.pathway is not None
        and patient.pathway.had_establishment_id == user.had_establishment_id)
    if not allowed:
        audit.record(session, user, "read_denied", patient_id=patient_id, target=target)
        msg = "ce dossier n'est pas accessible à votre rôle"
        raise PatientAccessError(msg)
    audit.record(session, user, "read", patient_id=patient_id, target=target)
    return patient


# SmPC BLINCYTO 4.2: the fixed doses (9 then 28 µg/day) are for patients of at least 45 kg;
# below, the dose is computed from the body surface area (5 then 15 µg/m²/day, capped).
FIXED_DOSE_MIN_WEIGHT_KG = 45.0


def weight_warning(weight_kg: float, threshold_kg: float = FIXED_DOSE_MIN_WEIGHT_KG, *,
                   height_cm: float | None = None) -> str | None:
    """The protocol's dosing warning for a patient under the fixed-dose weight, else None.

    With the height, the body surface area (Mosteller) the plan doses by is given.
    """
    if weight_kg >= threshold_kg:
        return None
    surface = (f" ({formats.decimal(mosteller(height_cm, weight_kg))} m², Mosteller)"
               if height_cm else " : taille à renseigner")
    return (f"Poids inférieur à {threshold_kg:g} kg : la dose se calcule sur la surface "
            f"corporelle{surface} (RCP, rubrique 4.2) — à faire valider par l'hématologue et la "
            "PUI.")
