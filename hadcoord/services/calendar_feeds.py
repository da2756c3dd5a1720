"""Per-HAD calendar feeds (issue 13): create, revoke, find by token, render, audit.

A feed lists one HAD's patients' day-hospital bag changes and daily home checks, by patient
reference only. Its URL carries a random token shown once at creation; only the token's
SHA-256 is stored (like the session tokens). Every change and every fetch is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.coverage.contacts import Contact
from hadcoord.errors import HadcoordError
from hadcoord.exports.ics import feed_calendar
from hadcoord.planning import Protocol
from hadcoord.services import audit
from hadcoord.services.day_hospitals import protocol_for
from hadcoord.services.plan_store import scheduled_between
from hadcoord.store import CalendarFeed, Pathway, User
from hadcoord.vocabulary import PathwayState

TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 100  # a longer URL part is no token: answered 404 before any lookup
MAX_LABEL_CHARS = 100
# The feed keeps this many past days (a subscribed phone drops what leaves the feed).
PAST_DAYS = 90


class FeedError(HadcoordError, ValueError):
    """A feed cannot be created or revoked as asked (French message)."""


@dataclass(frozen=True)
class FeedRow:
    """A feed as its management page lists it (never the token)."""

    id: int
    had: str  # its name
    label: str
    created_at: str
    revoked: bool
    last_fetched_at: str
    fetches: int


def token_hash(token: str) -> str:
    """The stored form of a feed token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(session: Session, user: User, had: str, label: str, *,
                names: Mapping[str, str]) -> tuple[CalendarFeed, str]:
    """A new feed for the HAD ``had`` and its token (to show once; only its hash is stored).

    ``names``: the reference's HADs, id → name (the audit names the HAD, not its id).

    Raises
    ------
    FeedError
        Unknown HAD, or a label too long.
    """
    label = label.strip()
    if had not in names:
        msg = "choisissez une HAD du référentiel"
        raise FeedError(msg)
    if len(label) > MAX_LABEL_CHARS:
        msg = f"le libellé fait au plus {MAX_LABEL_CHARS} caractères"
        raise FeedError(msg)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed(token_hash=token_hash(token), had_establishment_id=had, label=label,
                        created_by=user.id)
    session.add(feed)
    session.flush()
    audit.record(session, user, "calendar_feed_created", target=f"flux de calendrier {feed.id}",
                 detail=names[had] + (f", « {label} »" if label else ""))
    return feed, token


def revoke_feed(session: Session, user: User, feed_id: int, *,
                names: Mapping[str, str]) -> CalendarFeed:
    """Revoke a feed: its URL answers 404 from now on.

    Raises
    ------
    FeedError
        No such feed, or already revoked.
    """
    feed = session.get(CalendarFeed, feed_id)
    if feed is None:
        msg = "ce flux n'existe pas"
        raise FeedError(msg)
    if feed.revoked_at is not None:
        msg = "ce flux est déjà révoqué"
        raise FeedError(msg)
    feed.revoked_at = clock.utc_now()
    feed.revoked_by = user.id
    audit.record(session, user, "calendar_feed_revoked", target=f"flux de calendrier {feed.id}",
                 detail=_name(feed, names))
    return feed


def _name(feed: CalendarFeed, names: Mapping[str, str]) -> str:
    return names.get(feed.had_establishment_id, "HAD absente du référentiel")


def active_feed(session: Session, token: str) -> CalendarFeed | None:
    """The feed this token opens, or None (unknown, revoked, malformed: all the same)."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token)))
    if feed is None or feed.revoked_at is not None:
        return None
    return feed


def feed_rows(session: Session, names: Mapping[str, str]) -> list[FeedRow]:
    """Every feed, newest first, as the management page lists it."""
    feeds = session.scalars(select(CalendarFeed).order_by(CalendarFeed.id.desc()))
    return [FeedRow(feed.id, _name(feed, names), feed.label,
                    clock.to_local(feed.created_at).strftime("%d/%m/%Y %H:%M"),
                    feed.revoked_at is not None,
                    clock.to_local(feed.last_fetched_at).strftime("%d/%m/%Y %H:%M")
                    if feed.last_fetched_at else "", feed.fetches)
            for feed in feeds]


def fetch_feed(session: Session, feed: CalendarFeed, protocol: Protocol, *,
               names: Mapping[str, str], contacts: Sequence[Contact] = ()) -> bytes:
    """The feed's iCalendar content; the fetch is audited (feed id; the origin's address).

    ``contacts``: the directory, for each pathway's day hospital (none: the default one).
    """
    today = clock.today()
    pairs, _failures = scheduled_between(session, protocol, today - dt.timedelta(days=PAST_DAYS),
                                         dt.date.max, references_only=True,
                                         had=feed.had_establishment_id)
    plans = [(pathway.patient.reference, plan) for pathway, plan in pairs
             if _followed(pathway)]
    protocols = {pathway.patient.reference: protocol_for(pathway, contacts, protocol)
                 for pathway, _plan in pairs if pathway.day_hospital_key}
    feed.last_fetched_at = clock.utc_now()
    feed.fetches += 1
    audit.record(session, None, "calendar_feed_fetched", target=f"flux de calendrier {feed.id}",
                 detail=f"{_name(feed, names)}, {len(plans)} patient(s)",
                 actor="flux de calendrier")
    content: bytes = feed_calendar(plans, protocol, name=_name(feed, names),
                                   protocols=protocols).to_ical()
    return content


def record_refused(session: Session) -> None:
    """Audit a fetch with an unknown or revoked token (the token itself is not recorded)."""
    audit.record(session, None, "calendar_feed_refused", target="flux de calendrier",
                 actor="flux de calendrier")


def _followed(pathway: Pathway) -> bool:
    return pathway.state != PathwayState.ENDED
