"""One SQLAlchemy session per request, closed at teardown, rolled back on error."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.config import Settings


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


def close_session(_error: BaseException | None = None) -> None:
    """Teardown: roll back what was not committed and close the session."""
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
