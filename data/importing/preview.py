"""The first rows of an import file under the template's column names, for the upload page."""

from __future__ import annotations

from pathlib import Path

from data.importing.kinds import kind_named
from data.importing.readers import UnreadableFile, iter_chunks, read_header

PREVIEW_ROWS = 10


def preview_rows(
    path: Path, kind: str, limit: int = PREVIEW_ROWS
) -> tuple[list[str], list[dict[str, str]]]:
    """(column names, first ``limit`` rows as dicts) of ``path`` read as ``kind``.

    Known headings are shown under the template's names (so "Client ID" reads mentee_code),
    unknown ones as written; ``row`` is the spreadsheet row number. UnreadableFile when the
    file cannot be read.
    """
    spec = kind_named(kind)
    header = read_header(path)
    known = spec.heading_map()
    names = [
        known.get(normal, written)
        for written, normal in zip(header.headings, header.normalised, strict=True)
    ]
    rows: list[dict[str, str]] = []
    for chunk in iter_chunks(path, header, chunk_rows=limit):
        for index, values in zip(
            chunk.cells.index, chunk.cells.itertuples(index=False), strict=True
        ):
            row = {"row": str(int(chunk.rows[index]))}
            row.update({name: str(value) for name, value in zip(names, values, strict=True)})
            rows.append(row)
        break
    return ["row", *names], rows[:limit]


__all__ = ["PREVIEW_ROWS", "UnreadableFile", "preview_rows"]
