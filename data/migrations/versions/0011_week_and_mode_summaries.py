"""contact summaries by mentor and week, and by site, month and mode

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 22:20:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'contact_summary_mentor_week',
        sa.Column('week', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'week', 'site_id', 'mentor_id', name=op.f('pk_contact_summary_mentor_week')
        ),
    )
    op.create_table(
        'contact_summary_site_month_mode',
        sa.Column('year_month', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=20), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'year_month', 'site_id', 'mode', name=op.f('pk_contact_summary_site_month_mode')
        ),
    )
    # Fill them from the contacts already there (the same code that keeps them exact).
    from data.summaries.weeks_and_modes import refresh_weeks_and_modes

    refresh_weeks_and_modes(op.get_bind(), None)


def downgrade() -> None:
    op.drop_table('contact_summary_site_month_mode')
    op.drop_table('contact_summary_mentor_week')
