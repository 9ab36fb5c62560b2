"""Every template in the repository imports; importing it again changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from data import schema as s
from data.importing import KINDS, import_file
from data.versioning import current_version
from tests.data.importing.support import (
    count,
    import_templates,
    table_rows,
    template_path,
    templates_are_current,
    write_csv,
)

TABLES = (
    s.Site,
    s.Mentor,
    s.Mentee,
    s.Match,
    s.Contact,
    s.PeerGroup,
    s.GroupSession,
    s.GroupFacilitator,
    s.Goal,
    s.Instrument,
    s.InstrumentDomain,
    s.Assessment,
    s.AssessmentScore,
    s.MenteeEvent,
)


def test_the_repository_templates_are_the_kinds_examples() -> None:
    assert templates_are_current(), "run data.importing.templates.write_all()"
    assert {template_path(kind).exists() for kind in KINDS} == {True}


def test_every_template_imports_and_a_reimport_changes_nothing(any_engine: Engine) -> None:
    import_templates(any_engine, tuple(KINDS))
    expected = {
        s.Site: 2,
        s.Mentor: 2,
        s.Mentee: 2,
        s.Match: 1,
        s.Contact: 2,
        s.PeerGroup: 1,
        s.GroupSession: 1,
        s.GroupFacilitator: 1,
        s.Goal: 2,
        s.Instrument: 1,
        s.InstrumentDomain: 2,
        s.Assessment: 1,
        s.AssessmentScore: 2,
        s.MenteeEvent: 1,
    }
    assert {t: count(any_engine, t) for t in expected} == expected
    before = {t: table_rows(any_engine, t) for t in TABLES}
    version = current_version(any_engine)
    for kind in KINDS:
        again = import_file(any_engine, kind, template_path(kind))
        assert again.committed
        assert (again.inserted, again.updated, again.removed) == (0, 0, 0), kind
        assert again.unchanged > 0
    assert {t: table_rows(any_engine, t) for t in TABLES} == before
    assert current_version(any_engine) == version + len(KINDS)  # each import bumps it


def test_an_updated_file_updates_what_changed(any_engine: Engine, tmp_path: Path) -> None:
    import_templates(any_engine, ("sites", "mentors", "mentees", "matches", "contacts"))
    path = write_csv(
        tmp_path / "contacts.csv",
        [
            {
                "contact_id": "C-1",
                "match_id": "MT-1",
                "date": "2025-03-04",
                "time": "10:30",
                "minutes": "75",
                "mode": "in_person",
                "contact_type": "practical_living_skills",
            },
            {
                "contact_id": "C-2",
                "match_id": "MT-1",
                "date": "2025-03-09 21:15",
                "time": "",
                "minutes": "20",
                "mode": "phone",
                "contact_type": "crisis_call",
            },
            {
                "contact_id": "C-3",
                "match_id": "MT-1",
                "date": "2025-04-01",
                "time": "09:00",
                "minutes": "30",
                "mode": "video",
                "contact_type": "emotional_support",
            },
        ],
    )
    result = import_file(any_engine, "contacts", path)
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 1)
    with any_engine.connect() as conn:
        minutes = dict(conn.execute(select(s.Contact.external_id, s.Contact.minutes)).all())
    assert minutes == {"C-1": 75, "C-2": 20, "C-3": 30}


def test_a_file_without_an_optional_column_leaves_it_alone(
    any_engine: Engine, tmp_path: Path
) -> None:
    import_templates(any_engine, ("sites", "mentors"))
    path = write_csv(
        tmp_path / "mentors.csv",
        [
            {
                "mentor_code": "M001",
                "mentor_name": "Alex Rivera-Shaw",
                "site_code": "RIV",
                "start_date": "2025-01-06",
            }
        ],
    )
    result = import_file(any_engine, "mentors", path)
    assert (result.updated, result.inserted) == (1, 0)
    with any_engine.connect() as conn:
        row = conn.execute(
            select(s.Mentor.display_name, s.Mentor.capacity).where(s.Mentor.code == "M001")
        ).one()
    assert tuple(row) == ("Alex Rivera-Shaw", 4)


def test_the_excel_templates_import_the_same_rows_as_the_csv_ones(
    engine: Engine, tmp_path: Path
) -> None:
    from data.db import make_engine
    from data.importing.templates import template_xlsx
    from data.migrate import upgrade

    import_templates(engine, tuple(KINDS))
    other = make_engine(f"sqlite:///{tmp_path / 'xlsx.sqlite3'}")
    upgrade(other)
    for kind, spec in KINDS.items():
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(template_xlsx(spec))
        result = import_file(other, kind, path)
        assert result.committed, [str(p) for p in result.problems]
    for table in TABLES:
        assert table_rows(other, table) == table_rows(engine, table), table.__tablename__
    other.dispose()
