"""Demo peer groups and consultation meetings, with facilitators, attendees and notes.

Each site runs a few peer groups (weekly or fortnightly, no sessions over the new year) and
holds one consultation meeting a month on a weekday near the middle of the month, attended by
its most active mentors. Notes are mostly strengths-based (accomplishments and positive
impacts), with some challenges and action items; they say "a mentee", never a name.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

from faker import Faker
from sqlalchemy import Table

from data.demo.people import MentorPlan
from data.demo.text import GOALS, NOTE_PHRASES, PEER_GROUPS, SESSION_TOPICS
from data.schema import (
    ConsultationMeeting,
    ConsultationNote,
    GroupFacilitator,
    GroupSession,
    MeetingAttendee,
    NoteRevision,
    PeerGroup,
)

DAY = dt.timedelta(days=1)
NOTE_KIND_WEIGHTS = {
    "accomplishment": 40,
    "positive_impact": 25,
    "challenge": 20,
    "action_item": 15,
}
GENERIC_MILESTONES = tuple(sentence for options in GOALS.values() for _, sentence in options)

Rows = Iterator[tuple[Table, dict[str, Any]]]


def _holiday(day: dt.date) -> bool:
    return (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2)


def peer_group_rows(
    rng: random.Random, site_mentors: dict[int, list[MentorPlan]], start: dt.date, today: dt.date
) -> Rows:
    """Peer groups, their sessions (attendance 3-14) and 1-2 facilitating mentors each."""
    group_ids, session_ids = itertools.count(1), itertools.count(1)
    for site_id, mentors in site_mentors.items():
        for name, topic in rng.sample(PEER_GROUPS, rng.randint(2, 4)):
            group_id = next(group_ids)
            yield (
                PeerGroup.__table__,
                {"id": group_id, "site_id": site_id, "name": name, "topic": topic},
            )
            every = rng.choice((7, 7, 14))
            usual = rng.uniform(5, 10)
            day = start + dt.timedelta(days=rng.randint(0, 120))
            day += dt.timedelta(days=(rng.randint(0, 4) - day.weekday()) % 7)
            lead: MentorPlan | None = None
            while day < today:
                working = [m for m in mentors if m.active_on(day)]
                if working and not _holiday(day) and rng.random() > 0.05:
                    if lead is None or not lead.active_on(day):
                        lead = rng.choice(working)
                    session_id = next(session_ids)
                    attendance = round(rng.gauss(usual * (0.75 if day.month == 8 else 1), 2))
                    yield (
                        GroupSession.__table__,
                        {
                            "id": session_id,
                            "group_id": group_id,
                            "site_id": site_id,
                            "session_date": day,
                            "topic": rng.choice(SESSION_TOPICS),
                            "attendance": min(14, max(3, attendance)),
                            "minutes": rng.choice((60, 90, 90, 120)),
                        },
                    )
                    facilitators = {lead.id}
                    if rng.random() < 0.4:
                        facilitators.add(rng.choice(working).id)
                    for mentor_id in sorted(facilitators):
                        yield (
                            GroupFacilitator.__table__,
                            {
                                "session_id": session_id,
                                "mentor_id": mentor_id,
                            },
                        )
                day += dt.timedelta(days=every)


def meeting_day(year: int, month: int, weekday: int) -> dt.date:
    """The ``weekday`` (0 = Monday) falling between the 12th and 18th of the month."""
    twelfth = dt.date(year, month, 12)
    return twelfth + dt.timedelta(days=(weekday - twelfth.weekday()) % 7)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _months(start: dt.date, today: dt.date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (today.year, today.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class MeetingMaker:
    """Monthly consultation meetings per site, with attendees, notes and note revisions."""

    def __init__(self, rng: random.Random, fake: Faker, today: dt.date):
        self.rng = rng
        self.fake = fake
        self.today = today
        self.now = dt.datetime.combine(today, dt.time(9, 0))
        self.meeting_ids = itertools.count(1)
        self.note_ids = itertools.count(1)

    def rows(
        self,
        site_mentors: dict[int, list[MentorPlan]],
        start: dt.date,
        activity: Counter[tuple[int, int, int]],
        milestones: dict[tuple[int, int, int], list[str]],
    ) -> Rows:
        """All meetings; ``activity`` counts contacts per (mentor_id, year, month)."""
        rng = self.rng
        for site_id, mentors in site_mentors.items():
            weekday = rng.randint(1, 3)
            supervisors = [f"{self.fake.first_name()} {self.fake.last_name()}" for _ in range(2)]
            for year, month in _months(start, self.today):
                held_on = meeting_day(year, month, weekday)
                working = [m for m in mentors if m.active_on(held_on)]
                if held_on > self.today or not working:
                    continue
                meeting_id = next(self.meeting_ids)
                yield (
                    ConsultationMeeting.__table__,
                    {
                        "id": meeting_id,
                        "site_id": site_id,
                        "month": dt.date(year, month, 1),
                        "held_on": held_on,
                    },
                )
                working.sort(key=lambda m: (-activity[(m.id, year, month)], rng.random()))
                attending = working[: max(2, round(len(working) * rng.uniform(0.6, 0.85)))]
                for mentor in sorted(attending, key=lambda m: m.id):
                    yield (
                        MeetingAttendee.__table__,
                        {"meeting_id": meeting_id, "mentor_id": mentor.id},
                    )
                reached = milestones.get((site_id, year, month)) or list(GENERIC_MILESTONES)
                author = supervisors[0] if rng.random() < 0.8 else supervisors[1]
                yield from self._notes(meeting_id, site_id, held_on, attending, reached, author)

    def _notes(
        self,
        meeting_id: int,
        site_id: int,
        held_on: dt.date,
        attending: list[MentorPlan],
        reached: list[str],
        author: str,
    ) -> Rows:
        rng = self.rng
        kinds = rng.choices(
            list(NOTE_KIND_WEIGHTS), weights=list(NOTE_KIND_WEIGHTS.values()), k=rng.randint(3, 7)
        )
        old = (self.today - held_on).days > 35
        for i, kind in enumerate(kinds):
            phrase = rng.choice(NOTE_PHRASES[kind])
            mentor = rng.choice(attending)
            text = phrase.format(mentor=mentor.display_name.split()[0], goal=rng.choice(reached))
            named = "{mentor}" in phrase or rng.random() < 0.3
            written = dt.datetime.combine(held_on, dt.time(10, 0)) + dt.timedelta(minutes=4 * i)
            note_id = next(self.note_ids)
            action = kind == "action_item"
            done = action and old and rng.random() < 0.9
            status = ("done" if rng.random() < 0.92 else "dropped") if done else "open"
            closed_at = written + dt.timedelta(days=rng.randint(14, 75)) if done else None
            yield (
                ConsultationNote.__table__,
                {
                    "id": note_id,
                    "meeting_id": meeting_id,
                    "site_id": site_id,
                    "mentor_id": mentor.id if named else None,
                    "kind": kind,
                    "text": text,
                    "author": author,
                    "is_done": status == "done" and action,
                    "owner": ("mentor" if named else "supervisor") if action else None,
                    "due_month": _next_month(held_on) if action else None,
                    "status": status if action else None,
                    "closed_at": min(closed_at, self.now) if closed_at else None,
                    # Most challenges stay in the notes; some are marked for the room.
                    "shown_in_room": kind == "challenge" and rng.random() < 0.4,
                    "origin": "written",
                    "created_at": written,
                    "updated_at": written,
                    "deleted_at": None,
                    "version": 1,
                    # Cleared for the room by their author, except this month's: those wait
                    # on the Consultation notes page, as a new meeting's notes would.
                    **(
                        {"cleared_version": 1, "cleared_by": author, "cleared_at": written}
                        if held_on < self.today.replace(day=1)
                        else {"cleared_version": None, "cleared_by": "", "cleared_at": None}
                    ),
                },
            )
            yield (
                NoteRevision.__table__,
                {
                    "id": note_id,
                    "note_id": note_id,
                    "version": 1,
                    "kind": kind,
                    "text": text,
                    "edited_by": author,
                    "edited_at": written,
                },
            )
