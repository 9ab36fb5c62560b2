"""notes cleared for the room: a note's text reaches meeting mode only once cleared

A supervisor clears a note for the shared screen after reading it as the room would see it;
the clearing holds for the version it was given to (an edit needs clearing again). Notes
written before this revision start uncleared.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 16:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('consultation_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cleared_version', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('cleared_by', sa.String(length=80), nullable=False, server_default='')
        )
        batch_op.add_column(sa.Column('cleared_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('consultation_notes', schema=None) as batch_op:
        batch_op.drop_column('cleared_at')
        batch_op.drop_column('cleared_by')
        batch_op.drop_column('cleared_version')
