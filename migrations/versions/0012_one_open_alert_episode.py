"""One open check alert per patient: a partial unique index (issue 12)

Two checks of the same patient recorded at the same moment (two nurses, two app processes)
could each open an episode. Existing duplicates (from before the episodes) are closed first:
the newest stays open, the others are marked « autre » with a note naming the one kept.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 00:30:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

INDEX = 'uq_alerts_open_check_episode'
OPEN_CHECK = sa.text("kind = 'check' AND acknowledged_at IS NULL")


def _close_duplicates() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT patient_id, id FROM alerts WHERE kind = 'check' AND acknowledged_at IS NULL "
        "ORDER BY patient_id, id DESC")).all()
    kept: dict[int, int] = {}
    now = dt.datetime.now(dt.UTC)
    if bind.dialect.name == 'sqlite':  # the app's UTCDateTime stores the UTC wall time there
        now = now.replace(tzinfo=None)
    close = sa.text(
        "UPDATE alerts SET acknowledged_at = :now, ack_action = 'other', ack_note = :note "
        "WHERE id = :id").bindparams(sa.bindparam('now', type_=sa.DateTime(timezone=True)))
    for patient_id, alert_id in rows:
        if patient_id not in kept:
            kept[patient_id] = alert_id
            continue
        bind.execute(close, {"now": now, "id": alert_id,
                                "note": f"Fusionnée dans l'alerte n° {kept[patient_id]} "
                                        "(une seule alerte ouverte par patient)."})


def upgrade() -> None:
    _close_duplicates()
    op.create_index(INDEX, 'alerts', ['patient_id'], unique=True,
                    sqlite_where=OPEN_CHECK, postgresql_where=OPEN_CHECK)


def downgrade() -> None:
    op.drop_index(INDEX, table_name='alerts')
