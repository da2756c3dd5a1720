"""Server-side sessions in the database (ASVS 3.2.1, 3.3.1, 3.3.2, 3.4.1; issue 11).

The cookie holds a random token (32 bytes); the database holds its SHA-256 and the session's
data (the logged-in user, the CSRF secret, flash messages). So logging out, deactivating an
account or "log out everywhere" take effect at once and in every app process; a cookie copied
before logging out opens nothing. A session ends after ``[web].session_idle_minutes`` without a
request and ``[web].session_max_hours`` after it began; a new session id is issued at login
(the pre-login CSRF token dies with the old one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import Engine, delete, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.datastructures import CallbackDict

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.store import UserSession
from hadcoord.store.schema import short_reason
from hadcoord.web.errors import unavailable_response

TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 100
# last_seen_at is written at most once a minute for a session that did not change.
TOUCH_EVERY = dt.timedelta(seconds=60)
COOKIE_NAME, SECURE_COOKIE_NAME = "session", "__Host-session"


def token_hash(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


class DatabaseSession(CallbackDict[str, Any], SessionMixin):
    """The session of one request, backed by a ``user_sessions`` row (``sid``)."""

    def __init__(self, initial: dict[str, Any] | None = None, sid: str | None = None) -> None:
        def on_update(session: DatabaseSession) -> None:
            session.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.modified = False
        self.rotate_reason = ""  # end this row and go on with a new id (login, logout)
        self.expired = False  # the cookie named a session that timed out
        self.last_seen: dt.datetime | None = None
        self.unavailable = False  # the database could not be read: the request answers 503

    def regenerate(self, reason: str) -> None:
        """Forget everything and continue under a new session id (``reason``: login, logout)."""
        self.clear()
        self.rotate_reason = reason
        self.modified = True


def end_sessions(engine: Engine, user_id: int, reason: str, *,
                 keep: str | None = None) -> int:
    """End every open session of ``user_id`` (except ``keep``); how many were ended."""
    query = update(UserSession).where(UserSession.user_id == user_id,
                                      UserSession.ended_at.is_(None))
    if keep:
        query = query.where(UserSession.id != keep)
    with engine.begin() as connection:
        ended = connection.execute(query.values(ended_at=clock.utc_now(), ended_reason=reason))
        return ended.rowcount


def end_session(engine: Engine, sid: str, reason: str) -> None:
    """End one session."""
    with engine.begin() as connection:
        connection.execute(update(UserSession).where(
            UserSession.id == sid, UserSession.ended_at.is_(None)).values(
            ended_at=clock.utc_now(), ended_reason=reason))


def open_sessions(engine: Engine, user_id: int, settings: Settings) -> list[UserSession]:
    """The user's sessions still valid now, most recent first."""
    now = clock.utc_now()
    idle = dt.timedelta(minutes=settings.web.session_idle_minutes)
    lifetime = dt.timedelta(hours=settings.web.session_max_hours)
    with Session(engine) as session:
        return list(session.scalars(select(UserSession).where(
            UserSession.user_id == user_id, UserSession.ended_at.is_(None),
            UserSession.last_seen_at > now - idle, UserSession.created_at > now - lifetime)
            .order_by(UserSession.last_seen_at.desc())))


def forget_old_sessions(engine: Engine, settings: Settings) -> None:
    """Delete the rows of sessions that ended or expired more than a lifetime ago."""
    horizon = clock.utc_now() - 2 * dt.timedelta(hours=settings.web.session_max_hours)
    with engine.begin() as connection:
        connection.execute(delete(UserSession).where(or_(
            UserSession.last_seen_at < horizon, UserSession.ended_at < horizon)))


class DatabaseSessionInterface(SessionInterface):
    """Flask sessions stored in ``user_sessions``."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.idle = dt.timedelta(minutes=settings.web.session_idle_minutes)
        self.lifetime = dt.timedelta(hours=settings.web.session_max_hours)

    def open_session(self, app: Flask, request: Request) -> DatabaseSession:
        """The session the cookie names, if it is still open; else a new, empty one."""
        token = request.cookies.get(self.get_cookie_name(app), "")
        if not token or len(token) > MAX_TOKEN_CHARS:
            return DatabaseSession()
        sid = token_hash(token)
        try:
            with self.engine.connect() as connection:
                row = connection.execute(select(
                    UserSession.user_id, UserSession.data, UserSession.created_at,
                    UserSession.last_seen_at, UserSession.ended_at, UserSession.ended_reason)
                    .where(UserSession.id == sid)).first()
        except SQLAlchemyError as error:
            app.logger.error("session not read: %s", short_reason(error))
            unreadable = DatabaseSession()
            unreadable.unavailable = True
            return unreadable
        if row is None:
            return DatabaseSession()
        now = clock.utc_now()
        reason = row.ended_reason if row.ended_at is not None else (
            "idle" if now - row.last_seen_at > self.idle
            else "lifetime" if now - row.created_at > self.lifetime else "")
        if reason:
            if row.ended_at is None:
                _end_if_possible(self.engine, sid, reason)
            fresh = DatabaseSession()
            fresh.expired = row.user_id is not None and reason in ("idle", "lifetime")
            return fresh
        session = DatabaseSession(json.loads(row.data), sid=sid)
        session.last_seen = row.last_seen_at
        return session

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Write the session's changes; a new or rotated session gets a new cookie.

        When the database refuses the write, a mere touch is skipped; a new, rotated or
        changed session turns the answer into the French 503 (the user is not signed in or
        out behind their back).
        """
        assert isinstance(session, DatabaseSession)
        if session.unavailable:
            return
        touch_only = not (session.modified or session.rotate_reason or session.sid is None)
        try:
            self._save(app, session, response)
        except SQLAlchemyError as error:
            app.logger.error("session not saved: %s", short_reason(error))
            if not touch_only:
                _answer_unavailable(response)

    def _save(self, app: Flask, session: DatabaseSession, response: Response) -> None:
        now = clock.utc_now()
        if session.rotate_reason and session.sid:
            end_session(self.engine, session.sid, session.rotate_reason)
            session.sid = None
        if session.sid is None:
            if session:
                self._create(app, session, response, now)
            elif session.rotate_reason or session.expired:
                self._delete_cookie(app, response)
            return
        data = json.dumps(dict(session), default=str)
        if session.modified:
            values: dict[str, Any] = {"data": data, "last_seen_at": now,
                                      "user_id": _user_id(session)}
        elif session.last_seen is None or now - session.last_seen > TOUCH_EVERY:
            values = {"last_seen_at": now}
        else:
            return
        with self.engine.begin() as connection:
            connection.execute(update(UserSession).where(UserSession.id == session.sid)
                               .values(**values))

    def _create(self, app: Flask, session: DatabaseSession, response: Response,
                now: dt.datetime) -> None:
        from flask import request  # noqa: PLC0415 — the request being answered

        token = secrets.token_urlsafe(TOKEN_BYTES)
        session.sid = token_hash(token)
        with self.engine.begin() as connection:
            connection.execute(insert(UserSession).values(
                id=session.sid, user_id=_user_id(session),
                data=json.dumps(dict(session), default=str), created_at=now, last_seen_at=now,
                ended_reason="", client=(request.remote_addr or "")[:64],
                user_agent=request.headers.get("User-Agent", "")[:200]))
        response.set_cookie(
            self.get_cookie_name(app), token, httponly=True,
            secure=self.get_cookie_secure(app), samesite=self.get_cookie_samesite(app),
            path="/", domain=None)
        response.vary.add("Cookie")

    def _delete_cookie(self, app: Flask, response: Response) -> None:
        response.delete_cookie(self.get_cookie_name(app), path="/", domain=None,
                               secure=self.get_cookie_secure(app), httponly=True,
                               samesite=self.get_cookie_samesite(app))


def _end_if_possible(engine: Engine, sid: str, reason: str) -> None:
    """End a timed-out session; if the database refuses, the next request tries again."""
    try:
        end_session(engine, sid, reason)
    except SQLAlchemyError:
        return


def _answer_unavailable(response: Response) -> None:
    """Turn ``response`` into the French 503 in place (the session could not be saved)."""
    unavailable = unavailable_response()
    response.status_code = unavailable.status_code
    response.set_data(unavailable.get_data())
    response.content_type = unavailable.content_type or "text/html; charset=utf-8"
    response.headers.pop("Location", None)
    response.headers.pop("Set-Cookie", None)
    response.headers["Retry-After"] = unavailable.headers["Retry-After"]


def refuse_without_session() -> Response | None:
    """Before every request: the 503 when the session could not be read from the database."""
    from flask import request, session  # noqa: PLC0415 — the request being answered

    if getattr(session, "unavailable", False) and request.endpoint != "health.healthz":
        return unavailable_response()
    return None


def _user_id(session: DatabaseSession) -> int | None:
    value = session.get("_user_id")
    return int(value) if value is not None and str(value).isdigit() else None


def init_app(app: Flask, engine: Engine, settings: Settings) -> None:
    """Store the sessions in the database; ``__Host-`` + Secure cookie over HTTPS."""
    app.session_interface = DatabaseSessionInterface(engine, settings)
    # First of the request's checks: nothing else runs on a session that could not be read.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_without_session)
    app.config["SESSION_COOKIE_NAME"] = (SECURE_COOKIE_NAME if settings.web.https
                                         else COOKIE_NAME)
    app.config["SESSION_COOKIE_SECURE"] = settings.web.https
    app.config["SESSION_COOKIE_PATH"] = "/"
