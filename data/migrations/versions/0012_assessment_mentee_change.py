"""each mentee's first against latest assessment, per measure; baseline sums; a match's contacts by date

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 02:40:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'assessment_mentee_change',
        sa.Column('instrument_id', sa.Integer(), nullable=False),
        sa.Column('latest_on', sa.Date(), nullable=False),
        sa.Column('mentee_id', sa.Integer(), nullable=False),
        sa.Column('domain_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('first_on', sa.Date(), nullable=False),
        sa.Column('baseline', sa.Integer(), nullable=True),
        sa.Column('latest', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint(
            'instrument_id',
            'latest_on',
            'mentee_id',
            'domain_id',
            name=op.f('pk_assessment_mentee_change'),
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'assessment_baseline_summary',
        sa.Column('instrument_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('domain_id', sa.Integer(), nullable=False),
        sa.Column('mentees', sa.Integer(), nullable=False),
        sa.Column('score_total', sa.Integer(), nullable=False),
        sa.Column('score_squares', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'instrument_id', 'site_id', 'domain_id', name=op.f('pk_assessment_baseline_summary')
        ),
    )
    # A match's newest contact as one index seek (was: every contact of the match).
    op.drop_index('ix_contacts_match', table_name='contacts')
    op.create_index(
        'ix_contacts_match_date', 'contacts', ['match_id', 'contact_date'], unique=False
    )
    # Fill it from the assessments already there (the same code that keeps it exact).
    from data.summaries.assessment_change import rebuild_assessment_mentee_change

    rebuild_assessment_mentee_change(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_contacts_match_date', table_name='contacts')
    op.create_index('ix_contacts_match', 'contacts', ['match_id'], unique=False)
    op.drop_table('assessment_baseline_summary')
    op.drop_table('assessment_mentee_change')
