"""The pathway's state machine: which step may follow which, and what comes after a refusal.

Pure Python (plain values in, plain values out: no Flask, no SQLAlchemy), so the services, the
web pages and the tests share one set of rules.

Thesis, « V. Organisation de la prise en charge » and tables 26-27 (docs/sources.md): in a
territory without an authorised HAD the coordinator asks the ARS for a derogation to a
bordering authorised HAD; when none is possible (or the ARS refuses) a convention is set up
between IUCT-O haematology, its PUI, self-employed nurses and a prestataire. The HAD is then
asked for admission; the patient goes home after the first hospital stay and comes back for
each cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hadcoord.coverage.results import OptionKind
from hadcoord.vocabulary import PathwayState, PathwayStep, RequestKind

S = PathwayState
# Before the patient is at home the option may still change (issue 14).
BEFORE_HOME = frozenset({S.OPTIONS_PROPOSED, S.REQUEST_SENT, S.ANSWER_ACCEPTED,
                         S.ANSWER_REFUSED, S.HAD_CONFIRMED})
ALLOWED: dict[PathwayStep, frozenset[PathwayState]] = {
    PathwayStep.OPTION_SWITCHED: BEFORE_HOME,
    PathwayStep.REQUEST_SENT: frozenset({S.OPTIONS_PROPOSED, S.ANSWER_ACCEPTED}),
    PathwayStep.ANSWER_RECORDED: frozenset({S.REQUEST_SENT}),
    PathwayStep.HAD_CONFIRMED: frozenset({S.ANSWER_ACCEPTED}),
    PathwayStep.AT_HOME: frozenset({S.HAD_CONFIRMED}),
    PathwayStep.CYCLE_STARTED: frozenset({S.AT_HOME, S.IN_CYCLE}),
    PathwayStep.ENDED: frozenset(set(S) - {S.ENDED}),
}
# The requests each option needs, in order: a derogation first goes to the ARS, then the HAD
# it names is asked for admission.
REQUESTS: dict[OptionKind, tuple[RequestKind, ...]] = {
    OptionKind.HAD: (RequestKind.HAD_ADMISSION,),
    OptionKind.DEROGATION: (RequestKind.DEROGATION, RequestKind.HAD_ADMISSION),
    OptionKind.CONVENTION: (RequestKind.CONVENTION,),
}


class StepRefusedError(ValueError):
    """A step that cannot follow the pathway's current state."""


@dataclass(frozen=True, slots=True)
class Tried:
    """An option already engaged on this pathway (its kind and establishment)."""

    kind: OptionKind
    establishment: str | None


def allowed(state: PathwayState, step: PathwayStep) -> bool:
    """Whether ``step`` may be recorded in ``state``."""
    return state in ALLOWED.get(step, frozenset())


def next_request(option: OptionKind, accepted: Iterable[RequestKind]) -> RequestKind | None:
    """The request to send next for ``option``, given the requests already accepted."""
    done = set(accepted)
    return next((kind for kind in REQUESTS[option] if kind not in done), None)


def next_option(options: Sequence[tuple[OptionKind, str | None]],
                tried: Iterable[Tried]) -> int | None:
    """The index of the first option proposed for the commune not engaged yet, else None.

    The coverage engine lists them best first: the covering authorised HADs, else the
    bordering ones a derogation can reach (nearest first), then the convention.
    """
    seen = {(t.kind, t.establishment) for t in tried}
    return next((i for i, option in enumerate(options) if option not in seen), None)


def require(state: PathwayState, step: PathwayStep) -> None:
    """Raise ``StepRefusedError`` when ``step`` cannot follow ``state``."""
    if not allowed(state, step):
        msg = "cette étape ne peut pas suivre l'état actuel du parcours"
        raise StepRefusedError(msg)
