"""Demo outcomes: instruments, goals (milestones when achieved), assessments and events.

A mentee is assessed at intake (the baseline), then about every three months while matched,
and at exit when they leave with their goals met. Recovery-ladder and wellbeing scores improve
with noise, level off after a while, and sometimes dip; a few mentees decline. BARC-10 scores
(recovery capital) rise slowly in steps with plateaus between them. Mentees who disengage miss
their last assessment. Events (crisis episodes, hospital admissions, relapses) are most likely
in a match's first months and grow rarer as it matures.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from data.demo.people import MatchPlan, MenteePlan
from data.demo.text import GOALS
from data.instruments import (
    BARC_10,
    BUILT_IN,
    instrument_row,
)
from data.instruments import (
    RECOVERY_LADDER as LADDER_DEFINITION,
)
from data.instruments import (
    WELLBEING as WELLBEING_DEFINITION,
)
from data.instruments import domain_rows as definition_domain_rows
from data.schema import Assessment, AssessmentScore

RECOVERY_LADDER = 1
WELLBEING = 2
BARC10 = 3
_DEFINITIONS = {
    RECOVERY_LADDER: LADDER_DEFINITION,
    WELLBEING: WELLBEING_DEFINITION,
    BARC10: BARC_10,
}
assert tuple(_DEFINITIONS.values()) == BUILT_IN

# Events per mentee-month in a match's first month, and the floor they decay to (a match
# that has lasted a year sees about a third of its first month's rate).
EVENT_RATES = {"crisis_episode": 0.10, "hospital_admission": 0.025, "relapse": 0.05}
EVENT_FLOOR = 0.3
EVENT_DECAY_MONTHS = 6.0


@dataclass(frozen=True)
class Domain:
    """A scored domain of a demo instrument."""

    id: int
    instrument_id: int
    name: str
    position: int
    min_score: int
    max_score: int


def _domains() -> tuple[Domain, ...]:
    ids = itertools.count(1)
    return tuple(
        Domain(next(ids), instrument_id, row["name"], row["position"], row["min_score"],
               row["max_score"])
        for instrument_id, definition in _DEFINITIONS.items()
        for row in definition_domain_rows(definition, instrument_id)
    )  # fmt: skip


DOMAINS: tuple[Domain, ...] = _domains()


def instrument_rows() -> list[dict[str, Any]]:
    """The ``instruments`` rows: the recovery ladder, the wellbeing scale and BARC-10."""
    return [instrument_row(d, instrument_id) for instrument_id, d in _DEFINITIONS.items()]


def domain_rows() -> list[dict[str, Any]]:
    """The ``instrument_domains`` rows, reliability included."""
    rows = []
    for domain in DOMAINS:
        definition = _DEFINITIONS[domain.instrument_id].domains[domain.position - 1]
        rows.append(
            {
                **domain.__dict__,
                "reliability": definition.reliability,
                "reference_sd": definition.reference_sd,
            }
        )
    return rows


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
        self.event_ids = itertools.count(1)
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
        exit_day = spans[-1][1]
        # An exit assessment, unless one was done in the last month anyway.
        if (
            mentee.exit_reason == "goals met"
            and exit_day < self.today
            and (exit_day - dates[-1]).days > 30
        ):
            dates.append(exit_day)
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
        capital = rng.uniform(22.0, 40.0)
        # Recovery capital grows in steps: most reviews add a little or nothing (a plateau).
        steps = rng.choices(((0, 0, 2, 3), (0, 0, 0, 2), (0, -1, -2, 1)), weights=(60, 30, 10))[0]
        for k, day in enumerate(dates):
            dip = rng.random() < 0.08 and k > 0
            growth = rate * min(k, plateau)
            if k > 0:
                capital += rng.choice(steps)
            for instrument_id in (RECOVERY_LADDER, WELLBEING, BARC10):
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
                    elif instrument_id == BARC10:
                        raw = capital + rng.gauss(0, 1.0) - (3 if dip else 0)
                    else:
                        raw = base_total + 5 * growth + rng.gauss(0, 3) - (6 if dip else 0)
                    score = min(domain.max_score, max(domain.min_score, round(raw)))
                    yield (
                        AssessmentScore.__table__,
                        {"assessment_id": assessment_id, "domain_id": domain.id, "score": score},
                    )

    def events(self, mentee: MenteePlan, matches: list[MatchPlan]) -> Iterator[dict[str, Any]]:
        """A mentee's events: likeliest early in each match, rarer as the match matures."""
        rng = self.rng
        for match in matches:
            last = min(match.end_date or self.today, self.today)
            month = 0
            day = match.start_date
            while day <= last:
                maturity = EVENT_FLOOR + (1 - EVENT_FLOOR) * math.exp(-month / EVENT_DECAY_MONTHS)
                for kind, rate in EVENT_RATES.items():
                    if rng.random() < rate * maturity:
                        when = day + dt.timedelta(days=rng.randint(0, 29))
                        if when <= last:
                            yield {
                                "id": next(self.event_ids),
                                "mentee_id": mentee.id,
                                "site_id": mentee.site_id,
                                "event_date": when,
                                "kind": kind,
                            }
                month += 1
                day += dt.timedelta(days=30)
