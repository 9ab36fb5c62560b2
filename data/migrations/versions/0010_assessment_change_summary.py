"""baseline-against-latest summary and the headline's day indexes

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 22:10:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'assessment_change_summary',
        sa.Column('instrument_id', sa.Integer(), nullable=False),
        sa.Column('year_month', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('domain_id', sa.Integer(), nullable=False),
        sa.Column('mentees', sa.Integer(), nullable=False),
        sa.Column('baseline_total', sa.Integer(), nullable=False),
        sa.Column('latest_total', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'instrument_id',
            'year_month',
            'site_id',
            'domain_id',
            name=op.f('pk_assessment_change_summary'),
        ),
    )
    op.create_index('ix_mentees_exit_date', 'mentees', ['exit_date'], unique=False)
    op.create_index(
        'ix_matches_end_date', 'matches', ['end_date', 'start_date', 'mentee_id'], unique=False
    )
    # Fill it from the assessments already there (the same code that keeps it exact).
    from data.summaries.assessment_change import rebuild_assessment_change_summary

    rebuild_assessment_change_summary(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_matches_end_date', table_name='matches')
    op.drop_index('ix_mentees_exit_date', table_name='mentees')
    op.drop_table('assessment_change_summary')
