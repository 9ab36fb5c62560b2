"""Files as programs really have them: Latin-1, a BOM, semicolons, other headings, Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select

from data import schema as s
from data.importing import import_file
from tests.data.importing.support import import_templates, write_csv


def _mentees(engine: Engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.Mentee.code, s.Mentee.display_name, s.Mentee.referral_date)
        ).all()
    return {code: (name, day) for code, name, day in rows}


def test_latin1_file_with_semicolons_and_other_headings(engine: Engine, tmp_path: Path) -> None:
    import_templates(engine, ("sites",))
    path = write_csv(
        tmp_path / "mentees.csv",
        [
            {
                "Client ID": "P-9",
                "Full Name": "Zoë Müller-Peña",
                "Site": "RIV",
                "Referred on": "2025-02-10",
            }
        ],
        encoding="latin-1",
        delimiter=";",
    )
    assert "ë".encode("latin-1") in path.read_bytes()
    result = import_file(engine, "mentees", path)
    assert result.committed, [str(p) for p in result.problems]
    assert _mentees(engine)["P-9"] == ("Zoë Müller-Peña", dt.date(2025, 2, 10))


def test_utf8_with_bom(engine: Engine, tmp_path: Path) -> None:
    import_templates(engine, ("sites",))
    path = write_csv(
        tmp_path / "mentees.csv",
        [
            {
                "mentee_code": "P-8",
                "mentee_name": "Łukasz Øberg",
                "site_code": "HIL",
                "referral_date": "2025-02-11",
            }
        ],
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert import_file(engine, "mentees", path).committed
    assert _mentees(engine)["P-8"] == ("Łukasz Øberg", dt.date(2025, 2, 11))


@pytest.mark.parametrize(
    ("written", "dayfirst", "expected"),
    [
        ("2025-04-03", False, dt.date(2025, 4, 3)),
        ("03/04/2025", False, dt.date(2025, 3, 4)),
        ("03/04/2025", True, dt.date(2025, 4, 3)),
        ("03.04.2025", True, dt.date(2025, 4, 3)),
        ("45750", False, dt.date(2025, 4, 3)),  # an Excel serial date
    ],
)
def test_date_formats(
    engine: Engine, tmp_path: Path, written: str, dayfirst: bool, expected: dt.date
) -> None:
    import_templates(engine, ("sites",))
    path = write_csv(
        tmp_path / "mentees.csv",
        [
            {
                "mentee_code": "P-7",
                "mentee_name": "Ana",
                "site_code": "RIV",
                "referral_date": written,
            }
        ],
    )
    assert import_file(engine, "mentees", path, dayfirst=dayfirst).committed
    assert _mentees(engine)["P-7"][1] == expected


def test_excel_file_with_dates_numbers_and_a_formula_kept_as_text(
    engine: Engine, tmp_path: Path
) -> None:
    import_templates(engine, ("sites",))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mentor Code", "Name", "Site", "Start Date", "Capacity"])
    sheet.append(
        ["M-X1", '=HYPERLINK("http://example.invalid","x")', "RIV", dt.datetime(2025, 1, 6), 5]
    )
    sheet.append(["M-X2", "Kim", "HIL", 45663, 3.0])  # a date typed as its serial number
    sheet.append([None, None, None, None, None])  # an empty row is skipped
    sheet.append(["M-X3", "Lee", "HIL", "2025-01-08", "=2+2"])
    path = tmp_path / "mentors.xlsx"
    workbook.save(path)
    result = import_file(engine, "mentors", path)
    assert [(p.row, p.column, p.value) for p in result.problems] == [(5, "capacity", "=2+2")]
    assert "formula" in result.problems[0].reason
    result = import_file(engine, "mentors", path, skip_invalid=True)
    assert result.inserted == 2
    with engine.connect() as conn:
        rows = dict(
            conn.execute(
                select(s.Mentor.code, s.Mentor.display_name).where(s.Mentor.code.is_not(None))
            ).all()
        )
    # The formula is stored as the text it is, never evaluated.
    assert rows == {"M-X1": '=HYPERLINK("http://example.invalid","x")', "M-X2": "Kim"}
    with engine.connect() as conn:
        start = conn.execute(select(s.Mentor.start_date).where(s.Mentor.code == "M-X2")).scalar()
    assert start == dt.date(2025, 1, 6)


def test_contact_time_sets_after_hours(engine: Engine, tmp_path: Path) -> None:
    import_templates(engine)
    path = write_csv(
        tmp_path / "contacts.csv",
        [
            {
                "id": "C-1",
                "match": "MT-1",
                "contact date": "2025-03-04",
                "time": "19:30",
                "duration": "15",
                "mode": "Phone call",
                "type": "Crisis",
            },
            {
                "id": "C-2",
                "match": "MT-1",
                "contact date": "2025-03-04 09:00",
                "time": "",
                "duration": "45",
                "mode": "In person",
                "type": "Practical",
            },
        ],
    )
    result = import_file(engine, "contacts", path)
    assert result.committed, [str(p) for p in result.problems]
    with engine.connect() as conn:
        rows = {r.external_id: r for r in conn.execute(select(s.Contact)).all()}
    assert rows["C-1"].after_hours and not rows["C-2"].after_hours
    assert rows["C-1"].occurred_at == dt.datetime(2025, 3, 4, 19, 30)
    assert (rows["C-1"].mode, rows["C-1"].contact_type) == ("phone", "crisis_call")
    assert rows["C-2"].contact_type == "practical_living_skills"
    assert rows["C-2"].mentor_id == rows["C-1"].mentor_id and rows["C-2"].site_id


def _with_stale_dimension(path: Path, ref: str) -> None:
    """Rewrite the first sheet's <dimension> record as ``ref`` (as some writers leave it)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(
        rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), parts[sheet]
    )
    assert f'<dimension ref="{ref}"'.encode() in parts[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_an_excel_file_with_a_stale_dimension_loses_no_row(engine: Engine, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["site_code", "site_name"])
    for number in range(1, 6):
        sheet.append([f"S{number}", f"Site {number}"])
    path = tmp_path / "sites.upload"  # no Excel extension, as the import page stores uploads
    workbook.save(path)
    _with_stale_dimension(path, "A1:B2")
    result = import_file(engine, "sites", path)
    assert result.committed and result.rows_read == 5 and result.inserted == 5
    with engine.connect() as conn:
        assert sorted(conn.scalars(select(s.Site.code))) == ["S1", "S2", "S3", "S4", "S5"]


def test_a_quote_never_closed_past_the_first_chunk_is_a_problem(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "sites.csv"
    rows = "".join(f"S{n},Site {n}\n" for n in range(1, 8))
    path.write_text("site_code,site_name\n" + rows + 'S9,"never closed\nS10,x\n')
    result = import_file(engine, "sites", path, chunk_rows=2)
    assert not result.committed
    assert [p.reason for p in result.problems] == [
        "the file cannot be read as CSV: a quoted value is never closed"
    ]
    with engine.connect() as conn:
        assert list(conn.scalars(select(s.Site.code))) == []
