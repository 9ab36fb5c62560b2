"""Importing a program's own records from CSV and Excel files (see docs/import.md).

What the package offers: ``import_file(engine, kind, path, ...)`` checks every row of a file
and writes it in one transaction (``run``); ``KINDS`` names what can be imported, each with
its template (``kinds``, ``templates``). Underneath, one module per concern: ``readers``
(encodings, delimiters, Excel), ``fields`` (column types, dates), ``spec`` and ``kinds``
(templates and checks per kind), ``keys`` (duplicate keys in flat memory), ``lookups``
(references to what the database holds), ``writers`` (staging, COPY, upsert), ``problems``
and ``rejected`` (what went wrong, row by row).
"""

from __future__ import annotations

from data.importing.kinds import KIND_ALIASES, KINDS, kind_named
from data.importing.problems import Problem
from data.importing.run import ImportResult, Progress, import_file

__all__ = [
    "KINDS",
    "KIND_ALIASES",
    "ImportResult",
    "Problem",
    "Progress",
    "import_file",
    "kind_named",
]
