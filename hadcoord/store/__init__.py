"""Persistence: SQLAlchemy 2 engine, sessions and typed models (migrations in migrations/)."""

from hadcoord.store.database import Base, database_is_reachable, make_engine, make_session_factory

__all__ = ["Base", "database_is_reachable", "make_engine", "make_session_factory"]
