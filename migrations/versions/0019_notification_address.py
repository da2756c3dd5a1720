"""Notifications to an address without an account: the escalation e-mail to the on-call contact

The outbox sent only to user accounts; the haematology on-call contact of the directory has
none. A notification now goes to its user (``recipient_id``) or, without one, to ``address``;
a CHECK refuses a row with neither (issue 12).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

RECIPIENT = "recipient_id IS NOT NULL OR address <> ''"


def upgrade() -> None:
    with op.batch_alter_table('notifications') as batch:
        batch.add_column(sa.Column('address', sa.String(length=254), nullable=False,
                                   server_default=''))
        batch.alter_column('recipient_id', existing_type=sa.Integer(), nullable=True)
        batch.create_check_constraint('ck_notifications_recipient', RECIPIENT)


def downgrade() -> None:
    op.execute("DELETE FROM notifications WHERE recipient_id IS NULL")
    with op.batch_alter_table('notifications') as batch:
        batch.drop_constraint('ck_notifications_recipient', type_='check')
        batch.alter_column('recipient_id', existing_type=sa.Integer(), nullable=False)
        batch.drop_column('address')
