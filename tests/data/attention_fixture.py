"""A small hand-made program where every kind of attention item happens once, as seen on DAY.

Site 1 (Riverside) holds one case of each condition and some near misses; site 2 (Hilltop)
holds items too, so that a Riverside scope that sees any of them is caught. ``EXPECTED``
lists exactly the items a Riverside supervisor must get with the default thresholds.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from data import schema as s
from data.filters import AccessScope, Filters
from data.summaries import rebuild_all

D = dt.date
DAY = D(2026, 6, 15)
RIVERSIDE, HILLTOP = 1, 2

SITES = [
    {"id": 1, "code": "RS", "name": "Riverside"},
    {"id": 2, "code": "HT", "name": "Hilltop"},
]


def _mentor(id_, site, name, capacity, status="active", end=None):  # type: ignore[no-untyped-def]
    return dict(id=id_, site_id=site, display_name=name, start_date=D(2024, 1, 1), end_date=end,
                status=status, capacity=capacity)  # fmt: skip


MENTORS = [
    _mentor(1, 1, "Amanda Diaz", 2),
    _mentor(2, 1, "Ben Okafor", 4),
    _mentor(3, 1, "Cleo Park", 2, status="on_leave"),
    _mentor(4, 1, "Dan Ruiz", 2, status="inactive", end=D(2026, 5, 31)),
    _mentor(5, 1, "Eve Stone", 1),
    _mentor(6, 2, "Finn Hale", 1),
]


def _mentee(id_, site, referral, status="matched", exit_date=None):  # type: ignore[no-untyped-def]
    code = f"{'RS' if site == 1 else 'HT'}-{id_:03d}"
    return dict(id=id_, site_id=site, code=code, display_name=f"Unique Mentee Name{id_:02d}",
                referral_date=referral, intake_date=None, status=status, exit_date=exit_date,
                exit_reason=None)  # fmt: skip


MENTEES = [
    _mentee(1, 1, D(2025, 12, 1)),  # no contact for 21 days
    _mentee(2, 1, D(2026, 1, 1)),  # contacted lately (crisis calls of Amanda's)
    _mentee(3, 1, D(2026, 5, 1)),  # new match 26 days ago, no contact yet
    _mentee(4, 1, D(2026, 5, 1)),  # new match 10 days ago: too early to say
    _mentee(5, 1, D(2024, 12, 1)),  # matched 2025, never contacted: no contact lately
    _mentee(6, 1, D(2026, 2, 1)),  # mentor on leave
    _mentee(7, 1, D(2025, 5, 1)),  # mentor left on 31 May, last contact 30 May
    _mentee(8, 1, D(2026, 1, 1)),  # Eve's two mentees: over capacity
    _mentee(9, 1, D(2026, 1, 1)),
    _mentee(10, 1, D(2026, 4, 1), "waiting"),  # waiting 75 days
    _mentee(11, 1, D(2026, 6, 1), "waiting"),  # waiting 14 days: not yet
    _mentee(12, 1, D(2025, 1, 1), "waiting"),  # waiting again since a match ended on 1 May
    _mentee(13, 2, D(2026, 1, 1)),  # Hilltop: no contact, over capacity, waiting
    _mentee(14, 2, D(2026, 1, 1)),
    _mentee(15, 2, D(2026, 1, 1), "waiting"),
]


def _match(id_, site, mentor, mentee, start, end=None):  # type: ignore[no-untyped-def]
    return dict(id=id_, site_id=site, mentor_id=mentor, mentee_id=mentee, start_date=start,
                end_date=end)  # fmt: skip


MATCHES = [
    _match(1, 1, 1, 1, D(2026, 1, 1)),
    _match(2, 1, 1, 2, D(2026, 2, 1)),
    _match(3, 1, 2, 3, D(2026, 5, 20)),
    _match(4, 1, 2, 4, D(2026, 6, 5)),
    _match(5, 1, 2, 5, D(2025, 1, 1)),
    _match(6, 1, 3, 6, D(2026, 3, 1)),
    _match(7, 1, 4, 7, D(2025, 6, 1)),
    _match(8, 1, 5, 8, D(2026, 1, 10)),
    _match(9, 1, 5, 9, D(2026, 2, 10)),
    _match(10, 1, 1, 12, D(2025, 2, 1), D(2026, 5, 1)),
    _match(11, 2, 6, 13, D(2026, 1, 5)),
    _match(12, 2, 6, 14, D(2026, 2, 5)),
]
_MATCH = {m["id"]: m for m in MATCHES}
_next_contact = [0]


def contact(match: int, day: dt.date, kind: str = "emotional_support", after_hours: bool = False):  # type: ignore[no-untyped-def]
    """One contact row within ``match`` on ``day``."""
    _next_contact[0] += 1
    m = _MATCH[match]
    return dict(match_id=match, site_id=m["site_id"], mentor_id=m["mentor_id"],
                mentee_id=m["mentee_id"], occurred_at=dt.datetime.combine(day, dt.time(10)),
                contact_date=day, minutes=45, mode="phone", contact_type=kind,
                after_hours=after_hours)  # fmt: skip


def contacts() -> list[dict]:
    """The contacts of the fixture."""
    return [
        contact(1, D(2026, 5, 25)),
        # Amanda: one crisis call a month in March-May, three so far in June.
        contact(2, D(2026, 3, 10), "crisis_call"),
        contact(2, D(2026, 4, 10), "crisis_call"),
        contact(2, D(2026, 5, 10), "crisis_call"),
        contact(2, D(2026, 6, 2), "crisis_call"),
        contact(2, D(2026, 6, 5), "crisis_call", after_hours=True),
        contact(2, D(2026, 6, 10), "emotional_support", after_hours=True),
        contact(6, D(2026, 6, 12)),
        contact(7, D(2026, 5, 30)),
        contact(8, D(2026, 6, 14)),
        contact(9, D(2026, 6, 14)),
        contact(10, D(2026, 4, 20)),
    ]


def load(engine: Engine) -> None:
    """Insert the fixture and rebuild the summaries, as a bulk load does."""
    with engine.begin() as conn:
        conn.execute(insert(s.Site), SITES)
        conn.execute(insert(s.Mentor), MENTORS)
        conn.execute(insert(s.Mentee), MENTEES)
        conn.execute(insert(s.Match), MATCHES)
        conn.execute(insert(s.Contact), contacts())
        rebuild_all(conn)


# (kind, item_key) -> days, for a Riverside supervisor on DAY with the default thresholds.
EXPECTED: dict[tuple[str, str], int | None] = {
    ("new_match_no_contact", "match:3"): 26,
    ("no_contact", "match:1"): 21,
    ("no_contact", "match:5"): (DAY - D(2025, 1, 1)).days,
    ("no_contact", "match:7"): 16,
    ("mentor_away", "mentee:6"): None,
    ("mentor_away", "mentee:7"): 15,
    ("waiting_long", "mentee:10"): 75,
    ("waiting_long", "mentee:12"): 45,
    ("free_place", "site:1"): (DAY - D(2026, 4, 1)).days,
    ("over_capacity", "mentor:5"): (DAY - D(2026, 2, 10)).days,
    ("may_need_support", "mentor:1"): 14,
}
HILLTOP_EXPECTED = {
    ("no_contact", "match:11"),
    ("no_contact", "match:12"),
    ("waiting_long", "mentee:15"),
    ("over_capacity", "mentor:6"),
}


def scope(site_ids: tuple[int, ...] = (RIVERSIDE,), see_identities: bool = True) -> AccessScope:
    """A supervisor's scope (or a meeting viewer's, without identities) for ``site_ids``."""
    role = "supervisor" if see_identities else "meeting_viewer"
    return AccessScope(role, frozenset(site_ids), see_identities=see_identities, username="sam")


def riverside(see_identities: bool = True, day: dt.date = DAY) -> Filters:
    """Filters of a Riverside supervisor as seen on ``day``."""
    return Filters(start=D(2026, 1, 1), end=day, scope=scope(see_identities=see_identities))


def admin(day: dt.date = DAY) -> Filters:
    """Filters of an admin (every site) as seen on ``day``."""
    everyone = AccessScope("admin", all_sites=True, see_identities=True, username="kim")
    return Filters(start=D(2026, 1, 1), end=day, scope=everyone)
