"""natural keys for importing a program's own records

Mentors get the program's own ``code``; matches, contacts, peer groups, group sessions, goals,
assessments and events get an ``external_id`` (the row's id in the program's records). Both
are unique and null for rows the demo generator wrote, so re-importing a file updates the rows
it wrote before instead of adding copies.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 19:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXTERNAL_ID_TABLES = (
    'matches',
    'contacts',
    'peer_groups',
    'group_sessions',
    'goals',
    'assessments',
    'events',
)


def upgrade() -> None:
    with op.batch_alter_table('mentors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(op.f('uq_mentors_code'), ['code'])
    for table in EXTERNAL_ID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('external_id', sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(op.f(f'uq_{table}_external_id'), ['external_id'])


def downgrade() -> None:
    for table in reversed(EXTERNAL_ID_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'uq_{table}_external_id'), type_='unique')
            batch_op.drop_column('external_id')
    with op.batch_alter_table('mentors', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_mentors_code'), type_='unique')
        batch_op.drop_column('code')
