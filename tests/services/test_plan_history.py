"""Issue 19: a stored plan recomputed because an input or the protocol changed says so in the
pathway's history (« calendrier recalculé : protocole modifié »…); its first store, or a read
that finds nothing changed, adds nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from hadcoord.clock import FrozenClock
from hadcoord.config import Settings
from hadcoord.services.calendars import protocol_of
from hadcoord.services.pathway_timeline import event_text
from hadcoord.services.plan_store import RECOMPUTE_ACTOR, invalidate_plan, refresh_stale
from hadcoord.store import Pathway, PathwayEvent
from hadcoord.vocabulary import PathwayStep
from tests.support.patients import at_home_patient
from tests.support.web import NURSE_HAD, Sessions


def history(sessions: Sessions) -> list[str]:
    with sessions() as session:
        events = session.scalars(select(PathwayEvent).where(
            PathwayEvent.actor == RECOMPUTE_ACTOR).order_by(PathwayEvent.id)).all()
        return [event_text(event) for event in events]


def test_each_recompute_says_which_input_changed(
        frozen_clock: FrozenClock, sessions: Sessions, settings: Settings) -> None:
    protocol = protocol_of(settings.protocol)
    other = dataclasses.replace(protocol, visit_minutes=protocol.visit_minutes + 5)
    with sessions() as session:
        at_home_patient(session, "P-HIST1", NURSE_HAD, started_days_ago=12)
        refresh_stale(session, protocol)  # first store: not a recompute
        refresh_stale(session, protocol)  # nothing changed
        session.commit()
    assert history(sessions) == []
    with sessions() as session:
        pathway = session.scalars(select(Pathway)).one()
        assert pathway.cycle1_start is not None
        pathway.cycle1_start += dt.timedelta(days=7)
        assert refresh_stale(session, protocol) == 1
        assert refresh_stale(session, other) == 1
        invalidate_plan(session, pathway.id, PathwayStep.PLAN_RECOMPUTED_INTERRUPTION)
        assert refresh_stale(session, other) == 1
        invalidate_plan(session, pathway.id, PathwayStep.PLAN_RECOMPUTED_BODY)
        assert refresh_stale(session, other) == 1
        assert refresh_stale(session, other) == 0
        session.commit()
        recorded = session.scalars(select(PathwayEvent).where(
            PathwayEvent.actor == RECOMPUTE_ACTOR)).all()
        # The pathway's state is unchanged and no user is named (this fixture's pathway has
        # no earlier event to take the option's name from: the web test checks it).
        assert {(e.state, e.option_name, e.user_id) for e in recorded} == {
            (pathway.state, "", None)}
    assert history(sessions) == [
        "calendrier recalculé : début, jours de changement ou nombre de cycles modifiés",
        "calendrier recalculé : protocole modifié",
        "calendrier recalculé : interruption enregistrée",
        "calendrier recalculé : poids ou taille modifiés",
    ]


def test_an_unknown_reason_is_refused(sessions: Sessions) -> None:
    with sessions() as session, pytest.raises(ValueError, match="motif de recalcul inconnu"):
        invalidate_plan(session, 1, PathwayStep.ENDED)
