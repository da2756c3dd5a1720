"""What the pharmacy last saw of each pathway's bags: « modifié » after a re-plan (issue 14)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'pharmacy_views',
        sa.Column('pathway_id', sa.Integer(), nullable=False),
        sa.Column('bags', sa.Text(), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('seen_by', sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(['pathway_id'], ['pathways.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pathway_id'),
    )


def downgrade() -> None:
    op.drop_table('pharmacy_views')
