"""The supervision card of a mentor with no activity at all reads 0, not 'fewer than 5'.

Found by QA: on /mentors/<id> for a mentor who had left (no contacts, matches or milestones in
the card's months), a supervisor, who sees every count, read "fewer than 5" and "not shown for
so few" on every line, as if counts had been hidden. Empty query results mean nothing
happened; only a hidden count (<NA>) reads 'fewer than 5'.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.charts.mentor import card_lines
from dashboard.charts.workload import HIDDEN

MONTH = dt.date(2026, 11, 1)
PREVIOUS = [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
MONTH_COLUMNS = [
    "mentor_id",
    "month",
    "contacts",
    "mentees_contacted",
    "direct_hours",
    "group_sessions",
    "crisis_or_after_hours",
]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})


def test_a_mentor_with_no_activity_reads_zero_not_hidden() -> None:
    lines = card_lines(
        _empty(MONTH_COLUMNS),
        _empty(["mentor_id", "month", "caseload", "started", "closed"]),
        _empty(["mentor_id", "month", "category", "milestones"]),
        MONTH,
        PREVIOUS,
        0,
    )
    counted = [line for line in lines if line.label != "Direct-service hours (contacts and groups)"]
    assert all(line.this_month == "0" for line in counted), [(x.label, x.this_month) for x in lines]
    assert all(HIDDEN not in (line.this_month, line.usual) for line in lines)
    assert all(line.words != "not shown for so few" for line in lines)


def test_a_hidden_count_still_reads_fewer_than_5() -> None:
    months = pd.DataFrame(
        {
            "mentor_id": [1],
            "month": [MONTH],
            "contacts": pd.array([pd.NA], dtype="Int64"),
            "mentees_contacted": pd.array([pd.NA], dtype="Int64"),
            "direct_hours": [float("nan")],
            "group_sessions": pd.array([pd.NA], dtype="Int64"),
            "crisis_or_after_hours": pd.array([pd.NA], dtype="Int64"),
        }
    )
    lines = card_lines(
        months,
        _empty(["mentor_id", "month", "caseload", "started", "closed"]),
        _empty(["mentor_id", "month", "category", "milestones"]),
        MONTH,
        PREVIOUS,
        None,
    )
    contacts = next(line for line in lines if line.label == "Contacts")
    assert (contacts.this_month, contacts.words) == (HIDDEN, "not shown for so few")
