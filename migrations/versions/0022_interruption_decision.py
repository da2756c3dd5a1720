"""The decision to restart stored on an interruption of the infusion (issue 13: the restart bag
is prepared after it; NULL: decided at the stop)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pathway_interruptions') as batch:
        batch.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    # SQLite ≥ 3.35 drops a column in place (as in 0016 and 0020).
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE pathway_interruptions DROP COLUMN decided_at')
    else:
        op.drop_column('pathway_interruptions', 'decided_at')
