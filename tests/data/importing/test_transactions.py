"""Every import is one transaction: a failure midway changes nothing; a success keeps the
summary tables exact, bumps the data version and leaves one audit event with counts only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data import schema as s
from data import summaries
from data.importing import import_file
from data.queries.plumbing.months import year_month_of, year_quarter_of
from data.versioning import current_version
from tests.data.importing.support import count, import_templates, table_rows, write_csv


def _contacts(n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "contact_id": f"C-{i}",
            "match_id": "MT-1",
            "date": f"2025-{3 + i % 9:02d}-{1 + i % 28:02d}",
            "time": f"{8 + i % 12}:15",
            "minutes": str(10 + i % 50),
            "mode": ("phone", "in_person", "text")[i % 3],
            "contact_type": ("emotional_support", "crisis_call", "other")[i % 3],
        }
        for i in range(start, start + n)
    ]


def test_a_failure_midway_leaves_the_database_unchanged(
    any_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_templates(any_engine)
    first = write_csv(tmp_path / "first.csv", _contacts(40))
    assert import_file(any_engine, "contacts", first).committed
    before = {t: table_rows(any_engine, t) for t in (s.Contact, s.ContactSummaryMentorMonth)}
    version = current_version(any_engine)
    audits = count(any_engine, s.AuditEvent)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    # Contacts are merged (some updated, many new) before the summaries fail.
    monkeypatch.setattr(summaries, "refresh_contact_months", broken)
    second = write_csv(tmp_path / "second.csv", _contacts(300, start=20))
    with pytest.raises(RuntimeError, match="disk full"):
        import_file(any_engine, "contacts", second, chunk_rows=50)
    assert {t: table_rows(any_engine, t) for t in before} == before
    assert current_version(any_engine) == version
    assert count(any_engine, s.AuditEvent) == audits
    monkeypatch.undo()
    again = import_file(any_engine, "contacts", second, chunk_rows=50)
    assert again.committed and again.inserted == 280 and again.unchanged == 20


def _raw_mentor_months(engine: Engine) -> pd.DataFrame:
    c = s.Contact
    ym = year_month_of(c.contact_date)
    query = select(
        c.site_id,
        c.mentor_id,
        ym.label("year_month"),
        c.contact_type,
        func.count().label("contacts"),
        func.sum(c.minutes).label("minutes"),
    ).group_by(c.site_id, c.mentor_id, ym, c.contact_type)
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(query).all())
    return df.sort_values(list(df.columns[:4])).reset_index(drop=True)


def _summary_mentor_months(engine: Engine) -> pd.DataFrame:
    m = s.ContactSummaryMentorMonth
    query = select(m.site_id, m.mentor_id, m.year_month, m.contact_type, m.contacts, m.minutes)
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(query).all())
    return df.sort_values(list(df.columns[:4])).reset_index(drop=True)


def test_summaries_equal_the_raw_aggregate_after_imports(
    any_engine: Engine, tmp_path: Path
) -> None:
    import_templates(any_engine)
    assert import_file(
        any_engine, "contacts", write_csv(tmp_path / "a.csv", _contacts(120))
    ).committed
    moved = _contacts(60)
    for row in moved[:30]:
        row["date"] = "2025-12-15"  # contacts move to another month: both months change
        row["minutes"] = "99"
    assert import_file(any_engine, "contacts", write_csv(tmp_path / "b.csv", moved)).committed
    pd.testing.assert_frame_equal(
        _summary_mentor_months(any_engine), _raw_mentor_months(any_engine), check_dtype=False
    )


def _frame(engine: Engine, query) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(query).all())
    return df.sort_values(list(df.columns)).reset_index(drop=True)


def test_mentee_month_and_assessment_summaries_equal_the_raw_rows(
    any_engine: Engine, tmp_path: Path
) -> None:
    import_templates(any_engine, ("sites", "mentors", "mentees", "matches", "instruments"))
    assert import_file(
        any_engine, "contacts", write_csv(tmp_path / "c.csv", _contacts(90))
    ).committed
    scores = [
        {
            "assessment_id": f"A-{i}",
            "mentee_code": "P-0001",
            "instrument_code": "RAS",
            "date": f"2025-{1 + i:02d}-10",
            "domain": domain,
            "score": str(1 + (i + n) % 5),
        }
        for i in range(6)
        for n, domain in enumerate(("Hope", "Goal orientation"))
    ]
    assert import_file(any_engine, "assessments", write_csv(tmp_path / "a.csv", scores)).committed
    c, m = s.Contact, s.ContactSummaryMenteeMonth
    ym = year_month_of(c.contact_date)
    raw = select(
        c.site_id,
        c.mentor_id,
        c.mentee_id,
        ym.label("year_month"),
        func.count().label("contacts"),
        func.sum(c.minutes).label("minutes"),
    ).group_by(c.site_id, c.mentor_id, c.mentee_id, ym)
    summary = select(m.site_id, m.mentor_id, m.mentee_id, m.year_month, m.contacts, m.minutes)
    pd.testing.assert_frame_equal(
        _frame(any_engine, summary), _frame(any_engine, raw), check_dtype=False
    )
    a, sc, q = s.Assessment, s.AssessmentScore, s.AssessmentSummarySiteQuarter
    quarter = year_quarter_of(a.assessed_on)
    raw = (
        select(
            a.site_id,
            a.instrument_id,
            sc.domain_id,
            quarter.label("year_quarter"),
            func.sum(sc.score).label("score_total"),
            func.count().label("scores"),
        )
        .join(sc, sc.assessment_id == a.id)
        .group_by(a.site_id, a.instrument_id, sc.domain_id, quarter)
    )
    summary = select(
        q.site_id, q.instrument_id, q.domain_id, q.year_quarter, q.score_total, q.scores
    )
    pd.testing.assert_frame_equal(
        _frame(any_engine, summary), _frame(any_engine, raw), check_dtype=False
    )
    # The site-month grain (outcome trends) is refreshed by the same import.
    ym = year_month_of(a.assessed_on)
    sm = s.AssessmentSummarySiteMonth
    raw = (
        select(
            a.site_id,
            a.instrument_id,
            sc.domain_id,
            ym.label("year_month"),
            func.sum(sc.score).label("score_total"),
            func.sum(sc.score * sc.score).label("score_squares"),
            func.count().label("scores"),
        )
        .join(sc, sc.assessment_id == a.id)
        .group_by(a.site_id, a.instrument_id, sc.domain_id, ym)
    )
    summary = select(
        sm.site_id, sm.instrument_id, sm.domain_id, sm.year_month, sm.score_total,
        sm.score_squares, sm.scores,
    ).where(sm.domain_id != 0)  # fmt: skip
    pd.testing.assert_frame_equal(
        _frame(any_engine, summary), _frame(any_engine, raw), check_dtype=False
    )
    with any_engine.connect() as conn:
        baseline = (
            conn.execute(
                select(a.external_id).where(a.is_baseline == True)  # noqa: E712
            )
            .scalars()
            .all()
        )
    assert baseline == ["A-0"]  # no is_baseline column: the first assessment is the baseline


def test_an_import_is_audited_with_counts_never_rows(any_engine: Engine, tmp_path: Path) -> None:
    import_templates(any_engine, ("sites",))
    path = write_csv(
        tmp_path / "mentees.csv",
        [
            {
                "mentee_code": "P-77",
                "mentee_name": "Secret Person",
                "site_code": "RIV",
                "referral_date": "2025-01-01",
            },
        ],
    )
    result = import_file(any_engine, "mentees", path, username="admin")
    assert result.committed
    with any_engine.connect() as conn:
        event = conn.execute(
            select(s.AuditEvent)
            .where(s.AuditEvent.event == "import")
            .order_by(s.AuditEvent.id.desc())
        ).first()
    assert (event.username, event.target) == ("admin", "mentees")
    assert event.detail == result.audit_detail() and "inserted=1" in event.detail
    assert "Secret" not in event.detail and "P-77" not in event.detail
    assert "mentees.csv" not in event.detail


def test_a_dry_run_counts_but_writes_nothing(any_engine: Engine, tmp_path: Path) -> None:
    import_templates(any_engine)
    version = current_version(any_engine)
    path = write_csv(tmp_path / "c.csv", _contacts(10))
    result = import_file(any_engine, "contacts", path, dry_run=True)
    assert result.ok and not result.committed and result.inserted == 10
    assert "would be written" in result.summary()
    assert count(any_engine, s.Contact) == 0 and current_version(any_engine) == version
