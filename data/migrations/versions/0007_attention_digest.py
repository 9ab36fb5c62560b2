"""attention list marks, user email and weekly digest runs

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 19:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column(
                'digest_opt_out', sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )

    op.create_table(
        'attention_marks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('item_key', sa.String(length=80), nullable=False),
        sa.Column('fingerprint', sa.String(length=200), nullable=False),
        sa.Column('mark', sa.String(length=20), nullable=False),
        sa.Column('snooze_until', sa.Date(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('marked_by', sa.String(length=80), nullable=False),
        sa.Column('marked_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "mark IN ('seen', 'snoozed', 'cleared')", name=op.f('ck_attention_marks_mark')
        ),
        sa.ForeignKeyConstraint(
            ['site_id'], ['sites.id'], name=op.f('fk_attention_marks_site_id_sites')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attention_marks')),
    )
    with op.batch_alter_table('attention_marks', schema=None) as batch_op:
        batch_op.create_index(
            'ix_attention_marks_site_item', ['site_id', 'kind', 'item_key'], unique=False
        )

    op.create_table(
        'digest_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('iso_week', sa.String(length=10), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('counts', sa.Text(), nullable=False),
        sa.Column('error', sa.String(length=300), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('sending', 'sent', 'failed')", name=op.f('ck_digest_runs_status')
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_digest_runs_user_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_runs')),
        sa.UniqueConstraint('iso_week', 'user_id', name='uq_digest_runs_week_user'),
    )


def downgrade() -> None:
    op.drop_table('digest_runs')
    with op.batch_alter_table('attention_marks', schema=None) as batch_op:
        batch_op.drop_index('ix_attention_marks_site_item')
    op.drop_table('attention_marks')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_opt_out')
        batch_op.drop_column('email')
