"""Open tasks found by an index on (status, due date), not a scan of every task (issue 19)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 06:10:00
"""

from __future__ import annotations

from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tasks_status_due_date', 'tasks', ['status', 'due_date'])


def downgrade() -> None:
    op.drop_index('ix_tasks_status_due_date', table_name='tasks')
