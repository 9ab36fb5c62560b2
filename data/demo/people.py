"""Demo people and their matches: sites, mentors, mentees, and a week-by-week matching simulation.

The simulation walks each site's calendar a week at a time: referrals join the waiting list,
mentors with a free slot take the longest-waiting mentee (some mentees are hard to match and
wait for months), matches end with a reason, and mentees either exit or go back on the list
to be re-matched. A mentor's open matches never exceed their capacity on any date.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from dataclasses import dataclass, field

from faker import Faker

from data.demo.text import EXIT_REASONS, MENTOR_LEFT, MENTOR_ON_LEAVE, REMATCH_REQUESTED, SITES

DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)

# Match outcomes: (reason, weight, shortest weeks, longest weeks) before the scale's factor.
OUTCOMES: tuple[tuple[str, int, int, int], ...] = (
    ("goals met", 45, 26, 78),
    ("moved away", 10, 8, 60),
    ("disengaged", 22, 4, 26),
    ("transferred", 8, 8, 52),
    ("other", 5, 8, 52),
    (REMATCH_REQUESTED, 10, 6, 30),
)
assert {o[0] for o in OUTCOMES} - {REMATCH_REQUESTED} == set(EXIT_REASONS)


@dataclass(slots=True)
class MentorPlan:
    """A mentor; ``available_until`` is when they stopped taking mentees (left or on leave)."""

    id: int
    site_id: int
    display_name: str
    start_date: dt.date
    capacity: int
    lean: float  # 0 = leans emotional support, 1 = leans practical living skills
    status: str = "active"
    end_date: dt.date | None = None
    available_until: dt.date | None = None
    open_ends: list[dt.date | None] = field(default_factory=list)

    def row(self) -> dict[str, object]:
        """The ``mentors`` row."""
        return {
            "id": self.id,
            "site_id": self.site_id,
            "display_name": self.display_name,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "status": self.status,
            "capacity": self.capacity,
        }

    def active_on(self, day: dt.date) -> bool:
        """True when the mentor is working on ``day`` (started, not left, not on leave)."""
        return self.start_date <= day and (
            self.available_until is None or day < self.available_until
        )


@dataclass(slots=True)
class MenteePlan:
    """A mentee and how their time in the program unfolds."""

    id: int
    site_id: int
    referral_date: dt.date
    hard_to_match: bool
    give_up_days: int | None
    crisis_risk: float  # chance per week of a downswing with crisis calls
    display_name: str = ""
    intake_date: dt.date | None = None
    status: str = "waiting"
    exit_date: dt.date | None = None
    exit_reason: str | None = None
    waiting_since: dt.date | None = None

    def row(self) -> dict[str, object]:
        """The ``mentees`` row; the code is pseudonymous and follows referral order."""
        return {
            "id": self.id,
            "site_id": self.site_id,
            "code": f"M-{self.id:05d}",
            "display_name": self.display_name,
            "referral_date": self.referral_date,
            "intake_date": self.intake_date,
            "status": self.status,
            "exit_date": self.exit_date,
            "exit_reason": self.exit_reason,
        }


@dataclass(slots=True)
class MatchPlan:
    """A match; ``quiet_since`` marks an open match whose contacts stopped lately."""

    id: int
    site_id: int
    mentor_id: int
    mentee_id: int
    start_date: dt.date
    end_date: dt.date | None
    closure_reason: str | None
    fading: bool = False
    quiet_since: dt.date | None = None

    def row(self) -> dict[str, object]:
        """The ``matches`` row."""
        return {
            "id": self.id,
            "site_id": self.site_id,
            "mentor_id": self.mentor_id,
            "mentee_id": self.mentee_id,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "closure_reason": self.closure_reason,
        }


def site_rows(n_sites: int) -> list[dict[str, object]]:
    """The ``sites`` rows, ids 1..n, from the invented place names."""
    if n_sites > len(SITES):
        raise ValueError(f"at most {len(SITES)} demo sites")
    return [{"id": i, "code": c, "name": n} for i, (c, n) in enumerate(SITES[:n_sites], start=1)]


def _name(fake: Faker) -> str:
    return f"{fake.first_name()} {fake.last_name()}"


def plan_mentors(
    rng: random.Random, fake: Faker, n_sites: int, n_mentors: int, start: dt.date, today: dt.date
) -> list[MentorPlan]:
    """Mentors spread unevenly over sites, most already working when the period starts."""
    weights = [rng.uniform(0.7, 1.5) for _ in range(n_sites)]
    sites = [1 + i % n_sites for i in range(min(n_mentors, 2 * n_sites))]
    sites += rng.choices(range(1, n_sites + 1), weights=weights, k=n_mentors - len(sites))
    late_window = max(1, (today - start).days - 90)
    mentors = []
    for i, site_id in enumerate(sorted(sites), start=1):
        if rng.random() < 0.65:
            began = start - dt.timedelta(days=rng.randint(30, 3 * 365))
        else:
            began = start + dt.timedelta(days=rng.randint(0, late_window))
        mentors.append(
            MentorPlan(
                id=i,
                site_id=site_id,
                display_name=_name(fake),
                start_date=began,
                capacity=rng.choices((2, 3, 4, 5, 6), weights=(1, 2, 3, 2, 1))[0],
                lean=rng.betavariate(2, 2),
            )
        )
    _retire_some(rng, mentors, start, today)
    return mentors


def _retire_some(
    rng: random.Random, mentors: list[MentorPlan], start: dt.date, today: dt.date
) -> None:
    # About one in ten mentors has left the program and one in twenty is on leave now.
    seasoned = [m for m in mentors if m.start_date <= today - dt.timedelta(days=300)]
    n_left = max(1, round(0.1 * len(mentors)))
    n_leave = max(1, round(0.05 * len(mentors)))
    chosen = rng.sample(seasoned, min(len(seasoned), n_left + n_leave))
    for mentor in chosen[:n_left]:
        earliest = max(mentor.start_date, start) + dt.timedelta(days=120)
        span = max(1, (today - dt.timedelta(days=14) - earliest).days)
        mentor.end_date = earliest + dt.timedelta(days=rng.randint(0, span))
        mentor.available_until = mentor.end_date
        mentor.status = "inactive"
    for mentor in chosen[n_left:]:
        mentor.available_until = today - dt.timedelta(days=rng.randint(10, 90))
        mentor.status = "on_leave"


def plan_mentees(
    rng: random.Random,
    fake: Faker,
    mentors: list[MentorPlan],
    n_mentees: int,
    start: dt.date,
    today: dt.date,
) -> list[MenteePlan]:
    """Mentees referred over the period (an opening cohort, then growing), ids in referral order.

    Each site gets referrals in proportion to its mentors' capacity.
    """
    capacity: dict[int, int] = {}
    for mentor in mentors:
        capacity[mentor.site_id] = capacity.get(mentor.site_id, 0) + mentor.capacity
    total = sum(capacity.values())
    span = (today - start).days
    opening = min(0.5, 0.7 * total / max(1, n_mentees))
    shares = {site_id: n_mentees * capacity[site_id] / total for site_id in sorted(capacity)}
    per_site = {site_id: int(share) for site_id, share in shares.items()}
    by_remainder = sorted(shares, key=lambda s: (per_site[s] - shares[s], s))
    for site_id in by_remainder[: n_mentees - sum(per_site.values())]:
        per_site[site_id] += 1
    drafts = []
    for site_id, n_site in per_site.items():
        for _ in range(n_site):
            if rng.random() < opening:
                referred = start - dt.timedelta(days=rng.randint(1, 70))
            elif rng.random() < 0.5:
                referred = start + dt.timedelta(days=rng.randint(0, span))
            else:
                referred = start + dt.timedelta(days=int(rng.triangular(0, span, span)))
            drafts.append((referred, site_id, rng.random()))
    drafts.sort()
    mentees = []
    for i, (referred, site_id, _) in enumerate(drafts, start=1):
        risk = rng.choices((0.004, 0.02, 0.06), weights=(70, 25, 5))[0]
        # Demand has outgrown the mentors lately: recent referrals more often wait for a fit.
        hard_share = 0.3 if referred > today - dt.timedelta(days=240) else 0.08
        mentees.append(
            MenteePlan(
                id=i,
                site_id=site_id,
                referral_date=referred,
                hard_to_match=rng.random() < hard_share,
                give_up_days=rng.randint(28, 150) if rng.random() < 0.07 else None,
                crisis_risk=risk,
                display_name=_name(fake),
            )
        )
    return mentees


class _SiteMatcher:
    """Runs one site's waiting list and caseloads week by week."""

    def __init__(self, rng: random.Random, factor: float, today: dt.date, next_match_id: int):
        self.rng = rng
        self.factor = factor
        self.today = today
        self.next_id = next_match_id
        self.matches: list[MatchPlan] = []
        self.returning: list[tuple[dt.date, int, MenteePlan]] = []

    def run(self, mentors: list[MentorPlan], mentees: list[MenteePlan]) -> list[MatchPlan]:
        """Simulate from the first referral to today; returns the site's matches."""
        if not mentees:
            return []
        for mentee in mentees:
            self._queue(mentee, mentee.referral_date)
        first = min(m.referral_date for m in mentees)
        monday = first - dt.timedelta(days=first.weekday())
        waiting: list[MenteePlan] = []
        while monday <= self.today:
            while self.returning and self.returning[0][0] <= monday:
                waiting.append(heapq.heappop(self.returning)[2])
            waiting = [m for m in waiting if not self._try_match(m, monday, mentors)]
            monday += dt.timedelta(days=7)
        return self.matches

    def _queue(self, mentee: MenteePlan, day: dt.date) -> None:
        mentee.waiting_since = day
        heapq.heappush(self.returning, (day, mentee.id, mentee))

    def _try_match(self, mentee: MenteePlan, monday: dt.date, mentors: list[MentorPlan]) -> bool:
        """True when the mentee leaves the waiting list this week (matched or gave up)."""
        rng = self.rng
        assert mentee.waiting_since is not None
        waited = (monday - mentee.waiting_since).days
        if mentee.give_up_days is not None and waited > mentee.give_up_days:
            mentee.status = "exited"
            mentee.exit_date = monday
            mentee.exit_reason = rng.choices(("disengaged", "moved away", "other"), (7, 2, 1))[0]
            return True
        if mentee.hard_to_match and rng.random() < 0.9:
            return False
        day = min(monday + dt.timedelta(days=rng.randint(0, 4)), self.today)
        mentor = self._free_mentor(mentors, day)
        if mentor is None:
            return False
        self._start_match(mentee, mentor, day)
        return True

    def _free_mentor(self, mentors: list[MentorPlan], day: dt.date) -> MentorPlan | None:
        # A slot counts as taken while a match is open or ends on/after `day`; since every
        # existing match started before this one, that bounds the caseload on all later dates.
        soon = day + dt.timedelta(days=28)
        free, room = [], []
        for mentor in mentors:
            if mentor.start_date > day or (
                mentor.available_until is not None and mentor.available_until <= soon
            ):
                continue
            # Days within a week are drawn out of order, so only forget matches that ended
            # before the week began; count those still open on `day`.
            mentor.open_ends = [e for e in mentor.open_ends if e is None or e >= day - WEEK]
            taken = sum(1 for e in mentor.open_ends if e is None or e >= day)
            if taken < mentor.capacity:
                free.append(mentor)
                room.append(mentor.capacity - taken)
        return self.rng.choices(free, weights=room)[0] if free else None

    def _start_match(self, mentee: MenteePlan, mentor: MentorPlan, day: dt.date) -> None:
        rng = self.rng
        reason, _, shortest, longest = rng.choices(OUTCOMES, weights=[o[1] for o in OUTCOMES])[0]
        weeks = rng.uniform(shortest, longest) * self.factor
        end: dt.date | None = day + dt.timedelta(days=max(14, round(weeks * 7)))
        if mentor.available_until is not None and end >= mentor.available_until:
            end = mentor.available_until
            reason = MENTOR_LEFT if mentor.status == "inactive" else MENTOR_ON_LEAVE
        if end >= self.today:
            end, reason = None, None
        match = MatchPlan(self.next_id, mentor.site_id, mentor.id, mentee.id, day, end, reason)
        self.next_id += 1
        self.matches.append(match)
        mentor.open_ends.append(end)
        mentee.intake_date = mentee.intake_date or day
        mentee.status = "matched"
        if end is None:
            return
        match.fading = reason == "disengaged"
        if reason in EXIT_REASONS:
            mentee.status, mentee.exit_date, mentee.exit_reason = "exited", end, reason
        else:
            mentee.status = "waiting"
            self._queue(mentee, end + dt.timedelta(days=rng.randint(3, 21)))


def simulate_matches(
    rng: random.Random,
    mentors: list[MentorPlan],
    mentees: list[MenteePlan],
    factor: float,
    today: dt.date,
) -> list[MatchPlan]:
    """All matches, site by site; updates each mentee's intake, status and exit in place.

    ``factor`` stretches match lengths so caseloads run at a realistic fill for the scale.
    """
    matches: list[MatchPlan] = []
    for site_id in sorted({m.site_id for m in mentors}):
        matcher = _SiteMatcher(rng, factor, today, len(matches) + 1)
        matches += matcher.run(
            [m for m in mentors if m.site_id == site_id],
            [m for m in mentees if m.site_id == site_id],
        )
    # A few open matches have gone quiet: no contact for the last five to eight weeks.
    settled = [m for m in matches if m.end_date is None and (today - m.start_date).days > 90]
    for match in rng.sample(settled, min(len(settled), max(1, round(0.06 * len(settled))))):
        match.quiet_since = today - dt.timedelta(days=rng.randint(35, 60))
    return matches
