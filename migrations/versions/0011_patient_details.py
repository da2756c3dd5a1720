"""Patients: address, phones, trusted person, allergies, central line, day hospital, GP, nurses, pharmacy and provider

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 00:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TEXT_COLUMNS = (
    ('address', 300), ('phone_other', 32), ('trusted_name', 200), ('trusted_relation', 100),
    ('trusted_phone', 32), ('day_hospital', 200), ('gp_phone', 32), ('nurses_name', 200),
    ('nurses_phone', 32), ('pharmacy_name', 200), ('pharmacy_phone', 32),
    ('provider_name', 200), ('provider_phone', 32),
)


def upgrade() -> None:
    with op.batch_alter_table('patients') as batch:
        for name, length in TEXT_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=False,
                                       server_default=''))
        batch.add_column(sa.Column('allergies', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('central_line', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('patients') as batch:
        batch.drop_column('central_line')
        batch.drop_column('allergies')
        for name, _length in reversed(TEXT_COLUMNS):
            batch.drop_column(name)
