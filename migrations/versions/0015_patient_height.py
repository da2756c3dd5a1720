"""The patient's height: under 45 kg the dose follows the body surface area (SmPC 4.2)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patients') as batch:
        batch.add_column(sa.Column('height_cm', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('patients') as batch:
        batch.drop_column('height_cm')
