"""What was wrong with an import file: one ``Problem`` per bad value, with file, row and column.

``ProblemLog`` keeps the first problems for the report (a file of a million bad rows must not
fill memory) and counts them all, by reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

MAX_KEPT = 1000
MAX_VALUE_CHARS = 60


@dataclass(frozen=True)
class Problem:
    """One reason a row (or the whole file) cannot be imported.

    ``row`` is the row number a spreadsheet shows (the header is row 1; 0 for the file as a
    whole); ``column`` is the template's column name; ``value`` is the cell as read.
    """

    file: str
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        """The problem as a plain dict (for tables and JSON)."""
        return asdict(self)

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        column = f", column {self.column}" if self.column else ""
        value = f" ({self.value!r})" if self.value else ""
        return f"{self.file}, {where}{column}{value}: {self.reason}"


def short_value(value: object) -> str:
    """A cell as text, cut to a readable length."""
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


@dataclass
class ProblemLog:
    """Every problem counted; the first ``limit`` kept in file order for the report."""

    limit: int = MAX_KEPT
    kept: list[Problem] = field(default_factory=list)
    total: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    rows: int = 0  # rows with at least one problem

    def add(self, problem: Problem) -> None:
        """Count ``problem``; keep it if there is room."""
        self.total += 1
        self.by_reason[_reason_family(problem.reason)] += 1
        if len(self.kept) < self.limit:
            self.kept.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        """Count several problems (already in row order)."""
        for problem in problems:
            self.add(problem)

    @property
    def truncated(self) -> bool:
        """True when more problems were found than are kept."""
        return self.total > len(self.kept)


def _reason_family(reason: str) -> str:
    # "unknown mentor 'M9'" and "unknown mentor 'M7'" count as one kind of problem.
    return reason.split(" '")[0].split(": ")[0]
