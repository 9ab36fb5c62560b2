"""covering indexes: running totals with their values, open matches with their mentor

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 09:20:00
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        'ix_contact_summary_mentor_running_values',
        'contact_summary_mentor_running',
        [
            'year_month',
            'site_id',
            'mentor_id',
            'contact_type',
            'contacts',
            'minutes',
            'after_hours',
        ],
        unique=False,
    )
    op.create_index(
        'ix_matches_end_date_mentor',
        'matches',
        ['end_date', 'start_date', 'mentee_id', 'mentor_id'],
        unique=False,
    )
    op.drop_index('ix_matches_end_date', table_name='matches')


def downgrade() -> None:
    op.create_index(
        'ix_matches_end_date', 'matches', ['end_date', 'start_date', 'mentee_id'], unique=False
    )
    op.drop_index('ix_matches_end_date_mentor', table_name='matches')
    op.drop_index(
        'ix_contact_summary_mentor_running_values', table_name='contact_summary_mentor_running'
    )
