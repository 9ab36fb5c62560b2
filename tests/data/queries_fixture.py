"""A small hand-made program for the query tests: two sites, every figure countable by hand.

Site 1 (Riverside) is the one the tests look at; site 2 (Hilltop) has rows in every table so
that any query leaking across the scope shows it. The period the expected values assume is
2026-01-01 .. 2026-06-15 (a partial last month, so summaries and raw edge rows both count).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, insert

from data import schema as s
from data.filters import AccessScope, Filters
from data.summaries import rebuild_all

D = dt.date
START, END = D(2026, 1, 1), D(2026, 6, 15)
RIVERSIDE, HILLTOP = 1, 2

SITES = [
    {"id": 1, "code": "RS", "name": "Riverside"},
    {"id": 2, "code": "HT", "name": "Hilltop"},
]
MENTORS = [
    dict(id=1, site_id=1, display_name="Alex Mentor", start_date=D(2024, 1, 1), end_date=None,
         status="active", capacity=1),
    dict(id=2, site_id=1, display_name="Bea Mentor", start_date=D(2025, 6, 1), end_date=None,
         status="active", capacity=3),
    dict(id=3, site_id=2, display_name="Cal Mentor", start_date=D(2024, 1, 1), end_date=None,
         status="active", capacity=1),
    dict(id=4, site_id=1, display_name="Dee Mentor", start_date=D(2023, 1, 1),
         end_date=D(2025, 12, 31), status="inactive", capacity=2),
]  # fmt: skip


def _mentee(id_, site, code, referral, status, exit_date=None):  # type: ignore[no-untyped-def]
    return dict(id=id_, site_id=site, code=code, display_name=f"Synthetic Person {id_}",
                referral_date=referral, intake_date=None, status=status, exit_date=exit_date,
                exit_reason=None)  # fmt: skip


MENTEES = [
    _mentee(1, 1, "RS-001", D(2025, 10, 1), "matched"),
    _mentee(2, 1, "RS-002", D(2025, 11, 1), "matched"),
    _mentee(3, 1, "RS-003", D(2026, 3, 1), "waiting"),
    _mentee(4, 1, "RS-004", D(2026, 5, 20), "waiting"),
    _mentee(5, 1, "RS-005", D(2025, 1, 1), "exited", D(2026, 2, 28)),
    _mentee(6, 1, "RS-006", D(2025, 12, 1), "matched"),
    _mentee(7, 1, "RS-007", D(2026, 7, 1), "waiting"),
    _mentee(8, 2, "HT-001", D(2025, 12, 1), "matched"),
    _mentee(9, 2, "HT-002", D(2026, 2, 1), "waiting"),
    _mentee(10, 1, "RS-010", D(2026, 5, 1), "matched"),
]
MATCHES = [
    dict(id=1, site_id=1, mentor_id=1, mentee_id=1, start_date=D(2025, 10, 15), end_date=None),
    dict(id=2, site_id=1, mentor_id=2, mentee_id=2, start_date=D(2025, 11, 10), end_date=None),
    dict(id=3, site_id=1, mentor_id=1, mentee_id=5, start_date=D(2025, 2, 1),
         end_date=D(2026, 2, 28)),
    dict(id=4, site_id=1, mentor_id=1, mentee_id=6, start_date=D(2026, 1, 10), end_date=None),
    dict(id=5, site_id=2, mentor_id=3, mentee_id=8, start_date=D(2026, 1, 5), end_date=None),
    dict(id=6, site_id=1, mentor_id=2, mentee_id=10, start_date=D(2026, 6, 1), end_date=None),
]  # fmt: skip
_MATCH = {m["id"]: m for m in MATCHES}


def _contact(id_, match, day, minutes, kind, after_hours=False):  # type: ignore[no-untyped-def]
    m = _MATCH[match]
    return dict(id=id_, match_id=match, site_id=m["site_id"], mentor_id=m["mentor_id"],
                mentee_id=m["mentee_id"], occurred_at=dt.datetime.combine(day, dt.time(10)),
                contact_date=day, minutes=minutes, mode="in_person", contact_type=kind,
                after_hours=after_hours)  # fmt: skip


CONTACTS = [
    _contact(1, 1, D(2026, 1, 20), 60, "emotional_support"),
    _contact(2, 1, D(2026, 2, 5), 30, "crisis_call", True),
    _contact(3, 3, D(2026, 2, 10), 45, "practical_living_skills"),
    _contact(4, 4, D(2026, 3, 15), 90, "community_outing"),
    _contact(5, 2, D(2026, 3, 20), 60, "emotional_support"),
    _contact(6, 1, D(2026, 5, 2), 30, "emotional_support"),
    _contact(7, 2, D(2026, 6, 3), 120, "practical_living_skills", True),
    _contact(8, 1, D(2026, 6, 10), 15, "crisis_call", True),
    _contact(9, 1, D(2025, 12, 15), 60, "emotional_support"),
    _contact(10, 4, D(2026, 6, 20), 30, "other"),
    _contact(11, 5, D(2026, 2, 15), 60, "emotional_support"),
    _contact(12, 5, D(2026, 4, 5), 45, "crisis_call", True),
]
GOALS = [
    dict(id=1, mentee_id=1, site_id=1, category="transport", set_date=D(2025, 11, 1),
         achieved_date=D(2026, 2, 14)),
    dict(id=2, mentee_id=2, site_id=1, category="money_and_banking", set_date=D(2026, 1, 15),
         achieved_date=D(2026, 6, 1)),
    dict(id=3, mentee_id=6, site_id=1, category="housing", set_date=D(2026, 3, 1),
         achieved_date=None),
    dict(id=4, mentee_id=1, site_id=1, category="food", set_date=D(2026, 4, 1),
         achieved_date=D(2026, 6, 20)),
    dict(id=5, mentee_id=2, site_id=1, category="transport", set_date=D(2026, 2, 1),
         achieved_date=D(2026, 3, 10)),
    dict(id=6, mentee_id=8, site_id=2, category="transport", set_date=D(2026, 1, 10),
         achieved_date=D(2026, 2, 20)),
]  # fmt: skip
PEER_GROUPS = [
    dict(id=1, site_id=1, name="Tuesday group", topic="Recovery skills"),
    dict(id=2, site_id=2, name="Hill group", topic="Cooking"),
]
GROUP_SESSIONS = [
    dict(id=1, group_id=1, site_id=1, session_date=D(2026, 2, 1), topic="t", attendance=5),
    dict(id=2, group_id=1, site_id=1, session_date=D(2026, 5, 1), topic="t", attendance=4),
    dict(id=3, group_id=1, site_id=1, session_date=D(2025, 12, 1), topic="t", attendance=3),
    dict(id=4, group_id=2, site_id=2, session_date=D(2026, 3, 1), topic="t", attendance=6),
]
FACILITATORS = [
    dict(session_id=1, mentor_id=1),
    dict(session_id=1, mentor_id=2),
    dict(session_id=2, mentor_id=1),
    dict(session_id=3, mentor_id=1),
    dict(session_id=4, mentor_id=3),
]
INSTRUMENTS = [dict(id=1, code="recovery_ladder", name="Recovery ladder", higher_is_better=True)]
DOMAINS = [
    dict(id=1, instrument_id=1, name="Managing mental health", position=1, min_score=1,
         max_score=10),
    dict(id=2, instrument_id=1, name="Living skills", position=2, min_score=1, max_score=10),
]  # fmt: skip
# (assessment id, mentee, site, date, baseline, score of domain 1, score of domain 2)
_ASSESSMENTS = [
    (1, 1, 1, D(2025, 10, 20), True, 3, 4),
    (2, 1, 1, D(2026, 2, 10), False, 5, 5),
    (3, 1, 1, D(2026, 5, 10), False, 6, 7),
    (4, 2, 1, D(2025, 11, 15), True, 2, 2),
    (5, 2, 1, D(2026, 4, 1), False, 4, 3),
    (6, 6, 1, D(2026, 1, 15), True, 5, 6),
    (7, 8, 2, D(2026, 1, 10), True, 1, 1),
    (8, 8, 2, D(2026, 3, 1), False, 9, 9),
]
ASSESSMENTS = [
    dict(id=a, mentee_id=m, site_id=site, instrument_id=1, assessed_on=day, is_baseline=base)
    for a, m, site, day, base, _, _ in _ASSESSMENTS
]
SCORES = [
    dict(assessment_id=a, domain_id=domain, score=score)
    for a, *_, one, two in _ASSESSMENTS
    for domain, score in ((1, one), (2, two))
]

TABLES = [
    (s.Site, SITES),
    (s.Mentor, MENTORS),
    (s.Mentee, MENTEES),
    (s.Match, MATCHES),
    (s.Contact, CONTACTS),
    (s.Goal, [{**g, "description": f"Goal {g['id']}"} for g in GOALS]),
    (s.PeerGroup, PEER_GROUPS),
    (s.GroupSession, GROUP_SESSIONS),
    (s.GroupFacilitator, FACILITATORS),
    (s.Instrument, INSTRUMENTS),
    (s.InstrumentDomain, DOMAINS),
    (s.Assessment, ASSESSMENTS),
    (s.AssessmentScore, SCORES),
]


def load(engine: Engine) -> None:
    """Insert the hand-made program and rebuild the summaries, as a bulk load does."""
    with engine.begin() as conn:
        for model, rows in TABLES:
            conn.execute(insert(model), rows)
        rebuild_all(conn)


def delete_hilltop(engine: Engine) -> None:
    """Remove every site-2 row (children first) and rebuild the summaries."""
    with engine.begin() as conn:
        conn.execute(delete(s.AssessmentScore).where(s.AssessmentScore.assessment_id.in_([7, 8])))
        conn.execute(delete(s.GroupFacilitator).where(s.GroupFacilitator.session_id == 4))
        for model in (s.Assessment, s.GroupSession, s.PeerGroup, s.Goal, s.Contact, s.Match):
            conn.execute(delete(model).where(model.site_id == HILLTOP))
        conn.execute(delete(s.Mentee).where(s.Mentee.site_id == HILLTOP))
        conn.execute(delete(s.Mentor).where(s.Mentor.site_id == HILLTOP))
        conn.execute(delete(s.Site).where(s.Site.id == HILLTOP))
        rebuild_all(conn)


def riverside(see_identities: bool = False, start: dt.date = START, end: dt.date = END) -> Filters:
    """Filters of a Riverside supervisor over the expected-values period."""
    scope = AccessScope("supervisor", frozenset({RIVERSIDE}), see_identities=see_identities)
    return Filters(start=start, end=end, scope=scope)


def admin(start: dt.date = START, end: dt.date = END, **kwargs: object) -> Filters:
    """Filters of an admin (every site) over the period."""
    scope = AccessScope("admin", all_sites=True, see_identities=True)
    return Filters(start=start, end=end, scope=scope, **kwargs)  # type: ignore[arg-type]
