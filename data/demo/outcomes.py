"""Demo outcomes: instruments, goals (milestones when achieved) and assessments with scores.

A mentee is assessed at intake (the baseline) and then about every three months while
matched. Scores improve with noise, level off after a while, and sometimes dip; a few mentees
decline. Mentees who disengage miss their last assessment.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from data.demo.people import MatchPlan, MenteePlan
from data.demo.text import GOALS, RECOVERY_LADDER_DOMAINS
from data.schema import Assessment, AssessmentScore

RECOVERY_LADDER = 1
WELLBEING = 2


@dataclass(frozen=True)
class Domain:
    """A scored domain of a demo instrument."""

    id: int
    instrument_id: int
    name: str
    position: int
    min_score: int
    max_score: int


DOMAINS: tuple[Domain, ...] = (
    *(
        Domain(i, RECOVERY_LADDER, name, i, 1, 10)
        for i, name in enumerate(RECOVERY_LADDER_DOMAINS, start=1)
    ),
    Domain(len(RECOVERY_LADDER_DOMAINS) + 1, WELLBEING, "Total", 1, 14, 70),
)


def instrument_rows() -> list[dict[str, Any]]:
    """The ``instruments`` rows: the recovery ladder and the wellbeing scale."""
    return [
        {"id": RECOVERY_LADDER, "code": "recovery_ladder", "name": "Recovery ladder"},
        {"id": WELLBEING, "code": "wellbeing_total", "name": "Wellbeing scale"},
    ]


def domain_rows() -> list[dict[str, Any]]:
    """The ``instrument_domains`` rows."""
    return [d.__dict__.copy() for d in DOMAINS]


def mentee_span(matches: list[MatchPlan], today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The (first, last) day of each of a mentee's matches, open ones running to today."""
    return [(m.start_date, m.end_date or today) for m in matches]


class OutcomeMaker:
    """Goals and assessments for each mentee who was matched, with ids counted from 1."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.goal_ids = itertools.count(1)
        self.assessment_ids = itertools.count(1)
        # (site_id, year, month) -> sentences of milestones reached, for consultation notes.
        self.milestones: dict[tuple[int, int, int], list[str]] = {}

    def goals(self, mentee: MenteePlan, spans: list[tuple[dt.date, dt.date]]) -> Iterator[dict]:
        """A mentee's goals: set soon after intake, many achieved while matched."""
        rng = self.rng
        first, last = spans[0][0], min(spans[-1][1], self.today)
        chance = {"goals met": 0.85, "disengaged": 0.25}.get(mentee.exit_reason or "", 0.55)
        count = rng.choices((1, 2, 3, 4, 5), weights=(2, 3, 3, 2, 1))[0]
        for category in rng.sample(sorted(GOALS), count):
            description, sentence = rng.choice(GOALS[category])
            set_date = first + dt.timedelta(days=rng.randint(0, min(120, (last - first).days)))
            achieved = set_date + dt.timedelta(days=rng.randint(14, 240))
            if achieved > last or rng.random() > chance:
                achieved = None
            else:
                key = (mentee.site_id, achieved.year, achieved.month)
                reached = self.milestones.setdefault(key, [])
                if len(reached) < 6:
                    reached.append(sentence)
            yield {
                "id": next(self.goal_ids),
                "mentee_id": mentee.id,
                "site_id": mentee.site_id,
                "category": category,
                "description": description,
                "set_date": set_date,
                "achieved_date": achieved,
            }

    def assessment_dates(
        self, mentee: MenteePlan, spans: list[tuple[dt.date, dt.date]]
    ) -> list[dt.date]:
        """Baseline at intake, then about every 13 weeks on days the mentee is matched."""
        rng = self.rng
        first, last = spans[0][0], min(spans[-1][1], self.today)
        dates = [first]
        day = first + dt.timedelta(days=rng.randint(84, 98))
        while day <= last:
            if any(start <= day <= end for start, end in spans):
                dates.append(day)
            day += dt.timedelta(days=rng.randint(84, 98))
        if mentee.exit_reason == "disengaged" and len(dates) > 1:
            dates.pop()
        return dates

    def assessments(
        self, mentee: MenteePlan, spans: list[tuple[dt.date, dt.date]]
    ) -> Iterator[tuple[Any, dict[str, Any]]]:
        """(table, row) pairs: each assessment followed by its domain scores."""
        rng = self.rng
        dates = self.assessment_dates(mentee, spans)
        # Per-assessment change in ladder steps: most improve, some level off, a few decline.
        rate = rng.choices((0.55, 0.3, 0.05, -0.2), weights=(30, 45, 15, 10))[0]
        plateau = rng.randint(2, 5)
        base = {d.id: rng.uniform(2.0, 5.0) for d in DOMAINS if d.instrument_id == RECOVERY_LADDER}
        base_total = rng.uniform(26.0, 46.0)
        for k, day in enumerate(dates):
            dip = rng.random() < 0.08 and k > 0
            growth = rate * min(k, plateau)
            for instrument_id in (RECOVERY_LADDER, WELLBEING):
                assessment_id = next(self.assessment_ids)
                yield (
                    Assessment.__table__,
                    {
                        "id": assessment_id,
                        "mentee_id": mentee.id,
                        "site_id": mentee.site_id,
                        "instrument_id": instrument_id,
                        "assessed_on": day,
                        "is_baseline": k == 0,
                    },
                )
                for domain in DOMAINS:
                    if domain.instrument_id != instrument_id:
                        continue
                    if instrument_id == RECOVERY_LADDER:
                        raw = base[domain.id] + growth + rng.gauss(0, 0.7) - (2 if dip else 0)
                    else:
                        raw = base_total + 5 * growth + rng.gauss(0, 3) - (6 if dip else 0)
                    score = min(domain.max_score, max(domain.min_score, round(raw)))
                    yield (
                        AssessmentScore.__table__,
                        {"assessment_id": assessment_id, "domain_id": domain.id, "score": score},
                    )
