"""Writing an import: staging tables, bulk loads and the upsert that merges them.

Valid rows go first into a temporary staging table per target (PostgreSQL: ``COPY``; SQLite:
``executemany`` in chunks), so memory stays flat however long the file. Once the whole file is
checked, ``merge`` updates the rows whose natural key exists and whose values differ, and
inserts the rest, all in SQL, inside the import's one transaction. Rows that did not change are
not touched, so re-importing a file changes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    text,
)

from data.importing.spec import Target

SQLITE_BATCH = 10_000


@dataclass
class MergeCounts:
    """Rows a merge inserted, updated (values changed) and removed (children no longer listed)."""

    inserted: int = 0
    updated: int = 0
    removed: int = 0


def _q(name: str) -> str:
    # Identifiers come from the code's own table specs, never from a file; quoted all the same.
    return '"' + name.replace('"', '""') + '"'


class Stage:
    """A temporary table holding one target's staged rows for the length of an import."""

    def __init__(self, conn: Connection, target: Target, tag: str) -> None:
        self.conn = conn
        self.target = target
        self.dialect = conn.dialect.name
        columns = [Column(name, target.table.c[name].type) for name in target.columns]
        if target.parent:
            columns.append(Column(target.parent.stage_column, String(64)))
        self.table = Table(
            f"import_stage_{tag}_{target.table.name}",
            MetaData(),
            *columns,
            prefixes=["TEMPORARY"],
        )
        self.rows = 0

    @property
    def name(self) -> str:
        """The staging table's name."""
        return self.table.name

    def create(self) -> None:
        """Create the (empty) staging table."""
        self.drop()
        self.table.create(self.conn)

    def drop(self) -> None:
        """Drop the staging table if it exists."""
        self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_q(self.name)}")

    def load(self, frame: pd.DataFrame) -> None:
        """Append ``frame`` (columns named as the staging table's) to the staging table."""
        if frame.empty:
            return
        names = [c.name for c in self.table.columns]
        frame = frame[names]
        self.rows += len(frame)
        if self.dialect == "postgresql":
            self._copy(frame, names)
        else:
            self._executemany(frame, names)

    def _wire_columns(self, frame: pd.DataFrame, sqlite: bool) -> list[pd.Series]:
        out = []
        for column in self.table.columns:
            values = frame[column.name]
            kind = column.type
            if isinstance(kind, DateTime):
                fmt = "%Y-%m-%d %H:%M:%S.%f" if sqlite else "%Y-%m-%d %H:%M:%S"
                values = pd.to_datetime(values).dt.strftime(fmt)
            elif isinstance(kind, Date):
                values = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
            elif isinstance(kind, Boolean):
                values = values.astype("boolean")
                values = (
                    values.map({True: 1, False: 0})
                    if sqlite
                    else values.map({True: "true", False: "false"})
                )
            elif isinstance(kind, Integer):
                values = values.astype("Int64")
            elif isinstance(kind, Float):
                values = values.astype("Float64")
            out.append(values)
        return out

    def _executemany(self, frame: pd.DataFrame, names: list[str]) -> None:
        columns = [
            values.astype(object).where(values.notna(), None).tolist()
            for values in self._wire_columns(frame, sqlite=True)
        ]
        rows = list(zip(*columns, strict=True))
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO {_q(self.name)} ({', '.join(map(_q, names))}) VALUES ({marks})"  # noqa: S608 - identifiers from code
        for start in range(0, len(rows), SQLITE_BATCH):
            self.conn.exec_driver_sql(sql, rows[start : start + SQLITE_BATCH])

    def _copy(self, frame: pd.DataFrame, names: list[str]) -> None:
        wire = pd.concat(self._wire_columns(frame, sqlite=False), axis=1)
        buffer = io.StringIO()
        wire.to_csv(buffer, header=False, index=False, na_rep="\\N")
        cursor = self.conn.connection.driver_connection.cursor()
        sql = (
            f"COPY {_q(self.name)} ({', '.join(map(_q, names))}) "
            "FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        )
        with cursor.copy(sql) as copy:
            copy.write(buffer.getvalue())

    def analyze(self) -> None:
        """Give PostgreSQL's planner the staging table's size (temp tables are not analysed)."""
        if self.dialect == "postgresql":
            self.conn.exec_driver_sql(f"ANALYZE {_q(self.name)}")


def _source(stage: Stage) -> tuple[str, list[str]]:
    target = stage.target
    names = list(target.columns)
    select_list = [f"s.{_q(n)}" for n in names]
    join = ""
    if target.parent:
        link = target.parent
        select_list.insert(0, f"p.id AS {_q(link.column)}")
        names.insert(0, link.column)
        join = (
            f" JOIN {_q(link.table.name)} p ON p.{_q(link.parent_key)} = s.{_q(link.stage_column)}"
        )
    distinct = "DISTINCT " if target.distinct else ""
    return f"SELECT {distinct}{', '.join(select_list)} FROM {_q(stage.name)} s{join}", names  # noqa: S608 - identifiers from code


def merge(stage: Stage, present: frozenset[str]) -> MergeCounts:
    """Upsert the staged rows into the target on its natural key; returns the counts."""
    target = stage.target
    table = _q(target.table.name)
    source, names = _source(stage)
    key_match = " AND ".join(f"{table}.{_q(k)} = src.{_q(k)}" for k in target.key)
    updatable = [
        n
        for n in names
        if n not in target.key and (n not in target.optional or target.optional[n] in present)
    ]
    counts = MergeCounts()
    stage.analyze()
    if updatable:
        changed = " OR ".join(f"{table}.{_q(n)} IS DISTINCT FROM src.{_q(n)}" for n in updatable)
        assignments = ", ".join(f"{_q(n)} = src.{_q(n)}" for n in updatable)
        result = stage.conn.execute(
            text(
                f"UPDATE {table} SET {assignments} FROM ({source}) AS src "  # noqa: S608 - identifiers from code
                f"WHERE {key_match} AND ({changed})"
            )
        )
        counts.updated = max(result.rowcount, 0)
    exists = " AND ".join(f"x.{_q(k)} = src.{_q(k)}" for k in target.key)
    column_list = ", ".join(_q(n) for n in names)
    # SQLite: new rows in time order keep the date indexes' inserts on the same few pages.
    # (PostgreSQL's buffers hold those pages anyway; sorting would only cost it.)
    sort = target.insert_order and stage.dialect == "sqlite"
    order = f" ORDER BY src.{_q(target.insert_order)}" if sort else ""
    result = stage.conn.execute(
        text(
            f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM ({source}) AS src "  # noqa: S608 - identifiers from code
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} x WHERE {exists}){order}"
        )
    )
    counts.inserted = max(result.rowcount, 0)
    if target.prune_by:
        prune = _q(target.prune_by)
        listed = " AND ".join(f"src.{_q(k)} = {table}.{_q(k)}" for k in target.key)
        result = stage.conn.execute(
            text(
                f"DELETE FROM {table} WHERE {prune} IN (SELECT src.{prune} FROM ({source}) AS src)"  # noqa: S608 - identifiers from code
                f" AND NOT EXISTS (SELECT 1 FROM ({source}) AS src WHERE {listed})"
            )
        )
        counts.removed = max(result.rowcount, 0)
    return counts
