"""Letter versions: the text of each ARS derogation request or convention draft, kept as sent

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 00:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'letter_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=254), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_by', sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(['task_id'], ['tasks.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('task_id', 'number'),
    )
    op.create_index('ix_letter_versions_task_id', 'letter_versions', ['task_id'])


def downgrade() -> None:
    op.drop_index('ix_letter_versions_task_id', table_name='letter_versions')
    op.drop_table('letter_versions')
