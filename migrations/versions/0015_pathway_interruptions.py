"""A pathway's infusion interruptions with their reason, recorded from the web (issue 13)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 00:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'pathway_interruptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pathway_id', sa.Integer(), nullable=False),
        sa.Column('stop', sa.DateTime(), nullable=False),
        sa.Column('resume', sa.DateTime(), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['pathway_id'], ['pathways.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_pathway_interruptions_pathway_id', 'pathway_interruptions',
                    ['pathway_id'])


def downgrade() -> None:
    op.drop_index('ix_pathway_interruptions_pathway_id', table_name='pathway_interruptions')
    op.drop_table('pathway_interruptions')
