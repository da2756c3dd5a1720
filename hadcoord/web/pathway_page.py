"""What the pathway page needs to show the state, the timeline and the step forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm

from hadcoord.coverage import MatchResult
from hadcoord.services import pathway_rules
from hadcoord.services.pathway_steps import next_request, pending_request
from hadcoord.services.pathway_timeline import event_text
from hadcoord.store import Pathway
from hadcoord.vocabulary import PathwayStep
from hadcoord.web.pathway_forms import (
    AnswerForm,
    CycleForm,
    EndForm,
    RequestSentForm,
    StepForm,
    SwitchForm,
)


def step_context(pathway: Pathway | None, result: MatchResult, today: dt.date,
                 submitted: Mapping[str, FlaskForm]) -> dict[str, Any]:
    """The forms the pathway's state allows (a submitted one keeps its values and errors)."""
    if pathway is None:
        return {}
    wanted = next_request(pathway)
    forms: dict[str, FlaskForm] = {}

    def offer(name: str, step: PathwayStep, make: type[FlaskForm], when: bool = True) -> None:
        if pathway_rules.allowed(pathway.state, step) and when:
            forms[name] = submitted.get(name) or make(formdata=None, prefix=name)

    offer("request", PathwayStep.REQUEST_SENT, RequestSentForm, wanted is not None)
    if "request" in forms and wanted is not None and "request" not in submitted:
        forms["request"].kind.data = wanted.value
    offer("answer", PathwayStep.ANSWER_RECORDED, AnswerForm)
    if "answer" in forms and "answer" not in submitted:
        forms["answer"].day.data = today
    offer("confirm", PathwayStep.HAD_CONFIRMED, StepForm, wanted is None)
    offer("home", PathwayStep.AT_HOME, StepForm)
    offer("cycle", PathwayStep.CYCLE_STARTED, CycleForm)
    if "cycle" in forms and "cycle" not in submitted:
        forms["cycle"].cycle.data = (pathway.current_cycle or 1) + 1
    current = (pathway.option_kind, pathway.had_establishment_id)
    others = [(i, o) for i, o in enumerate(result.options)
              if (o.kind, o.establishment) != current]
    offer("switch", PathwayStep.OPTION_SWITCHED, SwitchForm, bool(others))
    offer("end", PathwayStep.ENDED, EndForm)
    pending = pending_request(pathway)
    return {"forms": forms, "others": others, "pending": pending, "wanted": wanted,
            "timeline": [(e, event_text(e)) for e in pathway.events]}
