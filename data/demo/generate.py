"""Deterministic synthetic demo data at a chosen scale: ``generate(engine, scale, seed)``.

Fills every program table (not users, user sites or the audit trail) of an empty, migrated
database. The same seed and ``today`` give identical rows; every date is relative to
``today``, so the demo always looks current. Rows are streamed to the database in batches
with explicit ids, so memory stays bounded at the large scale (millions of contacts); only
people and matches (tens of thousands of small records) are held in memory.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from faker import Faker
from sqlalchemy import Engine, func, select
from tqdm import tqdm

from data import clock, summaries
from data.demo.contacts import ContactMaker
from data.demo.meetings import MeetingMaker, peer_group_rows
from data.demo.outcomes import OutcomeMaker, domain_rows, instrument_rows, mentee_span
from data.demo.people import (
    MatchPlan,
    MenteePlan,
    MentorPlan,
    plan_mentees,
    plan_mentors,
    simulate_matches,
    site_rows,
)
from data.demo.writer import BatchWriter, reset_sequences
from data.schema import (
    Assessment,
    AssessmentScore,
    ConsultationMeeting,
    ConsultationNote,
    Contact,
    Goal,
    GroupFacilitator,
    GroupSession,
    Instrument,
    InstrumentDomain,
    Match,
    MeetingAttendee,
    Mentee,
    MenteeEvent,
    Mentor,
    NoteRevision,
    PeerGroup,
    Site,
)
from data.versioning import bump


@dataclass(frozen=True)
class Scale:
    """How big a demo data set is; ``match_factor`` stretches match lengths to fill caseloads,
    ``contact_pace`` multiplies each match's weekly contacts (the large scale's 1.5 gives over
    five million contacts, for the benchmark)."""

    sites: int
    mentors: int
    mentees: int
    years: int
    match_factor: float
    contact_pace: float = 1.0


SCALES: dict[str, Scale] = {
    "small": Scale(sites=3, mentors=12, mentees=60, years=2, match_factor=2.6),
    "medium": Scale(sites=6, mentors=150, mentees=3_000, years=5, match_factor=1.0),
    "large": Scale(
        sites=20, mentors=1_000, mentees=40_000, years=10, match_factor=1.0, contact_pace=1.5
    ),
}

# Every table the generator fills, parents before children (the order batches are flushed).
TABLES = tuple(
    model.__table__
    for model in (
        Site,
        Instrument,
        InstrumentDomain,
        Mentor,
        Mentee,
        Match,
        Contact,
        PeerGroup,
        GroupSession,
        GroupFacilitator,
        Goal,
        Assessment,
        AssessmentScore,
        MenteeEvent,
        ConsultationMeeting,
        MeetingAttendee,
        ConsultationNote,
        NoteRevision,
    )
)


@dataclass(frozen=True)
class DemoSummary:
    """How many rows the generator wrote to each table."""

    sites: int
    instruments: int
    instrument_domains: int
    mentors: int
    mentees: int
    matches: int
    contacts: int
    peer_groups: int
    group_sessions: int
    group_facilitators: int
    goals: int
    assessments: int
    assessment_scores: int
    events: int
    consultation_meetings: int
    meeting_attendees: int
    consultation_notes: int
    note_revisions: int

    def as_dict(self) -> dict[str, int]:
        """Row counts by table name."""
        return asdict(self)


class DemoDataExists(RuntimeError):
    """The database already has program data; the generator only fills an empty one."""


def generate(
    engine: Engine,
    scale: str = "small",
    seed: int = 7,
    progress: bool = False,
    today: dt.date | None = None,
) -> DemoSummary:
    """Fill an empty, migrated database with demo data; returns rows written per table.

    Raises ValueError for an unknown scale and DemoDataExists when sites already exist.
    Everything is written in one transaction, so a failure leaves the database empty.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale {scale!r}; choose one of {', '.join(SCALES)}")
    size = SCALES[scale]
    today = today or clock.today()
    start = today - dt.timedelta(days=round(365.25 * size.years))
    fake = Faker("en_US")
    fake.seed_instance(seed)

    def rng(stage: str) -> random.Random:
        # One stream per stage: a change in one stage does not reshuffle the others.
        return random.Random(f"{seed}:{stage}")

    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(Site)).scalar():
            raise DemoDataExists("the database already has sites; demo data needs an empty one")
        writer = BatchWriter(conn, TABLES)
        for table, rows in (
            (Site.__table__, site_rows(size.sites)),
            (Instrument.__table__, instrument_rows()),
            (InstrumentDomain.__table__, domain_rows()),
        ):
            for row in rows:
                writer.add(table, row)

        people = rng("people")
        mentors = plan_mentors(people, fake, size.sites, size.mentors, start, today)
        mentees = plan_mentees(people, fake, mentors, size.mentees, start, today)
        matches = simulate_matches(rng("matches"), mentors, mentees, size.match_factor, today)
        for mentor in mentors:
            writer.add(Mentor.__table__, mentor.row())
        for mentee in mentees:
            writer.add(Mentee.__table__, mentee.row())
        for match in matches:
            writer.add(Match.__table__, match.row())

        activity = _write_contacts(
            writer, rng("contacts"), mentors, mentees, matches, today, progress, size.contact_pace
        )

        site_mentors: dict[int, list[MentorPlan]] = defaultdict(list)
        for mentor in mentors:
            site_mentors[mentor.site_id].append(mentor)
        for table, row in peer_group_rows(rng("groups"), site_mentors, start, today):
            writer.add(table, row)

        outcomes = OutcomeMaker(rng("outcomes"), today)
        by_mentee: dict[int, list[MatchPlan]] = defaultdict(list)
        for match in matches:
            by_mentee[match.mentee_id].append(match)
        for mentee in tqdm(mentees, desc="goals and assessments", disable=not progress):
            if mentee.id not in by_mentee:
                continue
            spans = mentee_span(by_mentee[mentee.id], today)
            for row in outcomes.goals(mentee, spans):
                writer.add(Goal.__table__, row)
            for table, row in outcomes.assessments(mentee, spans):
                writer.add(table, row)
            for row in outcomes.events(mentee, by_mentee[mentee.id]):
                writer.add(MenteeEvent.__table__, row)

        meetings = MeetingMaker(rng("meetings"), fake, today)
        for table, row in meetings.rows(site_mentors, start, activity, outcomes.milestones):
            writer.add(table, row)

        writer.flush()
        reset_sequences(conn, TABLES)
        summaries.rebuild_all(conn)
        bump(conn)
    return DemoSummary(**writer.counts)


def _write_contacts(
    writer: BatchWriter,
    rng: random.Random,
    mentors: list[MentorPlan],
    mentees: list[MenteePlan],
    matches: list[MatchPlan],
    today: dt.date,
    progress: bool,
    pace_factor: float = 1.0,
) -> Counter[tuple[int, int, int]]:
    """Stream every match's contacts, mentor by mentor; count contacts per mentor-month."""
    maker = ContactMaker(rng, today, pace_factor)
    mentee_by_id = {m.id: m for m in mentees}
    by_mentor: dict[int, list[MatchPlan]] = defaultdict(list)
    for match in matches:
        by_mentor[match.mentor_id].append(match)
    activity: Counter[tuple[int, int, int]] = Counter()
    table = Contact.__table__
    for mentor in tqdm(mentors, desc="contacts (mentors)", disable=not progress):
        for match in by_mentor.get(mentor.id, ()):
            for row in maker.for_match(match, mentor, mentee_by_id[match.mentee_id]):
                writer.add(table, row)
                day = row["contact_date"]
                activity[(mentor.id, day.year, day.month)] += 1
    return activity
