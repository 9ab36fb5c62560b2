"""What needs attention: the questions a supervisor did not think to ask, one function per kind.

Every function answers as seen on ``filters.end`` (the default period ends today), within the
scope's sites, and returns items with the same columns (``ITEM_COLUMNS``):

- ``kind``: one of ``KINDS``; ``item_key``: the item's subject (``match:12``, ``mentee:4``,
  ``mentor:3``, ``site:1``, ``note:9``), stable while the item lasts;
- ``site_id``, ``site``, ``mentor_id``, ``mentor`` (the mentor concerned, or None);
- ``mentee_id``, ``mentee_code``, ``mentee_name``: only for scopes that may see identities
  (None otherwise: they are not even selected);
- ``since`` (the date the cause began, or None), ``days`` (days since then);
- ``detail``: what, in words, **never naming a mentee** (the weekly email uses it as it is);
- ``fingerprint``: the cause as text; a supervisor's mark holds while it stays the same.

``attention_items`` gathers every kind and applies the supervisors' marks (seen, snoozed);
``attention_counts`` counts open items by kind; ``weekly_wins`` counts the week's wins.
Thresholds are keyword arguments (the app passes its settings, ``ATTENTION_*``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, func, null, or_, select

from data.filters import Filters
from data.queries._connection import connection, one_connection
from data.queries._disclosure import hide_small_counts
from data.queries._sql import (
    DATE,
    INT,
    INT_OR_NONE,
    TEXT,
    as_date,
    caseload_on_end_date,
    fetch,
    open_on,
    typed_frame,
)
from data.queries._time import month_start, next_month_start, year_month
from data.queries._waiting import waiting_clause, waiting_since, waiting_site_id
from data.schema import AttentionMark, Contact, Goal, Match, Mentee, Mentor, Site

NO_CONTACT = "no_contact"
NEW_MATCH = "new_match_no_contact"
WAITING = "waiting_long"
FREE_PLACE = "free_place"
OVER_CAPACITY = "over_capacity"
MENTOR_AWAY = "mentor_away"
CRISIS_RISE = "may_need_support"
ASSESSMENT_DUE = "assessment_due"
ACTION_OVERDUE = "action_item_overdue"

# Kinds in the order the list shows them, with the label a person reads.
KIND_LABELS: dict[str, str] = {
    NEW_MATCH: "New match, no contact yet",
    NO_CONTACT: "No contact lately",
    MENTOR_AWAY: "Mentor left or on leave",
    WAITING: "Waiting for a mentor",
    FREE_PLACE: "Free place while someone waits",
    OVER_CAPACITY: "Over capacity",
    CRISIS_RISE: "Mentor may need support",
    ASSESSMENT_DUE: "Assessment due",
    ACTION_OVERDUE: "Action item past due",
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

# A match counts as new for its first three months (mentoring practice: early check-ins).
NEW_MATCH_WINDOW_DAYS = 90
DEFAULT_THRESHOLDS: dict[str, float] = {
    "no_contact_days": 14,
    "waiting_days": 30,
    "new_match_days": 14,
    # The outcomes follow-up schedule (FOLLOW_UP_* settings, data.queries.outcome_followup).
    "follow_up_baseline_days": 30,
    "follow_up_interval_months": 6,
    "follow_up_window_days": 30,
    "follow_up_at_exit": 1,
}

ITEM_COLUMNS = {
    "kind": TEXT,
    "item_key": TEXT,
    "site_id": INT,
    "site": TEXT,
    "mentor_id": INT_OR_NONE,
    "mentor": TEXT,
    "mentee_id": INT_OR_NONE,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "since": DATE,
    "days": INT_OR_NONE,
    "detail": TEXT,
    "fingerprint": TEXT,
}
MARK_COLUMNS = {
    "mark": TEXT,
    "marked_by": TEXT,
    "marked_at": TEXT,
    "snooze_until": DATE,
    "mark_reason": TEXT,
}
LIST_COLUMNS = {**ITEM_COLUMNS, **MARK_COLUMNS}
COUNT_COLUMNS = {"kind": TEXT, "label": TEXT, "open": INT, "snoozed": INT}
WINS_COLUMNS = {
    "milestones": INT,
    "new_matches": INT,
    "six_months": INT,
    "twelve_months": INT,
}


def _day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _identity(filters: Filters) -> list[Any]:
    """Mentee id, code and name, or NULLs when the scope may not see identities."""
    if filters.scope.see_identities:
        return [Mentee.id, Mentee.code, Mentee.display_name]
    return [null(), null(), null()]


Row = tuple[Any, ...]


def _kind(build: Callable[..., list[Row]]) -> Callable[..., pd.DataFrame]:
    """A kind's public function from its row builder: the same arguments, a typed frame.
    ``attention_items`` calls the builder itself (``__wrapped__``) and types rows once."""

    @functools.wraps(build)
    def items(engine: Engine, filters: Filters, *args: Any, **kwargs: Any) -> pd.DataFrame:
        with connection(engine):
            return _frame(build(engine, filters, *args, **kwargs))

    return items


def _frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    return typed_frame(rows, ITEM_COLUMNS)


# --- matched mentees: no contact lately, new matches without a first contact ----------------


def _quiet_matches(engine: Engine, filters: Filters, quiet_days: int) -> list[Any]:
    """Open matches on the day whose last contact (within the match) is ``quiet_days`` or
    more days back, or that have had none and started that long ago."""
    day = filters.end
    cutoff = day - dt.timedelta(days=quiet_days)
    last = (
        select(func.max(Contact.contact_date))
        .where(Contact.match_id == Match.id, Contact.contact_date <= day)
        .scalar_subquery()
        .label("last_contact")
    )
    matches = (
        select(
            Match.id,
            Match.site_id,
            Match.mentor_id,
            Match.mentee_id,
            Match.start_date,
            last,
        )
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            open_on(Match.start_date, Match.end_date, day),
        )
        .subquery("open_matches")
    )
    c = matches.c
    statement = (
        select(
            c.id,
            c.site_id,
            Site.name,
            c.mentor_id,
            Mentor.display_name,
            *_identity(filters),
            c.start_date,
            c.last_contact,
        )
        .select_from(matches)
        .join(Site, Site.id == c.site_id)
        .join(Mentor, Mentor.id == c.mentor_id)
        .where(
            or_(
                and_(c.last_contact.is_(None), c.start_date <= cutoff),
                c.last_contact <= cutoff,
            )
        )
        .order_by(Site.name, Mentor.display_name, c.start_date, c.id)
    )
    if filters.scope.see_identities:
        statement = statement.join(Mentee, Mentee.id == c.mentee_id)
    return fetch(engine, statement)


def _is_new_match(start: dt.date, last: dt.date | None, day: dt.date, new_days: int) -> bool:
    age = (day - start).days
    return last is None and new_days <= age < NEW_MATCH_WINDOW_DAYS


@_kind
def no_contact_items(
    engine: Engine,
    filters: Filters,
    no_contact_days: int = 14,
    new_match_days: int = 14,
    quiet: list[Any] | None = None,
) -> list[Row]:
    """Matched mentees with no contact for ``no_contact_days`` days or more (``days``: days
    since the last contact in the match, or since it started when there was none). New
    matches still waiting for a first contact are ``new_match_items`` instead."""
    day, rows = filters.end, []
    if quiet is None:
        quiet = _quiet_matches(engine, filters, max(1, int(no_contact_days)))
    cutoff = day - dt.timedelta(days=max(1, int(no_contact_days)))
    for r in quiet:
        match_id, site_id, site, mentor_id, mentor, mentee_id, code, name, start, last = r
        start, last = as_date(start), as_date(last)
        if _is_new_match(start, last, day, int(new_match_days)):
            continue
        since = last or start
        if since > cutoff:
            continue  # quiet for the new-match threshold only
        days = (day - since).days
        detail = (
            f"no contact for {days} days (last contact {_day_text(last)})"
            if last
            else f"no contact since the match started {days} days ago"
        )
        rows.append(
            (NO_CONTACT, f"match:{match_id}", site_id, site, mentor_id, mentor, mentee_id,
             code, name, since, days, detail, f"last:{last or 'none'}")
        )  # fmt: skip
    return rows


@_kind
def new_match_items(
    engine: Engine, filters: Filters, new_match_days: int = 14, quiet: list[Any] | None = None
) -> list[Row]:
    """New matches (in their first three months) with no contact yet ``new_match_days`` or
    more days after they started; ``since`` is the match's start."""
    day, rows = filters.end, []
    if quiet is None:
        quiet = _quiet_matches(engine, filters, max(1, int(new_match_days)))
    for r in quiet:
        match_id, site_id, site, mentor_id, mentor, mentee_id, code, name, start, last = r
        start, last = as_date(start), as_date(last)
        if not _is_new_match(start, last, day, int(new_match_days)):
            continue
        days = (day - start).days
        rows.append(
            (NEW_MATCH, f"match:{match_id}", site_id, site, mentor_id, mentor, mentee_id, code,
             name, start, days, f"new match {days} days ago, no contact yet",
             f"start:{start}")
        )  # fmt: skip
    return rows


# --- the waiting list -------------------------------------------------------------------


@_kind
def waiting_items(engine: Engine, filters: Filters, waiting_days: int = 30) -> list[Row]:
    """Mentees waiting for a mentor for more than ``waiting_days`` days (since their referral
    or the end of their last match). The mentor choice does not apply: nobody mentors them."""
    day = filters.end
    since = waiting_since(day)
    statement = (
        select(Mentee.id, Mentee.site_id, Site.name, *_identity(filters)[1:], since)
        .join(Site, Site.id == waiting_site_id())
        .where(
            waiting_clause(filters, day),
            since < day - dt.timedelta(days=max(0, int(waiting_days))),
        )
        .order_by(Site.name, since, Mentee.id)
    )
    rows = []
    for mentee_id, site_id, site, code, name, started in fetch(engine, statement):
        started = as_date(started)
        days = (day - started).days
        rows.append(
            (WAITING, f"mentee:{mentee_id}", site_id, site, None, None,
             mentee_id if filters.scope.see_identities else None, code, name, started, days,
             f"waiting for a mentor for {days} days (since {_day_text(started)})",
             f"since:{started}")
        )  # fmt: skip
    return rows


@_kind
def free_place_items(engine: Engine, filters: Filters) -> list[Row]:
    """Sites where someone waits for a mentor while an active mentor there has a free place
    (caseload below capacity). One item per site; ``since`` is the longest wait's start."""
    day = filters.end
    since = waiting_since(day)
    site_id = waiting_site_id().label("site_id")
    waiting = fetch(
        engine,
        select(site_id, func.count(), func.min(since))
        .where(waiting_clause(filters, day))
        .group_by(site_id),
    )
    if not waiting:
        return []
    caseload = caseload_on_end_date(filters)
    active = func.coalesce(caseload.c.n, 0)
    free = fetch(
        engine,
        select(Mentor.site_id, Site.name, Mentor.display_name, Mentor.capacity - active)
        .join(Site, Site.id == Mentor.site_id)
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            Mentor.status == "active",
            open_on(Mentor.start_date, Mentor.end_date, day),
            Mentor.capacity > active,
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id),
    )
    places: dict[int, tuple[str, list[tuple[str, int]]]] = {}
    for site_id, site, mentor, spare in free:
        places.setdefault(site_id, (site, []))[1].append((mentor, int(spare)))
    threshold = filters.scope.small_cell_min
    rows = []
    for site_id, n_waiting, longest in sorted(waiting, key=lambda w: w[0]):
        if site_id not in places:
            continue
        site, mentors = places[site_id]
        free_total = sum(spare for _, spare in mentors)
        n = int(n_waiting)
        who = f"fewer than {threshold}" if 0 < n < threshold else str(n)
        waits = f"{who} {'mentee' if n == 1 else 'mentees'} waiting"
        names = ", ".join(f"{mentor} {spare}" for mentor, spare in mentors)
        started = as_date(longest)
        rows.append(
            (FREE_PLACE, f"site:{site_id}", site_id, site, None, None, None, None, None,
             started, (day - started).days,
             f"{waits} while {_plural(free_total, 'place is', 'places are')} free ({names})",
             f"waiting:{n}:free:{free_total}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[2]))


# --- mentors: over capacity, left or on leave, may need support -------------------------


@_kind
def over_capacity_items(engine: Engine, filters: Filters) -> list[Row]:
    """Mentors in post with more mentees in open matches than their capacity; ``since`` is the
    start of their newest open match."""
    day = filters.end
    newest = (
        select(Match.mentor_id, func.max(Match.start_date).label("newest"))
        .where(filters.site_clause(Match.site_id), open_on(Match.start_date, Match.end_date, day))
        .group_by(Match.mentor_id)
        .subquery("newest")
    )
    caseload = caseload_on_end_date(filters)
    statement = (
        select(
            Mentor.id,
            Mentor.site_id,
            Site.name,
            Mentor.display_name,
            Mentor.capacity,
            caseload.c.n,
            newest.c.newest,
        )
        .join(Site, Site.id == Mentor.site_id)
        .join(caseload, caseload.c.mentor_id == Mentor.id)
        .join(newest, newest.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            Mentor.status == "active",
            open_on(Mentor.start_date, Mentor.end_date, day),
            caseload.c.n > Mentor.capacity,
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )
    rows = []
    for mentor_id, site_id, site, mentor, capacity, n, started in fetch(engine, statement):
        started = as_date(started)
        rows.append(
            (OVER_CAPACITY, f"mentor:{mentor_id}", site_id, site, mentor_id, mentor, None, None,
             None, started, (day - started).days,
             f"{_plural(int(n), 'mentee')} for a capacity of {int(capacity)}",
             f"caseload:{int(n)}:capacity:{int(capacity)}")
        )  # fmt: skip
    return rows


@_kind
def mentor_away_items(engine: Engine, filters: Filters) -> list[Row]:
    """Mentees whose match is still open while their mentor has left or is on leave (the
    Caseloads page's ``mentees_needing_new_mentor``); ``since`` is when the mentor left."""
    from data.queries.caseloads import LEFT, mentees_needing_new_mentor

    away = mentees_needing_new_mentor(engine, filters)
    if away.empty:
        return []
    day, sites, rows = filters.end, _site_ids(engine, filters), []
    for r in away.to_dict("records"):
        if r["site"] not in sites:
            continue
        left_on = as_date(r["mentor_left_on"])
        if r["mentor_status"] == LEFT:
            detail = "their mentor has left" + (f" ({_day_text(left_on)})" if left_on else "")
            why = "left"
        else:
            detail, why = "their mentor is on leave", "on_leave"
        mentee_id = r["mentee_id"] if filters.scope.see_identities else None
        rows.append(
            (MENTOR_AWAY, f"mentee:{r['mentee_id']}", sites[r["site"]], r["site"],
             int(r["mentor_id"]), r["mentor"], mentee_id, r["mentee_code"], r["mentee_name"],
             left_on, (day - left_on).days if left_on else None,
             detail + " and the match is still open",
             f"{why}:{r['mentor_id']}:{left_on or ''}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[5] or "", r[1]))


@_kind
def crisis_rise_items(engine: Engine, filters: Filters) -> list[Row]:
    """Mentors whose crisis calls and after-hours contacts this month (to the day) rose
    against their own average over the previous three months, by the Workload page's rule
    (``crisis_rise_by_mentor``): they may need support. A mentor is compared only with their
    own past; nothing is marked for a scope that hides small counts."""
    from data.queries.workload import crisis_rise_by_mentor

    rise = crisis_rise_by_mentor(engine, filters)
    if rise.empty:
        return []
    day, this_month = filters.end, month_start(filters.end)
    sites = _site_ids(engine, filters)
    rows = []
    for r in rise.to_dict("records"):
        if r["site"] not in sites:
            continue
        now, before = int(r["crisis_or_after_hours"]), float(r["previous_average"])
        rows.append(
            (CRISIS_RISE, f"mentor:{r['mentor_id']}", sites[r["site"]], r["site"],
             int(r["mentor_id"]), r["mentor"], None, None, None, this_month,
             (day - this_month).days,
             f"may need support: {_plural(now, 'crisis or after-hours contact')} so far in "
             f"{this_month:%B}, against {before:.1f} a month over the three months before",
             f"month:{year_month(this_month)}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[5] or "", r[1]))


# --- asked by other subjects: assessments due (outcomes), action items (consultation notes)


def _site_ids(engine: Engine, filters: Filters) -> dict[str, int]:
    rows = fetch(engine, select(Site.name, Site.id).where(filters.site_clause(Site.id)))
    return {str(name): int(site_id) for name, site_id in rows}


@_kind
def assessment_due_items(
    engine: Engine,
    filters: Filters,
    follow_up_baseline_days: int = 30,
    follow_up_interval_months: int = 6,
    follow_up_window_days: int = 30,
    follow_up_at_exit: bool = True,
) -> list[Row]:
    """Mentees with an assessment due or overdue under the follow-up schedule (the Outcomes
    page's ``assessments_due``), one item per mentee: the most overdue. None for a scope that
    may not see identities (a list of people is identifying even without names)."""
    from data.queries.outcome_followup import FollowUpSchedule, assessments_due

    schedule = FollowUpSchedule(
        baseline_days=int(follow_up_baseline_days),
        interval_months=int(follow_up_interval_months),
        window_days=int(follow_up_window_days),
        at_exit=bool(follow_up_at_exit),
    )
    due = assessments_due(engine, filters, schedule=schedule)
    if due.empty:
        return []
    day, sites, rows, seen = filters.end, _site_ids(engine, filters), [], set()
    for r in due.to_dict("records"):
        if r["mentee_id"] in seen or r["site"] not in sites:
            continue
        seen.add(r["mentee_id"])
        what = {"baseline": "baseline", "follow_up": "follow-up", "exit": "exit"}.get(
            r["kind"], str(r["kind"])
        )
        due_date, closes = as_date(r["due_date"]), as_date(r["window_closes"])
        if r["status"] == "overdue":
            detail = f"{what} assessment overdue (its window closed {_day_text(closes)})"
        else:
            detail = f"{what} assessment due (its window closes {_day_text(closes)})"
        rows.append(
            (ASSESSMENT_DUE, f"mentee:{r['mentee_id']}", sites[r["site"]], r["site"], None, None,
             r["mentee_id"], r["mentee_code"], r["mentee_name"], min(due_date, day),
             max(0, (day - due_date).days), detail, f"{r['kind']}:{due_date}:{r['status']}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[9], r[1]))


@_kind
def action_item_items(engine: Engine, filters: Filters) -> list[Row]:
    """Open action items from consultation meetings past their due month (the notes page's
    ``overdue_action_items``). The item never carries the note's text (free text may name
    someone); the Consultation notes page shows it."""
    from data.queries.notes import overdue_action_items

    overdue = overdue_action_items(engine, filters)
    if overdue.empty:
        return []
    day, sites, rows = filters.end, _site_ids(engine, filters), []
    for r in overdue.to_dict("records"):
        if r["site"] not in sites:
            continue
        month, due = as_date(r["month"]), as_date(r["due_month"])
        late_from = next_month_start(due)
        owner = {"mentor": " (a mentor's)", "supervisor": " (the supervisor's)"}.get(
            r["owner"] or "", ""
        )
        mentor_id = None if pd.isna(r["mentor_id"]) else int(r["mentor_id"])
        rows.append(
            (ACTION_OVERDUE, f"note:{r['note_id']}", sites[r["site"]], r["site"], mentor_id,
             r["mentor"], None, None, None, late_from, (day - late_from).days,
             f"action item{owner} from the {month:%B %Y} meeting, due in {due:%B %Y}",
             f"due:{due}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[9], r[1]))


# --- everything, with the supervisors' marks --------------------------------------------


def _all_rows(engine: Engine, filters: Filters, thresholds: dict[str, float]) -> list[Row]:
    t = {**DEFAULT_THRESHOLDS, **thresholds}
    no_contact, new_match = int(t["no_contact_days"]), int(t["new_match_days"])
    # One query of quiet matches serves both match kinds.
    quiet = _quiet_matches(engine, filters, max(1, min(no_contact, new_match)))
    builders: list[Callable[[], list[Row]]] = [
        lambda: new_match_items.__wrapped__(engine, filters, new_match, quiet),
        lambda: no_contact_items.__wrapped__(engine, filters, no_contact, new_match, quiet),
        lambda: mentor_away_items.__wrapped__(engine, filters),
        lambda: waiting_items.__wrapped__(engine, filters, int(t["waiting_days"])),
        lambda: free_place_items.__wrapped__(engine, filters),
        lambda: over_capacity_items.__wrapped__(engine, filters),
        lambda: crisis_rise_items.__wrapped__(engine, filters),
        lambda: assessment_due_items.__wrapped__(
            engine,
            filters,
            int(t["follow_up_baseline_days"]),
            int(t["follow_up_interval_months"]),
            int(t["follow_up_window_days"]),
            bool(t["follow_up_at_exit"]),
        ),
        lambda: action_item_items.__wrapped__(engine, filters),
    ]
    return [row for build in builders for row in build()]


@one_connection
def latest_marks(engine: Engine, filters: Filters) -> dict[tuple[str, str], dict[str, Any]]:
    """The newest mark of every item in scope, by (kind, item_key)."""
    statement = (
        select(
            AttentionMark.kind,
            AttentionMark.item_key,
            AttentionMark.fingerprint,
            AttentionMark.mark,
            AttentionMark.marked_by,
            AttentionMark.marked_at,
            AttentionMark.snooze_until,
            AttentionMark.reason,
        )
        .where(filters.site_clause(AttentionMark.site_id))
        .order_by(AttentionMark.id)
    )
    marks: dict[tuple[str, str], dict[str, Any]] = {}
    for row in fetch(engine, statement):
        marks[(row.kind, row.item_key)] = row._asdict()
    return marks


def _mark_of(item: dict[str, Any], marks: dict, day: dt.date) -> tuple[Any, ...]:
    """(mark, by, at, until, reason) of an item: none when its cause has changed since it was
    marked (the fingerprint differs), when a snooze has run out, or after a clear."""
    mark = marks.get((item["kind"], item["item_key"]))
    if mark is None or mark["fingerprint"] != item["fingerprint"] or mark["mark"] == "cleared":
        return (None, None, None, None, None)
    until = as_date(mark["snooze_until"])
    if mark["mark"] == "snoozed" and (until is None or until <= day):
        return (None, None, None, None, None)
    at = mark["marked_at"]
    return (mark["mark"], mark["marked_by"], str(at)[:16], until, mark["reason"])


@one_connection
def attention_items(engine: Engine, filters: Filters, **thresholds: float) -> pd.DataFrame:
    """Every item that needs attention at the scope's sites on ``filters.end``, kinds in the
    order of ``KINDS``, with its current mark (``LIST_COLUMNS``): ``mark`` is None (open),
    'seen' (still open, someone has looked) or 'snoozed' (until ``snooze_until``, exclusive).

    ``thresholds`` override ``DEFAULT_THRESHOLDS`` (no_contact_days, waiting_days,
    new_match_days and the follow-up schedule's follow_up_*).
    """
    names = list(ITEM_COLUMNS)
    items = [
        dict(zip(names, (None if _is_missing(v) else v for v in row), strict=True))
        for row in _all_rows(engine, filters, thresholds)
    ]
    marks = latest_marks(engine, filters) if items else {}
    rows = [(*item.values(), *_mark_of(item, marks, filters.end)) for item in items]
    return typed_frame(rows, LIST_COLUMNS)


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str | dt.date) and bool(pd.isna(value)))


@one_connection
def attention_counts(engine: Engine, filters: Filters, **thresholds: float) -> pd.DataFrame:
    """Items by kind (every kind, zeros included, in list order): ``open`` (not snoozed, seen
    included) and ``snoozed``. Columns: kind, label, open, snoozed."""
    return count_by_kind(attention_items(engine, filters, **thresholds))


def count_by_kind(items: pd.DataFrame) -> pd.DataFrame:
    """``attention_counts`` of an ``attention_items`` frame already at hand (so a cached list
    serves its counts too)."""
    rows = []
    for kind, label in KIND_LABELS.items():
        of_kind = items[items["kind"] == kind]
        snoozed = int((of_kind["mark"] == "snoozed").sum())
        rows.append((kind, label, len(of_kind) - snoozed, snoozed))
    return typed_frame(rows, COUNT_COLUMNS)


# --- the week's wins (strengths first) --------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@one_connection
def weekly_wins(engine: Engine, filters: Filters, days: int = 7) -> pd.DataFrame:
    """Wins in the ``days`` days up to ``filters.end`` at the scope's sites; one row.

    Columns: milestones (goals achieved), new_matches (matches started), six_months and
    twelve_months (matches still open on the day they reached 6 or 12 months). Counts of
    mentees below the scope's small-cell threshold are <NA>.
    """
    end = filters.end
    start = end - dt.timedelta(days=max(1, int(days)) - 1)
    with connection(engine) as conn:
        milestones = conn.execute(
            select(func.count())
            .select_from(Goal)
            .where(filters.site_clause(Goal.site_id), Goal.achieved_date.between(start, end))
        ).scalar_one()
        new_matches = conn.execute(
            select(func.count())
            .select_from(Match)
            .where(
                filters.site_clause(Match.site_id),
                filters.mentor_clause(Match.mentor_id),
                Match.start_date.between(start, end),
            )
        ).scalar_one()
        reached = []
        for months in (6, 12):
            rows = conn.execute(
                select(Match.start_date, Match.end_date).where(
                    filters.site_clause(Match.site_id),
                    filters.mentor_clause(Match.mentor_id),
                    Match.start_date.between(_add_months(start, -months - 1), end),
                    or_(Match.end_date.is_(None), Match.end_date >= start),
                )
            ).all()
            count = 0
            for began, ended in rows:
                anniversary = _add_months(as_date(began), months)
                ended = as_date(ended)
                if start <= anniversary <= end and (ended is None or ended >= anniversary):
                    count += 1
            reached.append(count)
    df = typed_frame([(milestones, new_matches, *reached)], WINS_COLUMNS)
    return hide_small_counts(df, filters, list(WINS_COLUMNS))


__all__ = [
    "KINDS",
    "KIND_LABELS",
    "action_item_items",
    "assessment_due_items",
    "attention_counts",
    "attention_items",
    "count_by_kind",
    "crisis_rise_items",
    "free_place_items",
    "latest_marks",
    "mentor_away_items",
    "new_match_items",
    "no_contact_items",
    "over_capacity_items",
    "waiting_items",
    "weekly_wins",
]
