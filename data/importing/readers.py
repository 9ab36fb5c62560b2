"""Reading import files in chunks: CSV (UTF-8 with or without BOM, or Latin-1) and Excel.

Every cell comes out as trimmed text, so that nothing is guessed before validation: a leading
zero in a code survives, and a formula in an Excel file is its formula text, never its value.
Chunks carry the spreadsheet row number of each line (the header is row 1), and the file's
position, for progress.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from data.importing.fields import normalise_heading

CHUNK_ROWS = 100_000
SNIFF_BYTES = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"
# The widest template has a dozen columns; an export with a few dozen more is fine (they are
# ignored), but thousands are refused at the heading row instead of checked row by row.
MAX_COLUMNS = 200


class UnreadableFile(ValueError):
    """The file is not a CSV or .xlsx file this importer can read."""


@dataclass
class Chunk:
    """Up to CHUNK_ROWS rows of text cells, with their row numbers and the file position."""

    cells: pd.DataFrame  # columns: the file's headings normalised; values: str
    rows: pd.Series  # spreadsheet row number of each line
    fraction_read: float  # 0..1, how far into the file this chunk ends


@dataclass(frozen=True)
class FileHeader:
    """The file's headings as written and as normalised, and how it was read."""

    headings: tuple[str, ...]
    normalised: tuple[str, ...]
    encoding: str
    delimiter: str
    format: str  # "csv" or "xlsx"


def detect_encoding(path: Path) -> str:
    """utf-8-sig or utf-16 when the file starts with their BOM, utf-8 when all of it decodes,
    else latin-1.

    (Latin-1 here is Windows-1252 where that decodes, which Excel on Windows writes.)
    """
    with path.open("rb") as handle:
        start = handle.read(3)
        if start == codecs.BOM_UTF8:
            return "utf-8-sig"
        if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"  # Excel's "Unicode text" and some case-management exports
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


def is_xlsx(path: Path) -> bool:
    """True for an Excel .xlsx file (a zip archive), whatever its name."""
    with path.open("rb") as handle:
        return handle.read(4) == XLSX_MAGIC


def _sniff_delimiter(sample: str) -> str:
    first_line = sample.splitlines()[0] if sample else ""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_header(path: Path) -> FileHeader:
    """The headings of ``path`` and how it is encoded; UnreadableFile if it has none."""
    if is_xlsx(path):
        headings = next(_xlsx_rows(path), None)
        if headings is None:
            raise UnreadableFile("the workbook's first sheet is empty")
        encoding, delimiter, fmt = "xlsx", "", "xlsx"
    else:
        encoding = detect_encoding(path)
        with path.open(encoding=encoding, newline="") as handle:
            sample = handle.read(SNIFF_BYTES)
        if "\x00" in sample:
            raise UnreadableFile("not a text (CSV) file or an Excel .xlsx workbook")
        delimiter = _sniff_delimiter(sample)
        lines = sample.splitlines()
        if not lines or not lines[0].strip():
            raise UnreadableFile("the file is empty (no heading row)")
        headings = next(csv.reader(io.StringIO(lines[0]), delimiter=delimiter))
        fmt = "csv"
    headings = tuple("" if h is None else str(h).strip() for h in headings)
    while headings and not headings[-1]:
        headings = headings[:-1]
    if len(headings) > MAX_COLUMNS:
        raise UnreadableFile(
            f"the heading row has {len(headings):,} columns; an import file has at most "
            f"{MAX_COLUMNS} (the templates show the ones that are read)"
        )
    return FileHeader(
        headings, tuple(normalise_heading(h) for h in headings), encoding, delimiter, fmt
    )


def iter_chunks(path: Path, header: FileHeader, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    """The data rows of ``path`` in chunks of text cells (blank lines skipped)."""
    if header.format == "xlsx":
        yield from _xlsx_chunks(path, header, chunk_rows)
    else:
        yield from _csv_chunks(path, header, chunk_rows)


def _csv_chunks(path: Path, header: FileHeader, chunk_rows: int) -> Iterator[Chunk]:
    """The CSV's rows in chunks; a file the parser gives up on is UnreadableFile, in words."""
    try:
        yield from _parsed_csv_chunks(path, header, chunk_rows)
    except (pd.errors.ParserError, csv.Error) as exc:
        closed = "" if "EOF inside string" not in str(exc) else ": a quoted value is never closed"
        raise UnreadableFile(f"the file cannot be read as CSV{closed}") from None


def _parsed_csv_chunks(path: Path, header: FileHeader, chunk_rows: int) -> Iterator[Chunk]:
    size = max(path.stat().st_size, 1)
    width = len(header.headings)
    names = [f"c{i}" for i in range(width)]
    with path.open("rb") as raw:
        reader = pd.read_csv(
            raw,
            encoding=header.encoding,
            sep=header.delimiter,
            header=None,
            skiprows=1,
            names=names,
            usecols=range(width),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=chunk_rows,
            engine="c",
        )
        first_row = 2
        for frame in reader:
            rows = pd.Series(range(first_row, first_row + len(frame)), index=frame.index)
            first_row += len(frame)
            cells = frame.apply(lambda col: col.str.strip())
            cells.columns = list(header.normalised)
            blank = (cells == "").all(axis=1)
            yield Chunk(cells[~blank], rows[~blank], min(raw.tell() / size, 1.0))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _open_workbook(stream: BinaryIO) -> Any:
    """The workbook in ``stream``, read-only. openpyxl refuses a file *name* without an Excel
    extension (an upload is stored as ``<token>.upload``) but reads any open file."""
    from openpyxl import load_workbook  # imported on use: every process would pay its load

    try:
        # data_only=False: a formula cell reads as its formula text, never as a computed value.
        return load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # a damaged or foreign zip: say so, do not crash
        raise UnreadableFile(
            f"not a readable Excel .xlsx workbook ({type(exc).__name__})"
        ) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[object, ...]]:
    with path.open("rb") as stream:
        workbook = _open_workbook(stream)
        try:
            sheet = workbook.worksheets[0]
            # A read-only sheet trusts the file's <dimension> record; a writer that leaves a
            # stale one there (too small) would silently cut rows off. Read every row instead.
            sheet.reset_dimensions()
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()


def _xlsx_row_count(path: Path) -> int | None:
    """The sheet's row count as its <dimension> record states it (a progress hint only)."""
    with path.open("rb") as stream:
        workbook = _open_workbook(stream)
        try:
            return workbook.worksheets[0].max_row
        finally:
            workbook.close()


def _xlsx_chunks(path: Path, header: FileHeader, chunk_rows: int) -> Iterator[Chunk]:
    width = len(header.headings)
    rows_iter = _xlsx_rows(path)
    next(rows_iter, None)  # the heading row
    buffer: list[list[str]] = []
    numbers: list[int] = []
    row_number = 1
    total_hint = _xlsx_row_count(path)
    for values in rows_iter:
        row_number += 1
        cells = [_cell_text(v) for v in values[:width]]
        cells += [""] * (width - len(cells))
        if not any(cells):
            continue
        buffer.append(cells)
        numbers.append(row_number)
        if len(buffer) >= chunk_rows:
            yield _xlsx_chunk(buffer, numbers, header, total_hint)
            buffer, numbers = [], []
    if buffer:
        yield _xlsx_chunk(buffer, numbers, header, total_hint)


def _xlsx_chunk(
    buffer: list[list[str]], numbers: list[int], header: FileHeader, total: int | None
) -> Chunk:
    cells = pd.DataFrame(buffer, columns=list(header.normalised), dtype=str)
    rows = pd.Series(numbers, index=cells.index)
    return Chunk(cells, rows, 0.0 if total is None else min(numbers[-1] / total, 1.0))
