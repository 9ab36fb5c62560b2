"""One import, start to finish: read, check every row, stage, merge, in one transaction.

Nothing reaches the program's tables until the whole file is checked. By default a file with
any problem writes nothing; with ``skip_invalid`` the valid rows are written and the rejected
ones saved, with their reasons, to a CSV file. A dry run does everything and then rolls back,
so its counts say exactly what an import would do. The transaction also rebuilds the summary
tables the kind feeds, bumps the data version and writes one audit event with counts (never a
row's values); any failure rolls all of it back.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data import summaries, versioning
from data.importing.keys import KeyRegistry, key_hashes
from data.importing.kinds import kind_named
from data.importing.lookups import loader_for
from data.importing.problems import Problem, ProblemLog
from data.importing.readers import (
    CHUNK_ROWS,
    FileHeader,
    UnreadableFile,
    iter_chunks,
    read_header,
)
from data.importing.rejected import RejectedRowsWriter
from data.importing.spec import KindSpec, References, RowCheck
from data.importing.writers import MergeCounts, Stage, merge
from data.services.audit import AuditEventType, record

logger = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
SQLITE_CACHE_KIB = 64 * 1024
FULL_REBUILD_MONTHS = 24
READ_SHARE = 0.85
# How the summary names the rows a kind writes besides its own (a long file's children).
CHILD_NOUNS = {
    "instrument_domains": "domains",
    "assessment_scores": "scores",
    "group_facilitators": "facilitators",
}  # of the progress bar: reading and checking; the rest is writing


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a refused file, would have done)."""

    kind: str
    file_name: str
    rows_read: int = 0
    rows_valid: int = 0
    rows_rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    problem_counts: dict[str, int] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)
    committed: bool = False
    dry_run: bool = False
    rejected_file: str | None = None
    seconds: float = 0.0
    details: dict[str, MergeCounts] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the import wrote (or, dry, would write) without refusing the file."""
        return self.committed or (self.dry_run and self.problem_count == 0)

    def summary(self) -> str:
        """One line in words: what happened to how many rows."""
        verb = "would be" if self.dry_run else "were"
        head = f"{self.rows_read:,} {'row' if self.rows_read == 1 else 'rows'} read"
        if self.problem_count and not self.committed and not self.dry_run:
            return (
                f"{head}; nothing was imported: {self.problem_count:,} problems in "
                f"{self.rows_rejected:,} rows (fix them, or import with --skip-invalid)."
            )
        parts = [
            f"{self.inserted:,} new",
            f"{self.updated:,} updated",
            f"{self.unchanged:,} unchanged",
        ]
        if self.rows_rejected:
            parts.append(f"{self.rows_rejected:,} rejected")
        text = f"{head}: " + ", ".join(parts) + f" ({verb} written)."
        for table, counts in list(self.details.items())[1:]:
            noun = CHILD_NOUNS.get(table, table).capitalize()
            text += f" {noun}: {counts.inserted:,} new, {counts.updated:,} updated"
            text += f", {counts.removed:,} removed." if counts.removed else "."
        return text

    def audit_detail(self) -> str:
        """The counts for the audit trail (never a row's values or the file's name)."""
        return (
            f"rows={self.rows_read} inserted={self.inserted} updated={self.updated} "
            f"unchanged={self.unchanged} removed={self.removed} rejected={self.rows_rejected}"
        )


def _column_map(
    spec: KindSpec, header: FileHeader, file_name: str
) -> tuple[dict[str, str], list[str], list[Problem]]:
    """Normalised heading -> template column; unknown headings; heading problems."""
    known = spec.heading_map()
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    problems: list[Problem] = []
    for written, normal in zip(header.headings, header.normalised, strict=True):
        name = known.get(normal)
        if name is None:
            if written:
                unknown.append(written)
            continue
        if name in mapping.values():
            problems.append(
                Problem(file_name, 1, name, written, "a second column for the same field")
            )
            continue
        mapping[normal] = name
    for column in spec.columns:
        if column.required and column.name not in mapping.values():
            problems.append(
                Problem(
                    file_name, 1, column.name, "", "required column missing from the heading row"
                )
            )
    return mapping, unknown, problems


def _flag_repeats(spec: KindSpec, check: RowCheck, keys: KeyRegistry, parents: KeyRegistry) -> None:
    """Duplicate keys, and long-format parents described differently on two rows."""
    key_values = pd.DataFrame({k: check[k] for k in spec.key})
    if "domain" in key_values:
        key_values["domain"] = key_values["domain"].str.lower()
    present = key_values.notna().all(axis=1).to_numpy()
    if not present.any():
        return
    rows = check.rows.to_numpy(np.int64)[present]
    index = check.cells.index[present]
    first, _ = keys.check(key_hashes(key_values[present]), rows)
    repeated = pd.Series(first > 0, index=index).reindex(check.cells.index, fill_value=False)
    if repeated.any():
        where = pd.Series(first, index=index).reindex(check.cells.index).astype("Int64")
        check.flag(repeated, spec.key[-1], "duplicate key: already on row " + where.astype(str))
    if not spec.parent_key:
        return
    parent_values = pd.DataFrame({k: check[k] for k in spec.parent_key})[present]
    described = pd.DataFrame({c: check[c].astype(str) for c in spec.parent_columns})[present]
    first, first_value = parents.check(key_hashes(parent_values), rows, key_hashes(described))
    differs = (first > 0) & (first_value != key_hashes(described))
    if differs.any():
        mask = pd.Series(differs, index=index).reindex(check.cells.index, fill_value=False)
        where = pd.Series(first, index=index).reindex(check.cells.index).astype("Int64")
        check.flag(
            mask,
            spec.parent_key[0],
            "says something different about it than row "
            + where.astype(str)
            + " ("
            + ", ".join(spec.parent_columns)
            + " must repeat exactly)",
        )


def import_file(
    engine: Engine,
    kind: str,
    path: Path | str,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    dayfirst: bool = False,
    rejected_path: Path | str | None = None,
    progress: Progress | None = None,
    username: str = "",
    user_id: int | None = None,
    ip: str = "",
    file_name: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> ImportResult:
    """Import file ``path`` as records of ``kind`` into ``engine``'s database.

    Raises KeyError for an unknown kind; a file that cannot be read or has problems gives a
    result that says so (and writes nothing). Database errors roll everything back and raise.
    """
    spec = kind_named(kind)
    path = Path(path)
    name = file_name or path.name
    result = ImportResult(kind=spec.name, file_name=name, dry_run=dry_run)
    began = time.perf_counter()
    report = progress or (lambda _fraction, _message: None)
    log = ProblemLog()
    try:
        header = read_header(path)
    except (UnreadableFile, OSError) as exc:
        log.add(Problem(name, 0, "", "", str(exc)))
        return _finish(result, log, began)
    mapping, result.unknown_columns, heading_problems = _column_map(spec, header, name)
    if heading_problems:
        log.extend(heading_problems)
        return _finish(result, log, began)
    present = frozenset(mapping.values())
    rejected = None
    if skip_invalid:
        target = (
            Path(rejected_path) if rejected_path else path.with_name(path.stem + ".rejected.csv")
        )
        rejected = RejectedRowsWriter(target, header.headings)
    try:
        tag = uuid.uuid4().hex[:8]
        with engine.connect() as conn:
            stages = [
                Stage(conn, t, tag)
                for t in spec.targets
                if not t.only_with or t.only_with in present
            ]
            try:
                transaction = conn.begin()
                if conn.dialect.name == "sqlite":
                    # A bigger page cache for the import's connection only: index pages of a
                    # million new contacts stay in memory (bounded, so memory stays flat).
                    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
                for stage in stages:
                    stage.create()
                refs = References(loader_for(conn))
                keys, parents = KeyRegistry(), KeyRegistry()
                for chunk in iter_chunks(path, header, chunk_rows):
                    cells = chunk.cells.loc[:, [c in mapping for c in chunk.cells.columns]]
                    cells.columns = [mapping[c] for c in cells.columns]
                    check = RowCheck(name, cells, chunk.rows, present, spec, dayfirst)
                    frames = spec.build(check, refs)
                    _flag_repeats(spec, check, keys, parents)
                    result.rows_read += len(cells)
                    problems = check.problems()
                    log.extend(problems)
                    bad = check.bad
                    result.rows_rejected += int(bad.sum())
                    if rejected is not None and bad.any():
                        rejected.write(chunk.cells[bad], chunk.rows[bad], check.reasons_by_row())
                    if not log.total or skip_invalid:
                        for stage in stages:
                            frame = frames[stage.target.table.name]
                            stage.load(frame[~bad.reindex(frame.index).to_numpy()])
                    report(READ_SHARE * chunk.fraction_read, f"Checked {result.rows_read:,} rows")
                result.rows_valid = result.rows_read - result.rows_rejected
                if log.total and not skip_invalid:
                    transaction.rollback()
                    return _finish(result, log, began)
                report(READ_SHARE, f"Writing {result.rows_valid:,} rows")
                months = _contact_months(conn, stages[0]) if "contacts" in spec.summaries else set()
                touched = _merge_all(conn, spec, stages, present, result)
                changed = result.inserted + result.updated + result.removed + touched
                if spec.summaries and changed:
                    report(0.95, "Updating the summary tables")
                    _refresh_summaries(conn, spec, months, touched)
                versioning.bump(conn)
                _audit(conn, result, username, user_id, ip)
                for stage in stages:
                    stage.drop()
                if dry_run:
                    transaction.rollback()
                else:
                    transaction.commit()
                    result.committed = True
            except BaseException:
                if conn.in_transaction():
                    conn.rollback()
                raise
            finally:
                if rejected is not None:
                    result.rejected_file = rejected.close()
                _clean_up(conn, stages)
    except UnreadableFile as exc:  # found past the heading (a quote never closed): nothing written
        log.add(Problem(name, 0, "", "", str(exc)))
        return _finish(result, log, began)
    report(1.0, "Done")
    return _finish(result, log, began)


def _clean_up(conn, stages: list[Stage]) -> None:  # type: ignore[no-untyped-def]
    """Drop the staging tables and restore the connection (never masking an earlier error)."""
    try:
        for stage in stages:
            stage.drop()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-2000")  # SQLite's default again
        if conn.in_transaction():
            conn.commit()  # only the staging drops (SQLite runs DDL outside transactions)
    except SQLAlchemyError:
        # The connection is broken (the database went away): the pool discards it.
        logger.warning("could not drop an import's staging tables", exc_info=True)
        conn.invalidate()


def _contact_months(conn, stage: Stage) -> set:  # type: ignore[no-untyped-def]
    """Dates whose months' contact summaries an import of contacts may change: every staged
    contact's date, and the stored date of each staged contact whose date moves."""
    new = conn.exec_driver_sql(f'SELECT DISTINCT contact_date FROM "{stage.name}"')  # noqa: S608 - identifiers from code
    days = {_as_date(d) for (d,) in new}
    old = conn.exec_driver_sql(
        f'SELECT DISTINCT c.contact_date FROM contacts c JOIN "{stage.name}" s '  # noqa: S608 - identifiers from code
        "ON c.external_id = s.external_id WHERE c.contact_date <> s.contact_date"
    )
    days |= {_as_date(d) for (d,) in old}
    return days


def _as_date(value):  # type: ignore[no-untyped-def]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _refresh_summaries(conn, spec: KindSpec, months: set, touched: int) -> None:  # type: ignore[no-untyped-def]
    if "contacts" in spec.summaries:
        if len({(d.year, d.month) for d in months}) > FULL_REBUILD_MONTHS:
            # Most months change: one pass over all contacts beats one range read per month.
            summaries.rebuild_contact_summaries(conn)
        else:
            summaries.refresh_contact_months(conn, months)
    if "contacts_all" in spec.summaries and touched:
        summaries.rebuild_contact_summaries(conn)
    if "assessments" in spec.summaries:
        summaries.rebuild_assessment_summaries(conn)


def _merge_all(
    conn, spec: KindSpec, stages: list[Stage], present: frozenset[str], result: ImportResult
) -> int:  # type: ignore[no-untyped-def]
    """Merge every target in order, then run the kind's hooks; returns rows the hooks changed."""
    for position, stage in enumerate(stages):
        counts = merge(stage, present)
        result.details[stage.target.table.name] = counts
        if position == 0:
            result.inserted, result.updated = counts.inserted, counts.updated
            result.unchanged = max(result.rows_valid - counts.inserted - counts.updated, 0)
            if stage.target.distinct:
                distinct = conn.exec_driver_sql(
                    f'SELECT COUNT(*) FROM (SELECT DISTINCT * FROM "{stage.name}") d'  # noqa: S608 - identifiers from code
                ).scalar_one()
                result.unchanged = max(int(distinct) - counts.inserted - counts.updated, 0)
        else:
            result.removed += counts.removed
    return sum(int(hook(conn, conn.dialect.name, present) or 0) for hook in spec.after_merge)


def _audit(conn, result: ImportResult, username: str, user_id: int | None, ip: str) -> None:  # type: ignore[no-untyped-def]
    record(
        conn,
        AuditEventType.IMPORT,
        username=username,
        user_id=user_id,
        target=result.kind,
        detail=result.audit_detail(),
        ip=ip,
    )


def _finish(result: ImportResult, log: ProblemLog, began: float) -> ImportResult:
    result.problems = list(log.kept)
    result.problem_count = log.total
    result.problem_counts = dict(log.by_reason)
    if not result.rows_rejected and log.total:
        result.rows_rejected = result.rows_read
    result.seconds = time.perf_counter() - began
    return result
