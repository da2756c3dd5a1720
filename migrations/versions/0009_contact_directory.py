"""The contact directory: numbers, e-mail, address filled in over the shipped reference

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'directory_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('phone_24h', sa.String(length=32), nullable=False),
        sa.Column('phone_coordination', sa.String(length=32), nullable=False),
        sa.Column('phone', sa.String(length=32), nullable=False),
        sa.Column('phone_on_call', sa.String(length=32), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('address', sa.String(length=300), nullable=False),
        sa.Column('hours', sa.String(length=200), nullable=False),
        sa.Column('verified_on', sa.Date(), nullable=True),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )


def downgrade() -> None:
    op.drop_table('directory_entries')
