"""The French label of every value a user reads, once (so another locale can follow).

Keyed by the vocabularies' enums (``StrEnum``: a stored string looks its label up as well).
Clinical wording (grades, reasons, what to do) stays in ``hadcoord.monitoring.wording``; the
labels of its categories are here.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from hadcoord.coverage.model import Basis, Structure
from hadcoord.coverage.readiness import PumpReadiness, Training
from hadcoord.coverage.results import MatchStatus, OptionKind
from hadcoord.monitoring.check import (
    Consciousness,
    NeuroSign,
    OxygenSupport,
    Seizure,
    WritingTest,
)
from hadcoord.monitoring.levels import TriageLevel
from hadcoord.monitoring.news2 import News2Risk
from hadcoord.vocabulary import (
    AlertKind,
    Answer,
    CentralLine,
    Channel,
    EndReason,
    NotificationStatus,
    PathwayState,
    PathwayStep,
    RequestKind,
    Role,
    TaskStatus,
)
from hadcoord.wording.grammar import join

E = TypeVar("E", bound=StrEnum)

# --- coverage ---------------------------------------------------------------------------------
MATCH_STATUS: Mapping[MatchStatus, str] = {
    MatchStatus.AUTHORISED_HAD: "HAD autorisée à la chimiothérapie à domicile",
    MatchStatus.DEROGATION_NEEDED: "dérogation ARS nécessaire",
    MatchStatus.CONVENTION_NEEDED: "convention nécessaire",
    MatchStatus.NOT_COVERED_BY_DATASET: "hors de la zone étudiée",
}
OPTION_KIND: Mapping[OptionKind, str] = {
    OptionKind.HAD: "HAD du territoire",
    OptionKind.DEROGATION: "Dérogation ARS",
    OptionKind.CONVENTION: "Convention",
}
STRUCTURE: Mapping[Structure, str] = {
    Structure.ATTACHED_PUBLIC_HOSPITAL: "HAD rattachée à un hôpital public",
    Structure.ATTACHED_PRIVATE_CLINIC: "HAD rattachée à une clinique privée",
    Structure.PRIVATE_FOR_PROFIT: "HAD privée à but lucratif",
    Structure.PRIVATE_NON_PROFIT: "HAD privée à but non lucratif",
}
# Why an HAD may give chemotherapy at home (docs/sources.md, « Fondement de l'autorisation »).
BASIS: Mapping[Basis, str] = {
    Basis.ATTACHED: "rattachée à un établissement autorisé",
    Basis.ASSOCIATED: "établissement associé",
    Basis.UNKNOWN: "fondement non précisé",
}
TRAINING: Mapping[Training, str] = {
    Training.NEEDED: "à prévoir", Training.NOT_NEEDED: "à jour", Training.TO_CHECK: "à vérifier",
}
PUMP: Mapping[PumpReadiness, str] = {
    PumpReadiness.EQUIPPED: "équipée", PumpReadiness.TO_PROVIDE: "à prévoir",
}

# --- planning (the core's Literal vocabularies) -----------------------------------------------
PLACE = {"ward": "service d'hospitalisation", "day_hospital": "hôpital de jour"}
PLACE_SHORT = {"ward": "service", "day_hospital": "HDJ"}
STAY_REASON = {"cycle_start": "début de cycle", "restart": "reprise après interruption",
               "step_up": "palier de dose"}
PREMEDICATION_REASON = {"cycle_start": "début de cycle", "step_up": "palier de dose",
                        "restart": "reprise après interruption"}
CHANGE_DAYS = {"mon-thu": "lundi et jeudi", "tue-fri": "mardi et vendredi"}
INDICATION = {"rr": "LAL-B en rechute ou réfractaire (R/R)",
              "mrd": "LAL-B avec maladie résiduelle (MRD+)"}
# The patient list's states (services/patient_list.state_expression).
PATIENT_STATE = {"no_pathway": "option à choisir", "to_plan": "calendrier à planifier",
                 "refused": "calendrier à revoir", "upcoming": "programmé",
                 "in_treatment": "en cours", "at_home": "à domicile", "ended": "terminé"}

# --- pathway tasks, accounts, audit -------------------------------------------------------------
TASK_STATUS: Mapping[TaskStatus, str] = {TaskStatus.TODO: "à faire", TaskStatus.DONE: "faite",
                                         TaskStatus.NOT_APPLICABLE: "sans objet"}
# --- the pathway's states and timeline (issue 14) ----------------------------------------------
PATHWAY_STATE: Mapping[PathwayState, str] = {
    PathwayState.OPTIONS_PROPOSED: "options proposées : demande à envoyer",
    PathwayState.REQUEST_SENT: "demande envoyée",
    PathwayState.ANSWER_ACCEPTED: "réponse enregistrée : acceptée",
    PathwayState.ANSWER_REFUSED: "réponse enregistrée : refusée",
    PathwayState.HAD_CONFIRMED: "HAD confirmée",
    PathwayState.AT_HOME: "à domicile",
    PathwayState.IN_CYCLE: "cycle en cours",
    PathwayState.ENDED: "terminé",
}
PATHWAY_STEP: Mapping[PathwayStep, str] = {
    PathwayStep.OPTION_CHOSEN: "option retenue",
    PathwayStep.OPTION_SWITCHED: "changement d'option",
    PathwayStep.OPTION_PROPOSED_AFTER_REFUSAL: "option suivante proposée",
    PathwayStep.REQUEST_SENT: "demande envoyée",
    PathwayStep.ANSWER_RECORDED: "réponse enregistrée",
    PathwayStep.HAD_CONFIRMED: "HAD confirmée",
    PathwayStep.AT_HOME: "retour à domicile",
    PathwayStep.CYCLE_STARTED: "début du cycle",
    PathwayStep.ENDED: "fin du parcours",
    PathwayStep.RECHECKED: "dossier modifié : parcours réévalué",
    PathwayStep.PLAN_RECOMPUTED_PROTOCOL: "calendrier recalculé : protocole modifié",
    PathwayStep.PLAN_RECOMPUTED_CALENDAR: (
        "calendrier recalculé : début, jours de changement ou nombre de cycles modifiés"),
    PathwayStep.PLAN_RECOMPUTED_INDICATION: "calendrier recalculé : indication modifiée",
    PathwayStep.PLAN_RECOMPUTED_INTERRUPTION: "calendrier recalculé : interruption enregistrée",
    PathwayStep.PLAN_RECOMPUTED_BODY: "calendrier recalculé : poids ou taille modifiés",
}
REQUEST_KIND: Mapping[RequestKind, str] = {
    RequestKind.DEROGATION: "dérogation à l'ARS",
    RequestKind.HAD_ADMISSION: "admission en HAD",
    RequestKind.CONVENTION: "convention à faire valider par l'ARS",
}
ANSWER: Mapping[Answer, str] = {Answer.ACCEPTED: "acceptée", Answer.REFUSED: "refusée"}
END_REASON: Mapping[EndReason, str] = {
    EndReason.END_OF_TREATMENT: "fin de traitement",
    EndReason.TRANSFER: "transfert",
    EndReason.DEATH: "décès",
    EndReason.PATIENT_CHOICE: "choix du patient",
}
ROLE: Mapping[Role, str] = {
    Role.COORDINATOR: "infirmière de coordination",
    Role.PHARMACIST: "pharmacien·ne (PUI)",
    Role.HAD_NURSE: "infirmier·e d'HAD",
    Role.ARS: "agent·e de l'ARS",
    Role.ADMIN: "administrateur·rice",
}
PATIENT_FIELD = {
    "last_name": "nom", "first_name": "prénom", "birth_date": "date de naissance", "sex": "sexe",
    "commune_code": "commune", "phone": "téléphone", "gp_name": "médecin traitant",
    "haematologist": "hématologue référent", "indication": "indication", "weight_kg": "poids",
    "height_cm": "taille",
    "consent_had": "consentement à l'HAD",
    "address": "adresse", "phone_other": "autre téléphone",
    "trusted_name": "personne de confiance", "trusted_relation": "lien de la personne de confiance",
    "trusted_phone": "téléphone de la personne de confiance", "allergies": "allergies",
    "central_line": "voie veineuse centrale", "day_hospital": "hôpital de jour de suivi",
    "gp_phone": "téléphone du médecin traitant", "nurses_name": "infirmiers libéraux",
    "nurses_phone": "téléphone des infirmiers libéraux", "pharmacy_name": "pharmacie",
    "pharmacy_phone": "téléphone de la pharmacie",
    "provider_name": "prestataire de santé à domicile",
    "provider_phone": "téléphone du prestataire",
}
CENTRAL_LINE: Mapping[CentralLine, str] = {
    CentralLine.PICC: "PICC line (cathéter central à insertion périphérique)",
    CentralLine.PORT: "chambre implantable (PAC)",
    CentralLine.CVC: "cathéter veineux central (CVC)",
}
AUDIT_ACTION = {
    "login": "connexion",
    "login_failed": "échec de connexion",
    "read": "lecture",
    "create": "création",
    "update": "modification",
    "export": "export",
    "read_denied": "lecture refusée",
    "login_locked": "connexion bloquée",
    "login_unlocked": "blocage de connexion levé",
    "mfa_failed": "échec du second facteur",
    "reauth": "identité confirmée",
    "reauth_failed": "échec de la confirmation d'identité",
    "mfa_enrolled": "second facteur activé",
    "mfa_reset": "second facteur réinitialisé",
    "password_changed": "mot de passe changé",
    "password_issued": "mot de passe provisoire",
    "account_created": "compte créé",
    "account_activated": "compte réactivé",
    "account_deactivated": "compte désactivé",
    "account_role": "rôle modifié",
    "sessions_ended": "sessions fermées",
    "read_list": "consultation d'une liste nominative",
    "logout": "déconnexion",
    "access_denied": "accès refusé (rôle)",
    "access_anonymous": "accès sans connexion",
    "audit_purge": "purge du journal",
    "delete": "suppression",
    "calendar_feed_created": "flux de calendrier créé",
    "calendar_feed_revoked": "flux de calendrier révoqué",
    "calendar_feed_fetched": "flux de calendrier lu",
    "calendar_feed_refused": "flux de calendrier refusé (adresse inconnue ou révoquée)",
}

# --- interruptions of the infusion (SmPC 4.2; codes of planning/toxicity.CODES) -------------
INTERRUPTION_REASON = {
    "technical": "technique (pompe, ligne)",
    "crs:3": "syndrome de relargage cytokinique de grade 3",
    "crs:4": "syndrome de relargage cytokinique de grade 4",
    "neuro:3": "toxicité neurologique de grade 3",
    "neuro:4": "toxicité neurologique de grade 4",
    "seizure": "crise convulsive",
    "other:3": "autre effet indésirable de grade 3",
    "other:4": "autre effet indésirable de grade 4",
}

# --- notifications and alerts -----------------------------------------------------------------
CHANNEL: Mapping[Channel, str] = {Channel.EMAIL: "e-mail", Channel.IN_APP: "dans l'application"}
NOTIFICATION_STATUS: Mapping[NotificationStatus, str] = {
    NotificationStatus.PENDING: "en attente", NotificationStatus.SENDING: "en cours d'envoi",
    NotificationStatus.SENT: "envoyée", NotificationStatus.FAILED: "échec de l'envoi",
}
ALERT_KIND: Mapping[AlertKind, str] = {
    AlertKind.CHECK: "relevé anormal", AlertKind.MISSING_CHECK: "relevé quotidien manquant",
}

# --- daily home check (ASTCT 2019 categories) -------------------------------------------------
TRIAGE_LEVEL: Mapping[TriageLevel, str] = {
    TriageLevel.RED: "ROUGE", TriageLevel.ORANGE: "ORANGE", TriageLevel.GREEN: "VERT",
}
OXYGEN: Mapping[OxygenSupport, str] = {
    OxygenSupport.NONE: "sans oxygène",
    OxygenSupport.LOW_FLOW: "oxygène à bas débit (≤ 6 L/min)",
    OxygenSupport.HIGH_FLOW: "oxygène à haut débit ou au masque",
    OxygenSupport.POSITIVE_PRESSURE: "ventilation en pression positive",
}
CONSCIOUSNESS: Mapping[Consciousness, str] = {
    Consciousness.ALERT: "éveillé",
    Consciousness.DROWSY: "somnolent, s'éveille spontanément",
    Consciousness.VOICE: "ne s'éveille qu'à la voix",
    Consciousness.TOUCH: "ne s'éveille qu'au stimulus tactile",
    Consciousness.VIGOROUS: "ne s'éveille qu'à des stimuli vigoureux ou répétés",
    Consciousness.UNAROUSABLE: "aréactif",
}
SEIZURE: Mapping[Seizure, str] = {
    Seizure.NONE: "aucune crise",
    Seizure.BRIEF: "Crise convulsive résolutive",
    Seizure.PROLONGED: "Crise convulsive prolongée (> 5 min) ou répétée",
}
WRITING_TEST: Mapping[WritingTest, str] = {
    WritingTest.NORMAL: "identique", WritingTest.ALTERED: "altéré",
    WritingTest.UNABLE: "impossible",
}
NEURO_SIGN: Mapping[NeuroSign, str] = {
    NeuroSign.TREMOR: "tremblement",
    NeuroSign.SPEECH_DIFFICULTY: "trouble de la parole",
    NeuroSign.CONFUSION: "confusion",
    NeuroSign.MOTOR_WEAKNESS: "déficit moteur",
    NeuroSign.HEADACHE: "céphalées",
    NeuroSign.BALANCE_PROBLEM: "trouble de l'équilibre",
    NeuroSign.VISUAL_DISTURBANCE: "trouble visuel",
}
# RCP 2017 NEWS2, chart 2 (clinical risk).
NEWS2_RISK: Mapping[News2Risk, str] = {
    News2Risk.LOW: "faible",
    News2Risk.LOW_MEDIUM: "faible à moyen, un paramètre à 3",
    News2Risk.MEDIUM: "moyen",
    News2Risk.HIGH: "élevé",
}
LINE_SIGN = {"redness": "rougeur", "heat": "chaleur", "swelling": "gonflement",
             "discharge": "écoulement"}


def label(table: Mapping[E, str], enum: type[E], value: str) -> str:
    """The label of ``value`` in ``table`` (``value`` itself when it is not in the vocabulary)."""
    try:
        return table[enum(value)]
    except (ValueError, KeyError):
        return value


def role(value: str) -> str:
    """The label of a role (the value itself when unknown)."""
    return label(ROLE, Role, value)


def as_role(value: str) -> str:
    """« en tant qu'infirmière de coordination », « en tant que pharmacien·ne (PUI) »."""
    return "en tant " + join("que", role(value))


def audit_action(value: str) -> str:
    """The label of an audit action (the value itself when unknown)."""
    return AUDIT_ACTION.get(value, value)


def authorisation(basis: Basis | str | None, partner: str | None) -> str:
    """« oui — <basis> (<partner>) » or « non »."""
    if basis is None:
        return "non"
    text = label(BASIS, Basis, basis)
    return f"oui — {text} ({partner})" if partner else f"oui — {text}"
