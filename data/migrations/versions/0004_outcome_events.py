"""instrument reliability and mentee events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('instruments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total_min', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('total_max', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('total_reliability', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('total_reference_sd', sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column(
                'reliability_source', sa.String(length=300), nullable=False, server_default=''
            )
        )
    with op.batch_alter_table('instrument_domains', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reliability', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('reference_sd', sa.Float(), nullable=True))

    op.create_table(
        'events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('mentee_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('event_date', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.CheckConstraint(
            "kind IN ('crisis_episode', 'hospital_admission', 'relapse')",
            name=op.f('ck_events_kind'),
        ),
        sa.ForeignKeyConstraint(
            ['mentee_id'], ['mentees.id'], name=op.f('fk_events_mentee_id_mentees')
        ),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_events_site_id_sites')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_site_date', ['site_id', 'event_date'], unique=False)
        batch_op.create_index('ix_events_mentee', ['mentee_id', 'event_date'], unique=False)


    op.create_table(
        'assessment_summary_site_month',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('instrument_id', sa.Integer(), nullable=False),
        sa.Column('domain_id', sa.Integer(), nullable=False),
        sa.Column('year_month', sa.Integer(), nullable=False),
        sa.Column('score_total', sa.Integer(), nullable=False),
        sa.Column('score_squares', sa.Integer(), nullable=False),
        sa.Column('scores', sa.Integer(), nullable=False),
        sa.Column('mentees', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'site_id', 'instrument_id', 'domain_id', 'year_month',
            name=op.f('pk_assessment_summary_site_month'),
        ),
    )
    with op.batch_alter_table('assessment_summary_site_month', schema=None) as batch_op:
        batch_op.create_index(
            'ix_assessment_summary_site_month_ym',
            ['instrument_id', 'year_month', 'site_id'],
            unique=False,
        )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(
            'ix_assessments_instrument_date', ['instrument_id', 'assessed_on'], unique=False
        )
    # Existing assessments get their monthly summary at once.
    from data.summaries.assessment_months import rebuild_assessment_month_summary

    rebuild_assessment_month_summary(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index('ix_assessments_instrument_date')
    with op.batch_alter_table('assessment_summary_site_month', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_summary_site_month_ym')
    op.drop_table('assessment_summary_site_month')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_mentee')
        batch_op.drop_index('ix_events_site_date')
    op.drop_table('events')
    with op.batch_alter_table('instrument_domains', schema=None) as batch_op:
        batch_op.drop_column('reference_sd')
        batch_op.drop_column('reliability')
    with op.batch_alter_table('instruments', schema=None) as batch_op:
        batch_op.drop_column('reliability_source')
        batch_op.drop_column('total_reference_sd')
        batch_op.drop_column('total_reliability')
        batch_op.drop_column('total_max')
        batch_op.drop_column('total_min')
