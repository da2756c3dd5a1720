"""Audit trail: client address and session, hash chain, no UPDATE/DELETE (issue 16)

Existing events are chained in id order. Triggers refuse UPDATE and DELETE on audit_events
(on SQLite and PostgreSQL, whatever the role), except the deletion of events up to the anchor
that `hadcoord audit purge` sets first in audit_chain.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 21:15:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from hadcoord.store.audit_chain import GENESIS, event_digest

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

REFUSED = "journal d''audit : modification interdite"
PURGE_ONLY = "journal d''audit : suppression interdite hors « hadcoord audit purge »"


def upgrade() -> None:
    op.create_table(
        'audit_chain',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('purged_through', sa.Integer(), nullable=False),
        sa.Column('anchor_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('audit_events') as batch:
        batch.add_column(sa.Column('client', sa.String(length=64), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('session_ref', sa.String(length=16), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    seq, previous = _chain_existing_events()
    op.get_bind().execute(sa.text(
        "INSERT INTO audit_chain (id, seq, hash, purged_through, anchor_hash) "
        "VALUES (1, :seq, :hash, 0, :genesis)"), {"seq": seq, "hash": previous,
                                                   "genesis": GENESIS})
    with op.batch_alter_table('audit_events') as batch:
        batch.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch.alter_column('row_hash', existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint('uq_audit_events_seq', ['seq'])
    _create_triggers()


def _chain_existing_events() -> tuple[int, str]:
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, at, user_id, actor, action, patient_id, target, detail FROM audit_events "
        "ORDER BY id")).mappings().all()
    previous, seq = GENESIS, 0
    for row in rows:
        seq += 1
        at = row["at"]
        if isinstance(at, str):  # SQLite, read without the column type: the UTC wall time
            at = dt.datetime.fromisoformat(at)
        values = {**row, "at": at, "seq": seq, "client": "", "session_ref": "",
                  "prev_hash": previous}
        digest = event_digest(values)
        connection.execute(sa.text(
            "UPDATE audit_events SET seq = :seq, prev_hash = :prev, row_hash = :hash "
            "WHERE id = :id"), {"seq": seq, "prev": previous, "hash": digest, "id": row["id"]})
        previous = digest
    return seq, previous


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")
        op.execute(f"CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
                   f"WHEN old.seq > (SELECT purged_through FROM audit_chain WHERE id = 1) "
                   f"BEGIN SELECT RAISE(ABORT, '{PURGE_ONLY}'); END")
        return
    op.execute(f"""
        CREATE OR REPLACE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND OLD.seq <= (SELECT purged_through FROM audit_chain
                                                WHERE id = 1) THEN
                RETURN OLD;
            END IF;
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION '{PURGE_ONLY}';
            END IF;
            RAISE EXCEPTION '{REFUSED}';
        END $$""")
    op.execute("CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
               "FOR EACH ROW EXECUTE FUNCTION audit_events_guard()")
    op.execute("CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_guard()")
    with op.batch_alter_table('audit_events') as batch:
        batch.drop_constraint('uq_audit_events_seq', type_='unique')
        batch.drop_column('row_hash')
        batch.drop_column('prev_hash')
        batch.drop_column('seq')
        batch.drop_column('session_ref')
        batch.drop_column('client')
    op.drop_table('audit_chain')
