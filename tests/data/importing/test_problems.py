"""A file with every kind of problem: each reported exactly, with its row; nothing written.

With ``skip_invalid`` the valid rows are written and the rejected ones saved with reasons.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, select

from data import schema as s
from data.importing import import_file
from data.versioning import current_version
from tests.data.importing.support import count, import_templates, write_csv

GOOD = {
    "contact_id": "C-1",
    "match_id": "MT-1",
    "date": "2025-03-04",
    "time": "10:30",
    "minutes": "60",
    "mode": "in_person",
    "contact_type": "emotional_support",
}


def _contact(**changes: str) -> dict[str, object]:
    return {**GOOD, **changes}


CONTACT_ROWS = [
    _contact(),  # row 2: fine
    _contact(contact_id="C-2", match_id="MT-404"),  # row 3: unknown match
    _contact(contact_id="C-3", date="2024-12-31"),  # row 4: before the match started
    _contact(contact_id="C-4", minutes=""),  # row 5: missing required value
    _contact(contact_id="C-1"),  # row 6: duplicate key
    _contact(contact_id="C-6", minutes="=60*2"),  # row 7: formula in a number column
    _contact(contact_id="C-7", mode="carrier pigeon"),  # row 8: not a mode
    _contact(contact_id="C-8", date="31/02/2025"),  # row 9: not a date
    _contact(contact_id="C-9", minutes="2000"),  # row 10: out of range
    _contact(contact_id="C-10", date="2025-03-05"),  # row 11: fine
]

EXPECTED = [
    (3, "match_id", "MT-404", "unknown match 'MT-404'"),
    (4, "date", "2024-12-31", "outside its match's dates (2025-03-01 to open)"),
    (5, "minutes", "", "missing required value"),
    (6, "contact_id", "C-1", "duplicate key: already on row 2"),
    (
        7,
        "minutes",
        "=60*2",
        "looks like a formula; formulas are never evaluated, type the value itself",
    ),
    (8, "mode", "carrier pigeon", "not one of: in_person, phone, video, text"),
    (9, "date", "31/02/2025", "not a date and time (use YYYY-MM-DD HH:MM)"),
    (10, "minutes", "2000", "outside the allowed range 0-1440"),
]


def _problems(result) -> list[tuple[int, str, str, str]]:  # type: ignore[no-untyped-def]
    return [(p.row, p.column, p.value, p.reason) for p in result.problems]


def test_every_contact_problem_is_reported_with_its_row_and_nothing_is_written(
    any_engine: Engine, tmp_path: Path
) -> None:
    import_templates(any_engine)
    version = current_version(any_engine)
    path = write_csv(tmp_path / "contacts.csv", CONTACT_ROWS)
    result = import_file(any_engine, "contacts", path)
    assert _problems(result) == EXPECTED
    assert {p.file for p in result.problems} == {"contacts.csv"}
    assert not result.committed and result.rows_rejected == 8
    assert count(any_engine, s.Contact) == 0
    assert current_version(any_engine) == version
    assert "nothing was imported" in result.summary()


def test_skip_invalid_writes_the_valid_rows_and_saves_the_rejected(
    any_engine: Engine, tmp_path: Path
) -> None:
    import_templates(any_engine)
    path = write_csv(tmp_path / "contacts.csv", CONTACT_ROWS)
    result = import_file(any_engine, "contacts", path, skip_invalid=True)
    assert result.committed and (result.inserted, result.rows_rejected) == (2, 8)
    with any_engine.connect() as conn:
        ids = set(conn.execute(select(s.Contact.external_id)).scalars())
    assert ids == {"C-1", "C-10"}
    with open(result.rejected_file, encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.DictReader(handle))
    assert [int(r["row"]) for r in rejected] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert rejected[0]["problems"] == "match_id: unknown match 'MT-404'"
    assert rejected[4]["minutes"] == "'=60*2"  # a formula never runs when the file is opened
    assert rejected[5]["mode"] == "carrier pigeon"


def _people_problems(engine: Engine, tmp_path: Path) -> dict[str, list[tuple]]:
    found = {}
    mentors = write_csv(
        tmp_path / "mentors.csv",
        [
            {
                "mentor_code": "M9",
                "mentor_name": "Robin",
                "site_code": "NOPE",
                "start_date": "2025-05-01",
                "end_date": "2025-04-01",
            },
        ],
    )
    found["mentors"] = _problems(import_file(engine, "mentors", mentors))
    matches = write_csv(
        tmp_path / "matches.csv",
        [
            {
                "match_id": "MT-9",
                "mentor_code": "M404",
                "mentee_code": "P-0001",
                "start_date": "2025-05-01",
                "end_date": "2025-04-30",
            },
            {
                "match_id": "MT-10",
                "mentor_code": "M001",
                "mentee_code": "P-0002",
                "start_date": "2025-05-01",
                "end_date": "",
            },
        ],
    )
    found["matches"] = _problems(import_file(engine, "matches", matches))
    assessments = write_csv(
        tmp_path / "assessments.csv",
        [
            {
                "assessment_id": "A-9",
                "mentee_code": "P-0001",
                "instrument_code": "RAS",
                "date": "2025-03-04",
                "domain": "Hope",
                "score": "9",
            },
            {
                "assessment_id": "A-9",
                "mentee_code": "P-0001",
                "instrument_code": "RAS",
                "date": "2025-03-05",
                "domain": "Goal orientation",
                "score": "3",
            },
            {
                "assessment_id": "A-9",
                "mentee_code": "P-0001",
                "instrument_code": "RAS",
                "date": "2025-03-04",
                "domain": "Sleep",
                "score": "3",
            },
        ],
    )
    found["assessments"] = _problems(import_file(engine, "assessments", assessments))
    goals = write_csv(
        tmp_path / "goals.csv",
        [
            {
                "goal_id": "G-9",
                "mentee_code": "P-0001",
                "category": "transport",
                "description": "Bus pass",
                "set_date": "2025-05-01",
                "achieved_date": "2025-04-01",
            },
        ],
    )
    found["goals"] = _problems(import_file(engine, "goals", goals))
    return found


def test_references_dates_scores_and_repeated_parents_are_checked(
    any_engine: Engine, tmp_path: Path
) -> None:
    import_templates(any_engine, ("sites", "mentors", "mentees", "matches", "instruments"))
    found = _people_problems(any_engine, tmp_path)
    assert found["mentors"] == [
        (2, "site_code", "NOPE", "unknown site 'NOPE'"),
        (2, "end_date", "2025-04-01", "end date before start date"),
    ]
    assert found["matches"] == [
        (2, "mentor_code", "M404", "unknown mentor 'M404'"),
        (2, "end_date", "2025-04-30", "end date before start date"),
        (3, "mentee_code", "P-0002", "the mentee is at another site than the mentor"),
    ]
    assert found["assessments"] == [
        (2, "score", "9", "score outside the instrument's range 1-5"),
        (
            3,
            "assessment_id",
            "A-9",
            "says something different about it than row 2 "
            "(mentee_code, instrument_code, date, is_baseline must repeat exactly)",
        ),
        (4, "domain", "Sleep", "unknown domain 'Sleep' of this instrument"),
    ]
    assert found["goals"] == [(2, "achieved_date", "2025-04-01", "achieved before it was set")]
    assert count(any_engine, s.Assessment) == 0 and count(any_engine, s.Goal) == 0


def test_a_missing_required_column_refuses_the_file(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sites.csv", [{"code": "RIV", "town": "River"}])
    result = import_file(engine, "sites", path)
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (1, "site_name", "required column missing from the heading row")
    ]
    assert result.unknown_columns == ["town"]
    assert count(engine, s.Site) == 0


def test_a_file_that_is_not_a_table_is_refused_cleanly(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = import_file(engine, "sites", path)
    assert result.problem_count == 1 and not result.committed
    assert result.problems[0].row == 0
