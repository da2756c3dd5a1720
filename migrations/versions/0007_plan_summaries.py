"""Stored plan ranges and home periods of each pathway (pages select by date range)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'plan_summaries',
        sa.Column('pathway_id', sa.Integer(), nullable=False),
        sa.Column('protocol_key', sa.String(length=64), nullable=False),
        sa.Column('cycle1_start', sa.DateTime(), nullable=False),
        sa.Column('change_days', sa.String(length=16), nullable=False),
        sa.Column('cycles', sa.Integer(), nullable=False),
        sa.Column('indication', sa.String(length=8), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=True),
        sa.Column('last_day', sa.Date(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['pathway_id'], ['pathways.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pathway_id'))
    op.create_index('ix_plan_summaries_range', 'plan_summaries', ['last_day', 'first_day'])
    op.create_table(
        'plan_home_periods',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pathway_id', sa.Integer(), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['pathway_id'], ['pathways.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_plan_home_periods_pathway_id', 'plan_home_periods', ['pathway_id'])


def downgrade() -> None:
    op.drop_index('ix_plan_home_periods_pathway_id', table_name='plan_home_periods')
    op.drop_table('plan_home_periods')
    op.drop_index('ix_plan_summaries_range', table_name='plan_summaries')
    op.drop_table('plan_summaries')
