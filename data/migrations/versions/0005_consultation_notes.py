"""consultation notes: action items, room visibility, full-text search

Action items get an owner (a mentor or the supervisor), a due month, a status and the time
they were closed; challenges a ``shown_in_room`` flag (meeting mode shows only those); every
note its origin (written, or accepted from the suggested agenda).

Full-text search lives outside the models, one structure per backend, both read only by
``data.queries.notes.search_notes``:
- SQLite: an FTS5 table over ``consultation_notes.text`` (external content, porter stemmer)
  kept in step by three triggers. A later migration that *recreates* ``consultation_notes``
  in batch mode drops the triggers with the old table: it must call ``_sqlite_search_up``'s
  statements again.
- PostgreSQL: a GIN index on ``to_tsvector('english', text)``.
Their names are listed in ``data.migrate.UNMODELLED_OBJECTS`` so schema comparisons skip them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 19:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = 'consultation_notes_fts'
SQLITE_SEARCH_UP = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, content='consultation_notes', "
    "content_rowid='id', tokenize='porter unicode61')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON consultation_notes BEGIN "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON consultation_notes BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF text ON consultation_notes BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
)
SQLITE_SEARCH_DOWN = (
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
)
POSTGRES_SEARCH_UP = (
    "CREATE INDEX ix_consultation_notes_search ON consultation_notes "
    "USING gin (to_tsvector('english', text))",
)
POSTGRES_SEARCH_DOWN = ("DROP INDEX IF EXISTS ix_consultation_notes_search",)


def upgrade() -> None:
    with op.batch_alter_table('consultation_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('due_month', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('shown_in_room', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column('origin', sa.String(length=20), nullable=False, server_default='written')
        )
        batch_op.create_check_constraint(
            op.f('ck_consultation_notes_owner'), "owner IS NULL OR owner IN ('mentor', 'supervisor')"
        )
        batch_op.create_check_constraint(
            op.f('ck_consultation_notes_status'), "status IS NULL OR status IN ('open', 'done', 'dropped')"
        )
        batch_op.create_check_constraint(op.f('ck_consultation_notes_origin'), "origin IN ('written', 'suggested')")
        batch_op.create_index('ix_consultation_notes_mentor', ['mentor_id'], unique=False)

    # Existing action items: done ones closed when last updated, the rest open, owned by
    # their mentor when they name one and by the supervisor otherwise.
    notes = sa.table(
        'consultation_notes',
        sa.column('kind', sa.String),
        sa.column('is_done', sa.Boolean),
        sa.column('status', sa.String),
        sa.column('owner', sa.String),
        sa.column('mentor_id', sa.Integer),
        sa.column('closed_at', sa.DateTime),
        sa.column('updated_at', sa.DateTime),
    )
    action = notes.c.kind == 'action_item'
    op.execute(
        notes.update()
        .where(action)
        .values(
            status=sa.case((notes.c.is_done, 'done'), else_='open'),
            closed_at=sa.case((notes.c.is_done, notes.c.updated_at), else_=None),
            owner=sa.case((notes.c.mentor_id.is_(None), 'supervisor'), else_='mentor'),
        )
    )

    dialect = op.get_bind().dialect.name
    statements = {'sqlite': SQLITE_SEARCH_UP, 'postgresql': POSTGRES_SEARCH_UP}.get(dialect, ())
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = {'sqlite': SQLITE_SEARCH_DOWN, 'postgresql': POSTGRES_SEARCH_DOWN}.get(
        dialect, ()
    )
    for statement in statements:
        op.execute(statement)
    with op.batch_alter_table('consultation_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_notes_mentor')
        batch_op.drop_constraint(op.f('ck_consultation_notes_origin'), type_='check')
        batch_op.drop_constraint(op.f('ck_consultation_notes_status'), type_='check')
        batch_op.drop_constraint(op.f('ck_consultation_notes_owner'), type_='check')
        batch_op.drop_column('origin')
        batch_op.drop_column('shown_in_room')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('status')
        batch_op.drop_column('due_month')
        batch_op.drop_column('owner')
