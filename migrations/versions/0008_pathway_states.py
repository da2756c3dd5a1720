"""Pathways: state and current cycle; tasks: the request they wait for; pathway_events, the timeline of their transitions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pathways') as batch:
        batch.add_column(sa.Column('state', sa.String(length=24), nullable=False,
                                   server_default='options_proposed'))
        batch.add_column(sa.Column('current_cycle', sa.Integer(), nullable=True))
    with op.batch_alter_table('tasks') as batch:
        batch.add_column(sa.Column('waits_for', sa.String(length=16), nullable=True))
    op.create_table(
        'pathway_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pathway_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('actor', sa.String(length=254), nullable=False),
        sa.Column('step', sa.String(length=40), nullable=False),
        sa.Column('state', sa.String(length=24), nullable=False),
        sa.Column('option_kind', sa.String(length=16), nullable=False),
        sa.Column('had_establishment_id', sa.String(length=64), nullable=True),
        sa.Column('option_name', sa.String(length=200), nullable=False),
        sa.Column('request_kind', sa.String(length=16), nullable=True),
        sa.Column('answer', sa.String(length=16), nullable=True),
        sa.Column('answer_date', sa.Date(), nullable=True),
        sa.Column('reference', sa.String(length=100), nullable=False),
        sa.Column('end_reason', sa.String(length=24), nullable=True),
        sa.Column('cycle', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['pathway_id'], ['pathways.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_pathway_events_pathway_id', 'pathway_events', ['pathway_id'])


def downgrade() -> None:
    op.drop_index('ix_pathway_events_pathway_id', table_name='pathway_events')
    op.drop_table('pathway_events')
    with op.batch_alter_table('tasks') as batch:
        batch.drop_column('waits_for')
    with op.batch_alter_table('pathways') as batch:
        batch.drop_column('current_cycle')
        batch.drop_column('state')
