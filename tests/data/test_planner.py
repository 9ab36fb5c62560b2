"""``not_for_index``: a unary + for SQLite's planner, the plain column elsewhere."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from data.queries.plumbing.clauses import waiting_site_id
from data.queries.plumbing.planner import not_for_index
from data.schema import Mentee
from tests.data import queries_fixture as fx


def test_sqlite_gets_a_unary_plus_and_postgresql_the_plain_column():
    statement = select(not_for_index(Mentee.site_id)).group_by(not_for_index(Mentee.site_id))
    on_sqlite = str(statement.compile(dialect=sqlite.dialect()))
    on_postgres = str(statement.compile(dialect=postgresql.dialect()))
    assert "+mentees.site_id" in on_sqlite and on_sqlite.count("+mentees.site_id") == 2
    assert "+" not in on_postgres and "GROUP BY mentees.site_id" in on_postgres


def test_the_expression_keeps_the_column_type_and_value(any_engine):
    fx.load(any_engine)
    with any_engine.connect() as conn:
        plain = conn.execute(select(Mentee.site_id).order_by(Mentee.id)).scalars().all()
        wrapped = conn.execute(select(waiting_site_id()).order_by(Mentee.id)).scalars().all()
    assert plain and wrapped == plain
    assert waiting_site_id().type._type_affinity is Mentee.site_id.type._type_affinity
