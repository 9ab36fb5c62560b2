"""contact running totals per mentor, type and month

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 22:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'contact_summary_mentor_running',
        sa.Column('year_month', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Integer(), nullable=False),
        sa.Column('contact_type', sa.String(length=40), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('after_hours', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'year_month',
            'site_id',
            'mentor_id',
            'contact_type',
            name=op.f('pk_contact_summary_mentor_running'),
        ),
    )
    # Fill it from the monthly summary already there (the same code that keeps it exact).
    from data.summaries import refresh_mentor_running

    refresh_mentor_running(op.get_bind(), None)


def downgrade() -> None:
    op.drop_table('contact_summary_mentor_running')
