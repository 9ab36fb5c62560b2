"""One database connection for all the statements of one query-layer call.

A query function often runs several statements (an index probe, the newest summary month,
the answer itself). Each ``engine.connect()`` checks a connection out of the pool and back:
on PostgreSQL that is a pre-ping, a BEGIN and a ROLLBACK, three round trips per statement.
``@one_connection`` holds one connection for the whole call; the helpers the call reaches
ask ``connection(engine)`` and get it back. Reads only: nothing in the query layer writes.

On PostgreSQL the connection runs in autocommit: a read under READ COMMITTED takes a fresh
snapshot per statement inside a transaction or out of it, so the transaction bought nothing but
a BEGIN and a ROLLBACK, two more round trips per call (with them, 6 ms for a one-site workload
at the large scale; without, 2.6). The pool puts the connection back in its default
(transactional) mode when the call ends, so writers are unaffected. SQLite's driver begins no
transaction for a read anyway.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine

P = ParamSpec("P")
R = TypeVar("R")

# (engine, connection, thread): a context copied into another thread must not share a
# connection (SQLAlchemy connections are not thread-safe), so the thread is checked too.
_held: ContextVar[tuple[Engine, Connection, int] | None] = ContextVar(
    "query_connection", default=None
)


@contextmanager
def connection(engine: Engine) -> Iterator[Connection]:
    """The connection the enclosing query call holds on ``engine``, else a new one that this
    block holds (and that calls nested in it share) until it ends."""
    held = _held.get()
    if (
        held is not None
        and held[0] is engine
        and held[2] == threading.get_ident()
        and not held[1].closed
    ):
        yield held[1]
        return
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # see the module's docstring
            conn.execution_options(isolation_level="AUTOCOMMIT")
        token = _held.set((engine, conn, threading.get_ident()))
        try:
            yield conn
        finally:
            _held.reset(token)


def one_connection(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn(engine, ...)`` with every statement on one pooled connection to ``engine``."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        engine: Any = args[0] if args else kwargs["engine"]
        with connection(engine):
            return fn(*args, **kwargs)

    return call
