"""One SQLAlchemy session per request: the request owns its transaction.

Services add and flush, never commit nor roll back the caller's session. The request commits
once, after its view answered without a server error (a refusal, 4xx, keeps what the request
recorded on purpose, such as the audit of a read or of a denied read: services write nothing
on bad input); teardown rolls back whatever was not committed and closes the session.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.config import Settings
from hadcoord.web.errors import unavailable_response


def db_session() -> Session:
    """The session of the current request (opened on first use)."""
    if "db_session" not in g:
        factory: sessionmaker[Session] = current_app.extensions["hadcoord"]["sessions"]
        g.db_session = factory()
    session: Session = g.db_session
    return session


def app_settings(app: Flask | None = None) -> Settings:
    """The settings the app was built with."""
    settings: Settings = (app or current_app).extensions["hadcoord"]["settings"]
    return settings


def commit_session(response: Response) -> Response:
    """After the view: commit the request's work unless it answers a server error (5xx).

    A commit the database refuses (locked, disk full, read-only…) answers the French 503
    instead of the view's answer: nothing of the request was recorded.
    """
    session: Session | None = g.get("db_session")
    if session is not None and response.status_code < 500 and session.is_active:
        try:
            session.commit()
        except SQLAlchemyError as error:
            return unavailable_response(error)
    return response


def close_session(_error: BaseException | None = None) -> None:
    """Teardown: roll back what was not committed and close the session."""
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        try:
            session.rollback()
        except SQLAlchemyError:
            session.invalidate()  # a broken connection is discarded, not pooled again
        session.close()
