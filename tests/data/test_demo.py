"""The demo data generator: deterministic, internally consistent, realistic, PostgreSQL-ready."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from faker import Faker
from sqlalchemy import Engine, and_, func, insert, or_, select

from data.db import make_engine
from data.demo import SCALES, TABLES, DemoDataExists, DemoSummary, generate
from data.demo.people import plan_mentees, plan_mentors, simulate_matches
from data.demo.writer import BatchWriter
from data.migrate import upgrade
from data.schema import (
    GOAL_CATEGORIES,
    Assessment,
    AssessmentScore,
    ConsultationMeeting,
    ConsultationNote,
    Contact,
    DataVersion,
    Goal,
    Instrument,
    InstrumentDomain,
    Match,
    MeetingAttendee,
    Mentee,
    Mentor,
    NoteRevision,
    Site,
)

TODAY = dt.date(2026, 3, 18)
SEED = 5


def _sqlite(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade(engine)
    return engine


def _fingerprint(engine: Engine) -> str:
    """A checksum over a few columns of the people, matches, contacts, scores and notes."""
    queries = [
        select(
            Mentee.id, Mentee.code, Mentee.display_name, Mentee.referral_date, Mentee.status
        ).order_by(Mentee.id),
        select(
            Match.id, Match.mentor_id, Match.mentee_id, Match.start_date, Match.end_date
        ).order_by(Match.id),
        select(
            Contact.id, Contact.match_id, Contact.occurred_at, Contact.minutes, Contact.mode
        ).order_by(Contact.id),
        select(
            AssessmentScore.assessment_id, AssessmentScore.domain_id, AssessmentScore.score
        ).order_by(AssessmentScore.assessment_id, AssessmentScore.domain_id),
        select(ConsultationNote.id, ConsultationNote.kind, ConsultationNote.text).order_by(
            ConsultationNote.id
        ),
    ]
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for query in queries:
            for row in conn.execute(query):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture
def demo(any_engine: Engine) -> tuple[Engine, DemoSummary]:
    """The small demo on each backend, as of a fixed day."""
    return any_engine, generate(any_engine, scale="small", seed=SEED, today=TODAY)


def test_same_seed_gives_identical_rows_and_another_seed_does_not(
    demo: tuple[Engine, DemoSummary], tmp_path: Path
) -> None:
    engine, summary = demo
    again = _sqlite(tmp_path, "again.sqlite3")
    other = _sqlite(tmp_path, "other.sqlite3")
    # Same rows on the other backend too: the generator never depends on the database.
    assert generate(again, scale="small", seed=SEED, today=TODAY) == summary
    assert _fingerprint(again) == _fingerprint(engine)
    generate(other, scale="small", seed=SEED + 1, today=TODAY)
    assert _fingerprint(other) != _fingerprint(engine)


def test_summary_counts_every_table_it_fills(demo: tuple[Engine, DemoSummary]) -> None:
    engine, summary = demo
    counts = summary.as_dict()
    assert set(counts) == {t.name for t in TABLES}
    with engine.connect() as conn:
        for table in TABLES:
            in_db = conn.execute(select(func.count()).select_from(table)).scalar_one()
            assert in_db == counts[table.name] > 0, table.name
        assert conn.execute(select(DataVersion.version)).scalar_one() >= 1
    small = SCALES["small"]
    assert (summary.sites, summary.mentors, summary.mentees) == (
        small.sites,
        small.mentors,
        small.mentees,
    )


def test_no_mentor_is_ever_over_capacity(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    with engine.connect() as conn:
        capacity = dict(conn.execute(select(Mentor.id, Mentor.capacity)).all())
        matches = conn.execute(select(Match.mentor_id, Match.start_date, Match.end_date)).all()
    by_mentor = defaultdict(list)
    for mentor_id, start, end in matches:
        by_mentor[mentor_id].append((start, end or dt.date.max))
    assert by_mentor
    for mentor_id, spans in by_mentor.items():
        # A caseload is largest on some match's first day, so checking those days suffices.
        for day, _ in spans:
            open_then = sum(1 for start, end in spans if start <= day <= end)
            assert open_then <= capacity[mentor_id], (mentor_id, day)


def test_contacts_belong_to_their_match(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    outside_or_mismatched = (
        select(func.count())
        .select_from(Contact)
        .join(Match, Match.id == Contact.match_id)
        .where(
            or_(
                Contact.contact_date < Match.start_date,
                and_(Match.end_date.is_not(None), Contact.contact_date > Match.end_date),
                Contact.contact_date >= TODAY,
                Contact.site_id != Match.site_id,
                Contact.mentor_id != Match.mentor_id,
                Contact.mentee_id != Match.mentee_id,
            )
        )
    )
    with engine.connect() as conn:
        assert conn.execute(outside_or_mismatched).scalar_one() == 0
        stamps = conn.execute(select(Contact.occurred_at, Contact.contact_date)).all()
    assert all(occurred.date() == day for occurred, day in stamps)


def test_mentee_status_agrees_with_matches(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    with engine.connect() as conn:
        mentees = conn.execute(select(Mentee)).all()
        open_matches = Counter(
            conn.execute(select(Match.mentee_id).where(Match.end_date.is_(None))).scalars()
        )
        all_matches = Counter(conn.execute(select(Match.mentee_id)).scalars())
    statuses = Counter(m.status for m in mentees)
    assert statuses["waiting"] and statuses["matched"] and statuses["exited"]
    for mentee in mentees:
        assert re.fullmatch(r"M-\d{5}", mentee.code)
        if mentee.status == "matched":
            assert open_matches[mentee.id] == 1
        else:
            assert open_matches[mentee.id] == 0
        if mentee.status == "exited":
            assert mentee.exit_date and mentee.exit_reason
        if mentee.intake_date is None:
            assert all_matches[mentee.id] == 0
    assert any(m.status == "waiting" and all_matches[m.id] == 0 for m in mentees)
    assert any(count > 1 for count in all_matches.values()), "some mentees are re-matched"
    assert len({m.code for m in mentees}) == len(mentees)


def test_every_matched_mentee_has_a_baseline_at_intake(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    with engine.connect() as conn:
        intakes = dict(
            conn.execute(
                select(Mentee.id, Mentee.intake_date).where(Mentee.intake_date.is_not(None))
            ).all()
        )
        instruments = conn.execute(select(Instrument.id)).scalars().all()
        baselines = conn.execute(
            select(Assessment.mentee_id, Assessment.instrument_id, Assessment.assessed_on).where(
                Assessment.is_baseline.is_(True)
            )
        ).all()
        first_dates = dict(
            conn.execute(
                select(Assessment.mentee_id, func.min(Assessment.assessed_on)).group_by(
                    Assessment.mentee_id
                )
            ).all()
        )
    assert intakes
    assert {(m, i) for m, i, _ in baselines} == {(m, i) for m in intakes for i in instruments}
    assert all(day == intakes[mentee_id] for mentee_id, _, day in baselines)
    assert first_dates == intakes


def test_scores_stay_within_each_domain_range(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    out_of_range = (
        select(func.count())
        .select_from(AssessmentScore)
        .join(InstrumentDomain, InstrumentDomain.id == AssessmentScore.domain_id)
        .where(
            or_(
                AssessmentScore.score < InstrumentDomain.min_score,
                AssessmentScore.score > InstrumentDomain.max_score,
            )
        )
    )
    with engine.connect() as conn:
        assert conn.execute(out_of_range).scalar_one() == 0
        domains = conn.execute(
            select(Instrument.code, func.count(InstrumentDomain.id))
            .join(InstrumentDomain)
            .group_by(Instrument.code)
        ).all()
        categories = set(conn.execute(select(Goal.category)).scalars())
        milestones = conn.execute(
            select(func.count()).where(Goal.achieved_date.is_not(None))
        ).scalar_one()
    assert dict(domains) == {"recovery_ladder": 10, "wellbeing_total": 1, "barc10": 1}
    assert categories <= set(GOAL_CATEGORIES)
    assert milestones > 0


def test_one_consultation_meeting_per_site_per_month(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    with engine.connect() as conn:
        meetings = conn.execute(
            select(
                ConsultationMeeting.id,
                ConsultationMeeting.site_id,
                ConsultationMeeting.month,
                ConsultationMeeting.held_on,
            )
        ).all()
        sites = conn.execute(select(Site.id)).scalars().all()
        attended = set(conn.execute(select(MeetingAttendee.meeting_id)).scalars())
    by_site = defaultdict(list)
    for _, site_id, month, held_on in meetings:
        assert month.day == 1 and (held_on.year, held_on.month) == (month.year, month.month)
        assert held_on.weekday() < 5 and 12 <= held_on.day <= 18 and held_on <= TODAY
        by_site[site_id].append(month)
    assert sorted(by_site) == sorted(sites)
    for months in by_site.values():
        assert len(set(months)) == len(months)
        first, last = min(months), max(months)
        span = (last.year - first.year) * 12 + last.month - first.month + 1
        assert span == len(months), "no month without a meeting"
    assert attended == {m.id for m in meetings}


def test_notes_have_a_first_revision_and_never_name_a_mentee(
    demo: tuple[Engine, DemoSummary],
) -> None:
    engine, _ = demo
    with engine.connect() as conn:
        notes = conn.execute(select(ConsultationNote)).all()
        revisions = {r.note_id: r for r in conn.execute(select(NoteRevision)).all()}
        names = set(conn.execute(select(Mentee.display_name)).scalars())
    kinds = Counter(n.kind for n in notes)
    assert kinds["accomplishment"] + kinds["positive_impact"] > kinds["challenge"]
    assert kinds["action_item"] > 0
    for note in notes:
        revision = revisions[note.id]
        assert (note.version, revision.version) == (1, 1)
        assert (revision.text, revision.kind, revision.edited_by) == (
            note.text,
            note.kind,
            note.author,
        )
        assert not any(name in note.text for name in names)
    assert any(n.is_done for n in notes if n.kind == "action_item")


def test_contacts_have_a_realistic_rhythm(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    with engine.connect() as conn:
        rows = conn.execute(
            select(Contact.contact_date, Contact.contact_type, Contact.after_hours, Contact.minutes)
        ).all()
        statuses = set(conn.execute(select(Mentor.status)).scalars())
        open_matches = (
            conn.execute(
                select(Match.mentee_id).where(
                    Match.end_date.is_(None), Match.start_date < TODAY - dt.timedelta(days=60)
                )
            )
            .scalars()
            .all()
        )
        recent = set(
            conn.execute(
                select(Contact.mentee_id).where(
                    Contact.contact_date >= TODAY - dt.timedelta(days=30)
                )
            ).scalars()
        )
    weekday = sum(1 for r in rows if r.contact_date.weekday() < 5) / 5
    weekend = sum(1 for r in rows if r.contact_date.weekday() >= 5) / 2
    assert weekend < weekday / 2
    crisis = [r for r in rows if r.contact_type == "crisis_call"]
    others = [r for r in rows if r.contact_type != "crisis_call"]
    assert crisis and sum(r.after_hours for r in crisis) / len(crisis) > 3 * (
        sum(r.after_hours for r in others) / len(others)
    )
    typical = sum(1 for r in rows if 30 <= r.minutes <= 120) / len(rows)
    assert typical > 0.6
    late_december = sum(1 for r in rows if r.contact_date.month == 12 and r.contact_date.day >= 20)
    early_november = sum(1 for r in rows if r.contact_date.month == 11 and r.contact_date.day <= 12)
    assert late_december < early_november * 0.7  # holiday dip (12 days against 12 days)
    assert {"active", "on_leave", "inactive"} <= statuses
    assert any(mentee not in recent for mentee in open_matches), "a mentee with no contact lately"


def test_unknown_scale_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown demo scale"):
        generate(engine, scale="huge")
    assert set(SCALES) == {"small", "medium", "large"}


def test_a_database_with_data_is_refused(demo: tuple[Engine, DemoSummary]) -> None:
    engine, _ = demo
    with pytest.raises(DemoDataExists):
        generate(engine, scale="small", seed=SEED, today=TODAY)


def test_the_app_can_insert_rows_after_generation(demo: tuple[Engine, DemoSummary]) -> None:
    """Ids were given explicitly; on PostgreSQL the sequences must have moved past them."""
    engine, summary = demo
    with engine.begin() as conn:
        site_id = conn.execute(
            insert(Site).values(code="NEW", name="New Site").returning(Site.id)
        ).scalar_one()
        meeting_id = conn.execute(select(func.min(ConsultationMeeting.id))).scalar_one()
        note_id = conn.execute(
            insert(ConsultationNote)
            .values(meeting_id=meeting_id, site_id=1, kind="challenge", text="t", author="a")
            .returning(ConsultationNote.id)
        ).scalar_one()
        revision_id = conn.execute(
            insert(NoteRevision)
            .values(note_id=note_id, version=2, kind="challenge", text="t", edited_by="a")
            .returning(NoteRevision.id)
        ).scalar_one()
        match = conn.execute(select(Match).limit(1)).one()
        contact_id = conn.execute(
            insert(Contact)
            .values(
                match_id=match.id,
                site_id=match.site_id,
                mentor_id=match.mentor_id,
                mentee_id=match.mentee_id,
                occurred_at=dt.datetime(2026, 3, 1, 10),
                contact_date=dt.date(2026, 3, 1),
                minutes=30,
                mode="phone",
                contact_type="other",
            )
            .returning(Contact.id)
        ).scalar_one()
    assert site_id == summary.sites + 1
    assert note_id == summary.consultation_notes + 1
    assert revision_id == summary.note_revisions + 1
    assert contact_id == summary.contacts + 1


def test_batch_writer_flushes_parents_before_children() -> None:
    calls: list[tuple[str, int]] = []

    class RecordingConnection:
        def execute(self, statement, rows):  # type: ignore[no-untyped-def]
            calls.append((statement.table.name, len(rows)))

    site, mentor = Site.__table__, Mentor.__table__
    writer = BatchWriter(RecordingConnection(), [site, mentor], batch_size=3)  # type: ignore[arg-type]
    writer.add(site, {"id": 1})
    writer.add(mentor, {"id": 1})
    writer.add(mentor, {"id": 2})
    assert calls == []
    writer.add(mentor, {"id": 3})  # the mentor buffer fills: the pending site goes first
    writer.add(mentor, {"id": 4})
    writer.flush()
    assert calls == [("sites", 1), ("mentors", 3), ("mentors", 1)]
    assert writer.counts == {"sites": 1, "mentors": 4}


def test_caseloads_stay_within_capacity_at_medium_scale() -> None:
    """The matching simulation alone (no database), at a scale where caseloads run full."""
    size = SCALES["medium"]
    start = TODAY - dt.timedelta(days=365 * size.years)
    fake = Faker()
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    mentors = plan_mentors(rng, fake, size.sites, size.mentors, start, TODAY)
    mentees = plan_mentees(rng, fake, mentors, size.mentees, start, TODAY)
    matches = simulate_matches(rng, mentors, mentees, size.match_factor, TODAY)
    capacity = {m.id: m.capacity for m in mentors}
    by_mentor = defaultdict(list)
    for match in matches:
        by_mentor[match.mentor_id].append((match.start_date, match.end_date or dt.date.max))
    full_days = 0
    for mentor_id, spans in by_mentor.items():
        for day, _ in spans:
            open_then = sum(1 for start, end in spans if start <= day <= end)
            assert open_then <= capacity[mentor_id], (mentor_id, day)
            full_days += open_then == capacity[mentor_id]
    assert full_days > 0, "caseloads do fill up at this scale"
    by_mentee = defaultdict(list)
    for match in matches:
        by_mentee[match.mentee_id].append(match)
    for spans in by_mentee.values():
        for earlier, later in itertools.pairwise(sorted(spans, key=lambda m: m.start_date)):
            assert earlier.end_date is not None and earlier.end_date < later.start_date
