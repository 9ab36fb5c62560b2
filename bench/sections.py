"""Writing a benchmark's table into a Markdown file, between markers of its own.

Each table sits between ``<!-- bench:MARKER:begin -->`` and ``<!-- bench:MARKER:end -->``;
writing it again replaces only that section, so one file (docs/performance.md) holds every
backend's and scale's tables side by side.
"""

from __future__ import annotations

import re
from pathlib import Path

NEW_FILE = (
    "# Performance\n\nQuery-layer timings written by `python -m bench.run` "
    "(see bench/run.py). Each section is one backend and scale; rerun to refresh it.\n\n"
)


def write_section(path: Path, section: str, marker: str) -> None:
    """Replace (or append) the section between this run's markers in ``path``."""
    begin, end = f"<!-- bench:{marker}:begin -->", f"<!-- bench:{marker}:end -->"
    block = f"{begin}\n{section}{end}\n"
    text = path.read_text() if path.exists() else NEW_FILE
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text + "\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
