"""Demo contacts: the big table, generated match by match as a stream of rows.

Rhythm: a weekly pace per match, fewer contacts at weekends, dips in late December and in the
summer holidays, a busier first month, a fade before a mentee disengages. A mentee in a
downswing has several crisis calls within a few weeks, often after hours. Contact types follow
the mentor's lean towards practical or emotional support.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Iterator
from typing import Any

from data.demo.people import MatchPlan, MenteePlan, MentorPlan

DAY = dt.timedelta(days=1)
WEEKDAY_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 0.9, 0.3, 0.12)  # Monday .. Sunday

MODES = ("in_person", "phone", "video", "text")
# Mode weights (in_person, phone, video, text) and minutes (shortest, longest, most usual).
TYPE_STYLE: dict[str, tuple[tuple[int, ...], tuple[int, int, int]]] = {
    "practical_living_skills": ((70, 15, 10, 5), (30, 120, 75)),
    "emotional_support": ((40, 35, 15, 10), (20, 90, 50)),
    "crisis_call": ((0, 80, 8, 12), (10, 60, 25)),
    "community_outing": ((100, 0, 0, 0), (60, 180, 110)),
    "other": ((35, 35, 10, 20), (15, 60, 30)),
}
EVENING_HOURS = (18, 19, 20, 21, 22, 23, 0, 6, 7)


def season(day: dt.date) -> float:
    """How busy a week starting on ``day`` is, relative to a normal week (1.0)."""
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 3):
        return 0.35
    if (day.month == 7 and day.day >= 15) or day.month == 8:
        return 0.7
    return 1.0


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw with mean ``lam`` (Knuth's method: fine for the small means used here)."""
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


class ContactMaker:
    """Turns matches into contact rows, numbering ids from 1 across all matches."""

    def __init__(self, rng: random.Random, today: dt.date, pace_factor: float = 1.0):
        self.rng = rng
        self.pace_factor = pace_factor  # scales every match's weekly pace (large scale only)
        self.last_day = today - DAY  # nothing is logged for later today
        self.ids = itertools.count(1)
        self._modes = {t: list(itertools.accumulate(w)) for t, (w, _) in TYPE_STYLE.items()}

    def for_match(
        self, match: MatchPlan, mentor: MentorPlan, mentee: MenteePlan
    ) -> Iterator[dict[str, Any]]:
        """Every contact of ``match``, in week order."""
        rng = self.rng
        last = match.end_date or self.last_day
        if match.quiet_since is not None:
            last = min(last, match.quiet_since)
        last = min(last, self.last_day)
        if last < match.start_date:
            return
        p = mentor.lean
        types = ("practical_living_skills", "emotional_support", "community_outing", "other")
        type_cum = list(itertools.accumulate((0.1 + 0.5 * p, 0.1 + 0.5 * (1 - p), 0.12, 0.06)))
        weekday = match.start_date.weekday()
        day_cum = list(itertools.accumulate(WEEKDAY_WEIGHTS[(weekday + o) % 7] for o in range(7)))
        # Contacts per week, calls and texts included (x 1.0 keeps small and medium unchanged).
        pace = rng.uniform(1.6, 3.8) * self.pace_factor
        total_weeks = (last - match.start_date).days // 7 + 1
        downswing = 0
        week_start = match.start_date
        for week in range(total_weeks):
            lam = pace * season(week_start) * (1.3 if week < 4 else 1.0)
            if match.fading:
                lam *= max(0.2, 1 - week / total_weeks)
            kinds = [None] * poisson(rng, lam)
            if downswing == 0 and rng.random() < mentee.crisis_risk:
                downswing = rng.randint(2, 4)
            if downswing:
                downswing -= 1
                kinds += ["crisis_call"] * poisson(rng, 1.4)
            for kind in kinds:
                day = week_start + dt.timedelta(days=rng.choices(range(7), cum_weights=day_cum)[0])
                if day > last:
                    continue
                contact_type = kind or rng.choices(types, cum_weights=type_cum)[0]
                yield self._row(match, day, contact_type)
            week_start += dt.timedelta(days=7)

    def _row(self, match: MatchPlan, day: dt.date, contact_type: str) -> dict[str, Any]:
        rng = self.rng
        mode = rng.choices(MODES, cum_weights=self._modes[contact_type])[0]
        if mode == "text":
            minutes = rng.randint(5, 20)
        else:
            low, high, usual = TYPE_STYLE[contact_type][1]
            minutes = 5 * round(rng.triangular(low, high, usual) / 5)
        evening = 0.45 if contact_type == "crisis_call" else 0.12 if mode == "phone" else 0.02
        hour = rng.choice(EVENING_HOURS) if rng.random() < evening else rng.randint(9, 16)
        occurred_at = dt.datetime(day.year, day.month, day.day, hour, 5 * rng.randint(0, 11))
        return {
            "id": next(self.ids),
            "match_id": match.id,
            "site_id": match.site_id,
            "mentor_id": match.mentor_id,
            "mentee_id": match.mentee_id,
            "occurred_at": occurred_at,
            "contact_date": day,
            "minutes": minutes,
            "mode": mode,
            "contact_type": contact_type,
            "after_hours": hour < 8 or hour >= 18,
        }
