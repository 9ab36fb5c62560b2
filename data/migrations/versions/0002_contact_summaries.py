"""contact and assessment summary tables and a contact-date index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 22:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'contact_summary_mentor_month',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Integer(), nullable=False),
        sa.Column('year_month', sa.Integer(), nullable=False),
        sa.Column('contact_type', sa.String(length=40), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('after_hours', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'site_id', 'mentor_id', 'year_month', 'contact_type',
            name=op.f('pk_contact_summary_mentor_month'),
        ),
    )
    with op.batch_alter_table('contact_summary_mentor_month', schema=None) as batch_op:
        batch_op.create_index(
            'ix_contact_summary_mentor_month_ym', ['year_month', 'site_id'], unique=False
        )

    op.create_table(
        'contact_summary_mentee_month',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Integer(), nullable=False),
        sa.Column('mentee_id', sa.Integer(), nullable=False),
        sa.Column('year_month', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'site_id', 'mentor_id', 'mentee_id', 'year_month',
            name=op.f('pk_contact_summary_mentee_month'),
        ),
    )
    with op.batch_alter_table('contact_summary_mentee_month', schema=None) as batch_op:
        batch_op.create_index(
            'ix_contact_summary_mentee_month_ym', ['year_month', 'site_id'], unique=False
        )

    op.create_table(
        'assessment_summary_site_quarter',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('instrument_id', sa.Integer(), nullable=False),
        sa.Column('domain_id', sa.Integer(), nullable=False),
        sa.Column('year_quarter', sa.Integer(), nullable=False),
        sa.Column('score_total', sa.Integer(), nullable=False),
        sa.Column('scores', sa.Integer(), nullable=False),
        sa.Column('mentees', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'site_id', 'instrument_id', 'domain_id', 'year_quarter',
            name=op.f('pk_assessment_summary_site_quarter'),
        ),
    )

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_date', ['contact_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_date')
    op.drop_table('assessment_summary_site_quarter')
    with op.batch_alter_table('contact_summary_mentee_month', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_summary_mentee_month_ym')
    op.drop_table('contact_summary_mentee_month')
    with op.batch_alter_table('contact_summary_mentor_month', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_summary_mentor_month_ym')
    op.drop_table('contact_summary_mentor_month')
