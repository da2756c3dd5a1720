"""Migration 0022: the decision to restart stored on an interruption (issue 13)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from hadcoord.cli.db import alembic_config
from hadcoord.store.database import make_engine


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {column["name"] for column in inspect(engine).get_columns("pathway_interruptions")}
    finally:
        engine.dispose()


def test_the_decision_column_upgrades_and_downgrades(database_url: str) -> None:
    assert "decided_at" in _columns(database_url)
    command.downgrade(alembic_config(database_url), "0021")
    columns = _columns(database_url)
    assert "decided_at" not in columns
    assert {"stop", "resume", "reason"} <= columns  # the interruptions are kept
    command.upgrade(alembic_config(database_url), "head")
    assert "decided_at" in _columns(database_url)
