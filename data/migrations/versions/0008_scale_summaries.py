"""contact summary at the site-month grain

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 19:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'contact_summary_site_month',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('year_month', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('after_hours', sa.Integer(), nullable=False),
        sa.Column('mentees', sa.Integer(), nullable=False),
        sa.Column('mentees_elsewhere', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'site_id', 'year_month', name=op.f('pk_contact_summary_site_month')
        ),
    )
    with op.batch_alter_table('contact_summary_site_month', schema=None) as batch_op:
        batch_op.create_index('ix_contact_summary_site_month_ym', ['year_month'], unique=False)
    # Fill it from the summaries already there (rebuilt in full by
    # `python -m dashboard summaries rebuild`).
    op.execute(
        """
        INSERT INTO contact_summary_site_month
            (site_id, year_month, contacts, minutes, after_hours, mentees, mentees_elsewhere)
        SELECT c.site_id, c.year_month, c.contacts, c.minutes, c.after_hours,
               m.mentees, m.mentees_elsewhere
        FROM (
            SELECT site_id, year_month, SUM(contacts) AS contacts, SUM(minutes) AS minutes,
                   SUM(after_hours) AS after_hours
            FROM contact_summary_mentor_month GROUP BY site_id, year_month
        ) AS c
        JOIN (
            SELECT s.site_id, s.year_month, COUNT(*) AS mentees,
                   COUNT(x.mentee_id) AS mentees_elsewhere
            FROM (SELECT DISTINCT site_id, year_month, mentee_id
                  FROM contact_summary_mentee_month) AS s
            LEFT JOIN (
                SELECT t.mentee_id, t.year_month
                FROM (SELECT DISTINCT site_id, year_month, mentee_id
                      FROM contact_summary_mentee_month) AS t
                GROUP BY t.mentee_id, t.year_month
                HAVING COUNT(*) > 1
            ) AS x ON x.mentee_id = s.mentee_id AND x.year_month = s.year_month
            GROUP BY s.site_id, s.year_month
        ) AS m ON m.site_id = c.site_id AND m.year_month = c.year_month
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('contact_summary_site_month', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_summary_site_month_ym')
    op.drop_table('contact_summary_site_month')
