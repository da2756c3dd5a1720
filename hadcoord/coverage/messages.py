"""The French sentence that sums up an answer of the options engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hadcoord.coverage.results import MatchStatus, OptionKind
from hadcoord.geo import Commune
from hadcoord.wording.grammar import for_, listing, of_each

if TYPE_CHECKING:
    from hadcoord.coverage.results import Covering, NotProposed, Option

STUDY_AREA = "ancienne région Midi-Pyrénées et ouest de l'Aude"


def _names(items: Sequence[Covering | Option | NotProposed]) -> str:
    return listing([item.name for item in items])


def status_message(status: MatchStatus, commune: Commune, covering: Sequence[Covering], *,
                   options: Sequence[Option] = (), refused: Sequence[NotProposed] = (),
                   max_km: float = 0.0) -> str:
    """One sentence, in French, saying what the answer means for the coordinator."""
    where = f"{commune.name} ({commune.code})"
    if status == MatchStatus.NOT_COVERED_BY_DATASET:
        return (f"{where}, {commune.department_name}, est hors de la zone étudiée ({STUDY_AREA}) : "
                "le référentiel ne dit pas quelle HAD y intervient ; se renseigner auprès de "
                "l'ARS.")
    if status == MatchStatus.AUTHORISED_HAD:
        had = [o for o in options if o.kind == OptionKind.HAD]
        return f"{where} : HAD autorisée à la chimiothérapie à domicile — {_names(had)}."
    plural = "s" if len(covering) > 1 else ""
    territory = (f"du territoire {of_each([c.name for c in covering])}, non autorisée{plural} "
                 "à la chimiothérapie"
                 " à domicile" if covering else "d'aucune HAD dans le référentiel (à vérifier "
                 "auprès de l'ARS)")
    if status == MatchStatus.DEROGATION_NEEDED:
        first = next(o for o in options if o.kind == OptionKind.DEROGATION)
        return (f"{where} relève {territory} : demander à l'ARS une dérogation "
                f"{for_(first.name)} (territoire limitrophe, ≈ {first.distance_km:.0f} km), sinon "
                "monter une convention.")
    why = (f"les HAD autorisées limitrophes sont au-delà de {max_km:.0f} km ({_names(refused)})"
           if refused else "aucune HAD autorisée n'a de territoire limitrophe")
    return (f"{where} relève {territory} ; {why} : une convention validée par l'ARS est "
            "nécessaire.")
