"""One pooled connection per query-layer call (data/queries/plumbing/connection.py), and the plain
driver rows of ``fetch_numbers``."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, event, func, select

from data import schema as s
from data.queries import FILTER_QUERIES
from data.queries.plumbing.connection import connection, one_connection
from data.queries.plumbing.sql import fetch, fetch_numbers
from tests.data import queries_fixture as fx


@pytest.fixture
def db(any_engine: Engine) -> Engine:
    fx.load(any_engine)
    return any_engine


def _count_checkouts(engine: Engine) -> list[int]:
    seen = [0]

    def checkout(*_args: object) -> None:
        seen[0] += 1

    event.listen(engine, "checkout", checkout)
    return seen


@pytest.mark.parametrize(
    "name", ["workload_by_mentor", "contact_types_by_mentor", "headline_figures"]
)
def test_a_query_call_checks_out_one_connection_for_all_its_statements(db, name):
    statements = [0]
    event.listen(
        db, "before_cursor_execute", lambda *_a: statements.__setitem__(0, statements[0] + 1)
    )
    checkouts = _count_checkouts(db)
    FILTER_QUERIES[name](db, fx.riverside())
    assert statements[0] > 1  # several statements ...
    assert checkouts[0] == 1  # ... on one connection


def test_nested_blocks_share_the_connection_and_release_it_at_the_end(db):
    with connection(db) as outer, connection(db) as inner:
        assert inner is outer
    assert outer.closed
    with connection(db) as later:
        assert later is not outer


def test_another_thread_gets_a_connection_of_its_own(db):
    seen: list[object] = []
    with connection(db) as here:
        worker = threading.Thread(target=lambda: seen.append(_connection_in_thread(db)))
        worker.start()
        worker.join()
    assert seen and seen[0] is not here


def _connection_in_thread(engine: Engine) -> object:
    with connection(engine) as conn:
        return conn


def test_a_decorated_call_releases_its_connection_when_it_raises(db):
    @one_connection
    def failing(engine: Engine) -> None:
        with connection(engine) as conn:
            conn.execute(select(func.count()).select_from(s.Contact))
        raise RuntimeError("boom")

    checked_in = [0]
    event.listen(db, "checkin", lambda *_a: checked_in.__setitem__(0, checked_in[0] + 1))
    with pytest.raises(RuntimeError):
        failing(db)
    assert checked_in[0] == 1


def test_fetch_numbers_gives_the_same_values_as_fetch(db):
    statement = (
        select(s.Contact.mentor_id, func.count(), func.sum(s.Contact.minutes))
        .group_by(s.Contact.mentor_id)
        .order_by(s.Contact.mentor_id)
    )
    plain = fetch_numbers(db, statement)
    assert plain and all(type(row) is tuple for row in plain)
    assert [tuple(row) for row in fetch(db, statement)] == plain


def test_reads_on_postgresql_run_in_autocommit_and_writers_still_get_transactions(db):
    if db.dialect.name != "postgresql":
        pytest.skip("SQLite's driver begins no transaction for a read")
    with connection(db) as conn:
        assert conn.connection.driver_connection.autocommit is True  # no BEGIN, no ROLLBACK
        FILTER_QUERIES["workload_by_mentor"](db, fx.riverside())
    with db.begin() as writer:
        assert writer.connection.driver_connection.autocommit is False
        writer.execute(s.Site.__table__.update().where(s.Site.id == -1).values(name="x"))
