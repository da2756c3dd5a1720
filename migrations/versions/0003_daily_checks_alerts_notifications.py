"""Daily home checks, alerts, notification outbox (unique dedup key) and job runs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 21:33:06.952971
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('daily_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=254), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('check_day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('temperature_c', sa.Float(), nullable=False),
    sa.Column('hours_above_40_c', sa.Float(), nullable=True),
    sa.Column('heart_rate', sa.Integer(), nullable=False),
    sa.Column('systolic_bp', sa.Integer(), nullable=False),
    sa.Column('diastolic_bp', sa.Integer(), nullable=False),
    sa.Column('spo2', sa.Float(), nullable=False),
    sa.Column('respiratory_rate', sa.Integer(), nullable=True),
    sa.Column('oxygen', sa.String(length=20), nullable=False),
    sa.Column('vasopressors', sa.Integer(), nullable=False),
    sa.Column('vasopressin', sa.Boolean(), nullable=False),
    sa.Column('line_redness', sa.Boolean(), nullable=False),
    sa.Column('line_heat', sa.Boolean(), nullable=False),
    sa.Column('line_swelling', sa.Boolean(), nullable=False),
    sa.Column('line_discharge', sa.Boolean(), nullable=False),
    sa.Column('dressing_intact', sa.Boolean(), nullable=True),
    sa.Column('pump_running', sa.Boolean(), nullable=False),
    sa.Column('pump_alarm', sa.Boolean(), nullable=False),
    sa.Column('programmed_rate_ml_h', sa.Float(), nullable=True),
    sa.Column('volume_left_ml', sa.Float(), nullable=False),
    sa.Column('expected_volume_left_ml', sa.Float(), nullable=False),
    sa.Column('battery_changed', sa.Boolean(), nullable=True),
    sa.Column('writing_test', sa.String(length=10), nullable=False),
    sa.Column('ice_score', sa.Integer(), nullable=True),
    sa.Column('ice_orientation', sa.Integer(), nullable=True),
    sa.Column('ice_naming', sa.Integer(), nullable=True),
    sa.Column('ice_commands', sa.Integer(), nullable=True),
    sa.Column('ice_writing', sa.Integer(), nullable=True),
    sa.Column('ice_attention', sa.Integer(), nullable=True),
    sa.Column('consciousness', sa.String(length=16), nullable=False),
    sa.Column('seizure', sa.String(length=10), nullable=False),
    sa.Column('free_text', sa.Text(), nullable=False),
    sa.Column('crs_grade', sa.Integer(), nullable=False),
    sa.Column('icans_grade', sa.Integer(), nullable=False),
    sa.Column('fever_grade', sa.Integer(), nullable=False),
    sa.Column('triage', sa.String(length=8), nullable=False),
    sa.Column('pump_deviation_ml', sa.Float(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('observations', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('submission_key')
    )
    with op.batch_alter_table('daily_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_daily_checks_check_day'), ['check_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_daily_checks_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_daily_checks_triage'), ['triage'], unique=False)

    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['check_id'], ['daily_checks.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key')
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alerts_acknowledged_at'), ['acknowledged_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_patient_id'), ['patient_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claim_token', sa.String(length=36), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], ),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_status'), ['status'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_status'))
        batch_op.drop_index(batch_op.f('ix_notifications_recipient_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_patient_id'))
        batch_op.drop_index(batch_op.f('ix_alerts_acknowledged_at'))

    op.drop_table('alerts')
    with op.batch_alter_table('daily_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_daily_checks_triage'))
        batch_op.drop_index(batch_op.f('ix_daily_checks_patient_id'))
        batch_op.drop_index(batch_op.f('ix_daily_checks_check_day'))

    op.drop_table('daily_checks')
    op.drop_table('job_runs')

