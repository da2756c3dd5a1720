"""Daily checks: NEWS2, masked fever, neurological signs, prescribed rate and bag volume;
patients: NEWS2 SpO2 scale; alerts: episodes, acknowledgement action and note, escalation

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patients') as batch:
        batch.add_column(sa.Column('spo2_scale', sa.Integer(), nullable=False,
                                   server_default='1'))
    with op.batch_alter_table('daily_checks') as batch:
        batch.add_column(sa.Column('fever_masking_treatment', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('spo2_scale', sa.Integer(), nullable=False,
                                   server_default='1'))
        batch.add_column(sa.Column('prescribed_rate_ml_h', sa.Float(), nullable=True))
        batch.add_column(sa.Column('bag_volume_ml', sa.Float(), nullable=True))
        batch.add_column(sa.Column('neuro_signs', sa.Text(), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('news2_score', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('news2_risk', sa.String(length=12), nullable=True))
        batch.add_column(sa.Column('emergency', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('ask_ice_items', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('alert_id', sa.Integer(), nullable=True))
        batch.create_index('ix_daily_checks_alert_id', ['alert_id'])
    with op.batch_alter_table('alerts') as batch:
        batch.add_column(sa.Column('ack_action', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('ack_note', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('checks_count', sa.Integer(), nullable=False,
                                   server_default='1'))
        batch.add_column(sa.Column('last_check_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('raised_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE daily_checks SET alert_id = (SELECT alerts.id FROM alerts "
               "WHERE alerts.check_id = daily_checks.id)")


def downgrade() -> None:
    with op.batch_alter_table('alerts') as batch:
        for name in ('escalated_at', 'raised_at', 'last_check_at', 'checks_count', 'ack_note',
                     'ack_action'):
            batch.drop_column(name)
    with op.batch_alter_table('daily_checks') as batch:
        batch.drop_index('ix_daily_checks_alert_id')
        for name in ('alert_id', 'ask_ice_items', 'emergency', 'news2_risk', 'news2_score',
                     'neuro_signs', 'bag_volume_ml', 'prescribed_rate_ml_h', 'spo2_scale',
                     'fever_masking_treatment'):
            batch.drop_column(name)
    with op.batch_alter_table('patients') as batch:
        batch.drop_column('spo2_scale')
