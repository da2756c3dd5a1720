"""The content of what the coordinator asks for: an ARS derogation, or a convention."""

from __future__ import annotations

from dataclasses import dataclass

from hadcoord.geo import Commune
from hadcoord.wording.grammar import capitalised, of_each, the

# CSP R.1435-41 (décret 2023-260, droit de dérogation du DG d'ARS, art. R.1435-40 à -43): four
# cumulative conditions, each to be argued in the request.
DEROGATION_CONDITIONS = (
    "Motif d'intérêt général et circonstances locales",
    "Allègement des démarches ou réduction des délais",
    "Compatibilité avec les engagements européens et internationaux de la France",
    "Aucune atteinte à la sécurité des personnes ni à la qualité et à la sécurité des prises en "
    "charge, ni atteinte disproportionnée aux objectifs de la norme",
)

# Thesis l. 5231-5241: the convention that replaced the HAD for a patient of Pays d'Ovalie.
CONVENTION_PARTIES = (
    "Service d'hématologie de l'IUCT-Oncopole",
    "PUI de l'IUCT-Oncopole",
    "Maison de santé pluriprofessionnelle (MSP) avec le médecin traitant",
    "Cabinet d'infirmiers libéraux",
    "Prestataire de santé à domicile",
)
CONVENTION_SETTLES = (
    "Projet thérapeutique",
    "Organisation du parcours de soins",
    "Éléments de surveillance au domicile",
    "Conduite à tenir en cas de problème au domicile",
    "Validation par l'ARS",
)
# Thesis l. 6011-6016 (docs/sources.md): a long and tedious procedure, outside the usual frame.
CONVENTION_NOTE = ("Démarche longue et fastidieuse, hors du cadre habituel : à engager sans "
                   "attendre.")


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of CSP R.1435-41 and the case's argument for it."""

    condition: str
    argument: str


@dataclass(frozen=True, slots=True)
class DerogationRequest:
    """What an ARS derogation request must contain."""

    commune_code: str
    commune_name: str
    covering: tuple[str, ...]  # names of the covering HADs that cannot treat
    proposed_id: str
    proposed_name: str
    distance_km: float
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class ConventionContent:
    """The parties of a convention and what it must settle."""

    parties: tuple[str, ...] = CONVENTION_PARTIES
    settles: tuple[str, ...] = CONVENTION_SETTLES
    note: str = CONVENTION_NOTE


def derogation_request(commune: Commune, covering: tuple[str, ...], proposed_id: str,
                       proposed_name: str, distance_km: float) -> DerogationRequest:
    """The derogation request for ``commune``, with the four conditions pre-argued."""
    who = of_each(covering) if covering else "d'aucune HAD"
    arguments = (
        f"Patient domicilié à {commune.name} ({commune.code}) : la commune relève du territoire "
        f"{who}, non autorisée à la chimiothérapie à domicile ; le blinatumomab, réservé à l'usage "
        "hospitalier, ne peut être administré au domicile que par une HAD autorisée.",
        "Évite de prolonger l'hospitalisation complète pendant les 28 jours de perfusion "
        "continue et libère un lit d'hématologie (IUCT-Oncopole).",
        "Décision individuelle sans incidence sur les engagements européens et internationaux.",
        f"{capitalised(the(proposed_name))}, autorisée à la chimiothérapie à domicile, "
        "limitrophe, à environ "
        f"{distance_km:.0f} km par la route ; surveillance quotidienne, premier et second "
        "recours définis dans le programme personnalisé de soins.",
    )
    return DerogationRequest(
        commune_code=commune.code, commune_name=commune.name, covering=covering,
        proposed_id=proposed_id, proposed_name=proposed_name, distance_km=distance_km,
        conditions=tuple(Condition(c, a) for c, a in zip(DEROGATION_CONDITIONS, arguments,
                                                         strict=True)))
