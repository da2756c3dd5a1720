"""The day hospital of the bag changes, a directory choice stored on the pathway; directory
entries added in the app (a day hospital) keep their name

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pathways') as batch:
        batch.add_column(sa.Column('day_hospital_key', sa.String(length=300), nullable=True))
    with op.batch_alter_table('directory_entries') as batch:
        batch.add_column(sa.Column('name', sa.String(length=200), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    # SQLite ≥ 3.35 drops a column in place: a batch copy of `pathways` would DROP the table,
    # which the foreign keys of its tasks and events refuse (as in 0016).
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE pathways DROP COLUMN day_hospital_key')
        op.execute('ALTER TABLE directory_entries DROP COLUMN name')
    else:
        op.drop_column('pathways', 'day_hospital_key')
        op.drop_column('directory_entries', 'name')
