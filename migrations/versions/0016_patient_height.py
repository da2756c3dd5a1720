"""The patient's height: under 45 kg the dose follows the body surface area (SmPC 4.2)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patients') as batch:
        batch.add_column(sa.Column('height_cm', sa.Float(), nullable=True))


def downgrade() -> None:
    # SQLite ≥ 3.35 drops a column in place: a batch copy of `patients` would DROP the table,
    # which its foreign keys refuse as soon as a pathway or an alert points at a patient.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE patients DROP COLUMN height_cm')
    else:
        op.drop_column('patients', 'height_cm')
