"""Meeting mode: the questions the monthly consultation meeting asks, for a shared screen.

Every function here answers for a *meeting* scope (``meeting_scope``): the user's sites, no
identities, and small counts hidden, whoever presents. An admin opening meeting mode gets the
same de-identified answers as a meeting viewer. ``meeting_filters`` builds that scope and the
month's period in one place, so no caller can forget it; the functions also refuse filters
whose scope would show identities or small counts (``MeetingScopeRequired``).

Counts of mentees and of contacts from 1 to ``small_cell_min - 1`` come back as <NA>, and an
average over fewer mentees than that is NaN with its n <NA>: the room reads "fewer than 5".
Consultation notes are free text (names are read to redact them and never returned). A note's
text reaches the room only once a supervisor cleared it for the room as it
is now (``notes.cleared_for_room``), and then with every mentee identity replaced
(``_redaction``); challenges only when also marked for the room (``shown_in_room``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, func, or_, select

from data import clock
from data.filters import AccessScope, FilterError, Filters, ScopeMissing
from data.queries import notes as note_queries
from data.queries._connection import one_connection
from data.queries._disclosure import hide_small_counts, rounding_base, share_of, shown_count
from data.queries._facts import mentor_month_facts
from data.queries._identity_index import identity_index
from data.queries._redaction import Redactor, build_redactor, folded, text_keys
from data.queries._sql import (
    DATE,
    FLOAT,
    INT,
    INT_OR_NONE,
    TEXT,
    fetch,
    typed_frame,
)
from data.queries._time import (
    date_of_year_quarter,
    month_end,
    month_start,
    quarter_start,
    split_quarters,
    year_quarter_of,
)
from data.queries.outcomes import distance_travelled, milestones_by_category
from data.queries.overview import monthly_activity
from data.queries.workload import workload_by_mentor
from data.schema import (
    CONTACT_TYPES,
    NOTE_KINDS,
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteQuarter,
    ConsultationMeeting,
    ConsultationNote,
    GroupSession,
    Instrument,
    InstrumentDomain,
    Match,
    Mentor,
    Site,
)

# The program's default threshold (dashboard.settings.small_cell_min overrides it per app).
SMALL_CELL_MIN = 5
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
EARLIEST_MONTH = dt.date(2000, 1, 1)
ANNIVERSARY_MONTHS = (6, 12)
MAX_CARRIED_ACTIONS = 5
MAX_ROOM_NOTES = 6
ROOM_INSTRUMENT = "recovery_ladder"

GLANCE_COLUMNS = {
    "period": TEXT,
    "start": DATE,
    "end": DATE,
    "people_supported": INT,
    "contacts": INT,
    "contact_hours": FLOAT,
    "group_sessions": INT,
    "milestones": INT,
}
ANNIVERSARY_COLUMNS = {"months": INT, "matches": INT}
NOTE_COLUMNS = {"kind": TEXT, "text": TEXT, "mentor": TEXT}
ACTION_COLUMNS = {
    "note_id": INT,
    "text": TEXT,
    "owner": TEXT,
    "site": TEXT,
    "from_month": DATE,
    "due_month": DATE,
    "total": INT,
}
CONTRIBUTION_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "contacts": INT_OR_NONE,
    "hours": FLOAT,
    "group_sessions": INT,
    "accomplishments": INT,
    "positive_impacts": INT,
    "contacts_last_month": INT_OR_NONE,
}
TREND_COLUMNS = {"quarter": DATE, "mean_score": FLOAT, "n_mentees": INT}
DISTANCE_COLUMNS = {
    "domain": TEXT,
    "baseline_mean": FLOAT,
    "latest_mean": FLOAT,
    "change": FLOAT,
    "n": INT_OR_NONE,
}
CONTACT_MIX_COLUMNS = {"contact_type": TEXT, "contacts": INT, "share": FLOAT}
NOTE_COUNT_COLUMNS = {"kind": TEXT, "notes": INT, "off_screen": INT}
SITE_COLUMNS = {"site_id": INT, "name": TEXT}
PERIODS = ("this_month", "last_month", "last_year")


class MeetingScopeRequired(PermissionError):
    """A meeting query was given a scope that could show identities or small counts."""


def meeting_scope(scope: AccessScope, small_cell_min: int = SMALL_CELL_MIN) -> AccessScope:
    """``scope`` for the shared screen: the same sites, no identities, small counts hidden.

    The threshold is the larger of ``small_cell_min`` and the scope's own, and at least 2
    (so a count of one is never shown), whatever the role.
    """
    if not isinstance(scope, AccessScope):
        raise ScopeMissing("a query needs the access scope of the person asking")
    threshold = max(2, int(small_cell_min), scope.small_cell_min)
    return replace(scope, see_identities=False, small_cell_min=threshold)


def default_month(today: dt.date | None = None, meeting_day: int = 1) -> dt.date:
    """The month a meeting reviews unless another is chosen: the last complete month.

    The program's meeting is held on ``meeting_day`` of each month (1: any day counts): before
    that day, the month still to be reviewed is the one before the last complete month.
    """
    today = today or clock.today()
    last_complete = month_start(month_start(today) - dt.timedelta(days=1))
    if today.day < meeting_day:
        return month_start(last_complete - dt.timedelta(days=1))
    return last_complete


def parse_month(value: object, today: dt.date | None = None, meeting_day: int = 1) -> dt.date:
    """The first day of the month a 'YYYY-MM' value names; empty means ``default_month``.

    Raises FilterError (a message for a person) for anything else, a month before 2000 or
    a month after the current one.
    """
    today = today or clock.today()
    if value is None or value == "":
        return default_month(today, meeting_day)
    match = MONTH_PATTERN.match(value) if isinstance(value, str) and len(value) == 7 else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise FilterError("The month must look like 2026-10 (year, then month).")
    month = dt.date(int(match.group(1)), int(match.group(2)), 1)
    if month < EARLIEST_MONTH or month > month_start(today):
        raise FilterError("Choose a month between January 2000 and this month.")
    return month


def meeting_filters(
    scope: AccessScope | None,
    month: object = None,
    sites: object = None,
    small_cell_min: int = SMALL_CELL_MIN,
    today: dt.date | None = None,
    meeting_day: int = 1,
) -> Filters:
    """Filters for the meeting of ``month`` ('YYYY-MM'; empty: ``default_month``) at
    ``sites``, in the meeting scope.

    The period is the whole month (a de-identified scope always sees whole months, so two
    periods cannot be differenced into a small count); for the current month its numbers
    are the month so far, compared with the same days of earlier months
    (``comparison_periods``). Raises FilterError for a bad month or a site outside the scope,
    ScopeMissing without a scope.
    """
    if not isinstance(scope, AccessScope):
        raise ScopeMissing("a query needs the access scope of the person asking")
    today = today or clock.today()
    first = parse_month(month, today, meeting_day)
    last = month_end(first)
    return Filters.parse(
        meeting_scope(scope, small_cell_min), first.isoformat(), last.isoformat(), sites
    )


def _require_meeting_scope(filters: Filters) -> None:
    scope = filters.scope
    if scope.see_identities or scope.small_cell_min < 2:
        raise MeetingScopeRequired("meeting queries answer only for a meeting scope")


def _shift_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, its day of month clipped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    first = dt.date(index // 12, index % 12 + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


def comparison_periods(
    filters: Filters, today: dt.date | None = None
) -> list[tuple[str, dt.date, dt.date]]:
    """(period, start, end) of the month, the same days of last month and of last year.

    A month not over yet (it ends after ``today``) is the days up to ``today``, and so are
    the months it is compared with ("1-7 December" against "1-7 November"): never part of a
    month against whole ones.
    """
    today = today or clock.today()
    end = min(filters.end, max(today, filters.start))
    periods = [("this_month", filters.start, end)]
    for name, months in (("last_month", -1), ("last_year", -12)):
        periods.append((name, _shift_months(filters.start, months), _shift_months(end, months)))
    return periods


def _group_sessions(engine: Engine, filters: Filters, start: dt.date, end: dt.date) -> int:
    statement = (
        select(func.count())
        .select_from(GroupSession)
        .where(
            filters.site_clause(GroupSession.site_id), GroupSession.session_date.between(start, end)
        )
    )
    return int(fetch(engine, statement)[0][0] or 0)


@one_connection
def month_at_a_glance(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The month in numbers, with the same days of last month and of the same month last year.

    One row per period (this_month, last_month, last_year). Columns: period, start, end,
    people_supported (distinct mentees with a contact), contacts, contact_hours (hours),
    group_sessions (peer-group sessions held), milestones (goals achieved). Counts of
    mentees, contacts and milestones below the scope's threshold are <NA>, and so are the
    hours of hidden contacts.
    """
    _require_meeting_scope(filters)
    rows = []
    exact = replace(filters.scope, small_cell_min=0)  # the room's rule applies at the end
    for period, start, end in comparison_periods(filters):
        # One replace with the exact scope: a meeting scope would widen the days to the month.
        part = replace(filters, scope=exact, start=start, end=end, mentor_ids=())
        activity = monthly_activity(engine, part)
        rows.append(
            (
                period,
                start,
                end,
                int(activity["active_mentees"].sum()),
                int(activity["contacts"].sum()),
                float(activity["contact_hours"].sum()),
                _group_sessions(engine, part, start, end),
                int(activity["milestones"].sum()),
            )
        )
    return hide_small_counts(
        typed_frame(rows, GLANCE_COLUMNS),
        filters,
        ["people_supported", "contacts", "milestones"],
        along={"contact_hours": "contacts"},
    )


@one_connection
def contact_mix(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts of the period by type of support, for the program (every type listed).

    Columns: contact_type, contacts (<NA> below the threshold), share (of all contacts,
    0..1; NaN when hidden). Ordered as the program lists its types of support.
    """
    _require_meeting_scope(filters)
    facts = mentor_month_facts(engine, replace(filters, mentor_ids=()), filters.start, filters.end)
    counts = {
        kind: int(n or 0)
        for kind, n in fetch(
            engine,
            select(facts.c.contact_type, func.sum(facts.c.contacts)).group_by(facts.c.contact_type),
        )
    }
    total = sum(counts.values())
    rows = [
        (kind, counts.get(kind, 0), counts.get(kind, 0) / total if total else float("nan"))
        for kind in CONTACT_TYPES
    ]
    df = hide_small_counts(typed_frame(rows, CONTACT_MIX_COLUMNS), filters, ["contacts"])
    # The share of the rounded total, from the rounded count: exact shares times a shown
    # count would give the exact total back.
    shown_total = shown_count(total, rounding_base(filters)) or 0
    df["share"] = share_of(df["contacts"], pd.Series(shown_total, index=df.index))
    return df


@one_connection
def milestones_for_room(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Milestones reached in the month per life area, small counts hidden.

    Columns: category, achieved (goals achieved in the period; <NA> below the threshold).
    Every area is listed, in the program's order.
    """
    _require_meeting_scope(filters)
    df = milestones_by_category(engine, replace(filters, mentor_ids=()))[["category", "achieved"]]
    return hide_small_counts(df, filters, ["achieved"])


@one_connection
def match_anniversaries(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Matches that reached 6 or 12 months together during the period.

    A match reaches n months in the period when it started n months before a day of the
    period and was still open on that day. Columns: months (6 or 12), matches (<NA> below
    the threshold: each match is a mentee).
    """
    _require_meeting_scope(filters)
    rows = []
    for months in ANNIVERSARY_MONTHS:
        first, last = _shift_months(filters.start, -months), _shift_months(filters.end, -months)
        statement = (
            select(func.count())
            .select_from(Match)
            .where(
                filters.site_clause(Match.site_id),
                Match.start_date.between(first, last),
                or_(Match.end_date.is_(None), Match.end_date >= filters.start),
            )
        )
        rows.append((months, int(fetch(engine, statement)[0][0] or 0)))
    return hide_small_counts(typed_frame(rows, ANNIVERSARY_COLUMNS), filters, ["matches"])


@one_connection
def mentor_contributions(engine: Engine, filters: Filters) -> pd.DataFrame:
    """What each mentor gave in the period, told as strengths (never a ranking).

    Mentors in post during the period. Columns: mentor_id, mentor, site, contacts, hours
    (contact hours), group_sessions (facilitated), accomplishments and positive_impacts
    (consultation notes about them in the month's meetings), contacts_last_month (their own
    contacts in the month before, to compare a mentor only with their own past). Contacts
    below the threshold are <NA>, with their hours. Ordered by site, then mentor name.
    """
    _require_meeting_scope(filters)
    work = workload_by_mentor(engine, replace(filters, mentor_ids=()))
    notes = (
        select(ConsultationNote.mentor_id, ConsultationNote.kind, func.count())
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .where(
            filters.site_clause(ConsultationNote.site_id),
            ConsultationMeeting.month == filters.start.replace(day=1),
            ConsultationNote.deleted_at.is_(None),
            ConsultationNote.mentor_id.is_not(None),
            ConsultationNote.kind.in_(("accomplishment", "positive_impact")),
        )
        .group_by(ConsultationNote.mentor_id, ConsultationNote.kind)
    )
    counts: dict[tuple[int, str], int] = {(m, k): int(n) for m, k, n in fetch(engine, notes)}
    # Each mentor's own last month, for "more than in September" (never another mentor): the
    # same days of it while this month is not over.
    _, (_, first, last), _ = comparison_periods(filters)
    facts = mentor_month_facts(engine, replace(filters, mentor_ids=()), first, last)
    before = {
        int(m): int(n or 0)
        for m, n in fetch(
            engine,
            select(facts.c.mentor_id, func.sum(facts.c.contacts)).group_by(facts.c.mentor_id),
        )
    }
    rows = [
        (
            int(r.mentor_id),
            r.mentor,
            r.site,
            None if pd.isna(r.contacts) else int(r.contacts),
            float(r.hours),
            int(r.group_sessions),
            counts.get((int(r.mentor_id), "accomplishment"), 0),
            counts.get((int(r.mentor_id), "positive_impact"), 0),
            before.get(int(r.mentor_id), 0),
        )
        for r in work.itertuples(index=False)
    ]
    df = hide_small_counts(
        typed_frame(rows, CONTRIBUTION_COLUMNS),
        filters,
        ["contacts", "contacts_last_month"],
        along={"hours": "contacts"},
    )
    return df.sort_values(["site", "mentor", "mentor_id"], kind="stable").reset_index(drop=True)


def _hide_small_means(df: pd.DataFrame, filters: Filters, n: str, means: list[str]) -> pd.DataFrame:
    df = hide_small_counts(df, filters, [n])
    for column in means:
        df[column] = df[column].where(df[n].notna())
    return df


@one_connection
def outcomes_for_room(
    engine: Engine, filters: Filters, instrument_code: str = ROOM_INSTRUMENT
) -> pd.DataFrame:
    """The program's average score on one instrument per quarter, over the year to the end.

    The average is over every domain score of the quarter's assessments (the instrument's
    units); whole quarters come from the quarterly summary, the quarter in progress from the
    scores themselves. n_mentees is the most mentees behind any one domain (each assessment
    scores every domain, so it is the mentees assessed). Columns: quarter (first day),
    mean_score, n_mentees; a quarter with fewer mentees than the threshold has mean_score
    NaN and n_mentees <NA>. Quarters without assessments are absent.
    """
    _require_meeting_scope(filters)
    start = quarter_start(_shift_months(filters.start, -11))
    split = split_quarters(start, filters.end)
    instrument = select(Instrument.id).where(Instrument.code == instrument_code).scalar_subquery()
    totals: dict[int, list[float]] = {}
    parts = []
    if split.whole_months:
        # Whole quarters from the quarterly summary; real domains only (not a 'Total' row).
        q = AssessmentSummarySiteQuarter
        per_domain = (
            select(
                q.year_quarter.label("bucket"),
                q.domain_id,
                func.sum(q.score_total).label("total"),
                func.sum(q.scores).label("scores"),
                func.sum(q.mentees).label("mentees"),
            )
            .join(InstrumentDomain, InstrumentDomain.id == q.domain_id)
            .where(
                q.instrument_id == instrument,
                InstrumentDomain.instrument_id == instrument,
                q.year_quarter.between(*split.whole_months),
                filters.site_clause(q.site_id),
            )
            .group_by(q.year_quarter, q.domain_id)
            .subquery("per_domain")
        )
        c = per_domain.c
        parts.append(
            select(c.bucket, func.sum(c.total), func.sum(c.scores), func.max(c.mentees)).group_by(
                c.bucket
            )
        )
    quarter = year_quarter_of(Assessment.assessed_on)
    for first, last in split.edges:
        parts.append(
            select(
                quarter,
                func.sum(AssessmentScore.score),
                func.count(),
                func.count(func.distinct(Assessment.mentee_id)),
            )
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .join(InstrumentDomain, InstrumentDomain.id == AssessmentScore.domain_id)
            .where(
                Assessment.instrument_id == instrument,
                InstrumentDomain.instrument_id == instrument,
                filters.site_clause(Assessment.site_id),
                Assessment.assessed_on.between(first, last),
            )
            .group_by(quarter)
        )
    for part in parts:
        for bucket, total, scores, mentees in fetch(engine, part):
            entry = totals.setdefault(int(bucket), [0.0, 0.0, 0.0])
            entry[0] += float(total or 0)
            entry[1] += float(scores or 0)
            entry[2] = max(entry[2], float(mentees or 0))
    rows = [
        (date_of_year_quarter(b), t / n, int(m)) for b, (t, n, m) in sorted(totals.items()) if n
    ]
    return _hide_small_means(typed_frame(rows, TREND_COLUMNS), filters, "n_mentees", ["mean_score"])


@one_connection
def distance_for_room(
    engine: Engine, filters: Filters, instrument_code: str = ROOM_INSTRUMENT
) -> pd.DataFrame:
    """Distance travelled from baseline by mentees assessed in the last twelve months.

    From ``outcomes.distance_travelled``, per domain (an instrument's 'Total' row is left
    out: it is on another scale). Columns: domain, baseline_mean, latest_mean, change, n; a
    domain over fewer mentees than the threshold has its means NaN and n <NA>.
    """
    _require_meeting_scope(filters)
    start = _shift_months(filters.start, -11).replace(day=1)
    df = distance_travelled(
        engine, replace(filters, start=start, mentor_ids=()), instrument_code=instrument_code
    )
    df = df[df["domain"] != "Total"]
    rows = [
        (
            r.domain,
            float(r.baseline_mean),
            float(r.latest_mean),
            float(r.change),
            None if pd.isna(r.n) else int(r.n),
        )
        for r in df.itertuples(index=False)
    ]
    means = ["baseline_mean", "latest_mean", "change"]
    return _hide_small_means(typed_frame(rows, DISTANCE_COLUMNS), filters, "n", means)


def redactor_for(engine: Engine, texts: Iterable[str]) -> Redactor:
    """What replaces mentee identities in ``texts``: every mentee of the program who could
    occur in them (all sites, whoever looks: a note written at one site may name a mentee of
    another), found through the identity index; mentors' full names are left alone."""
    texts = [t for t in texts if isinstance(t, str)]
    keys = set().union(*(text_keys(t) for t in texts)) if texts else set()
    if not keys:
        return build_redactor([], [])
    index = identity_index(engine)
    return build_redactor(index.candidates(keys), index.mentors_in(keys), keys, index.mentor_parts)


# What may still name someone after redaction: a capitalised word that does not start a
# sentence, or a number of two digits or more.
_LOOKS_LIKE_A_NAME_OR_NUMBER = re.compile(r"(?<![.!?:\n]\s)(?<!^)\b[A-Z][\w'’-]+|\b\d[\d./-]*\d\b")
CLEARING_COLUMNS = {"text": TEXT, "kind": TEXT}


@one_connection
def clearing_preview(engine: Engine, filters: Filters, note_id: int) -> pd.DataFrame:
    """A note of the filters' sites as the supervisor clearing it for the room reads it, in
    segments: 'as written', 'replaced' (a mentee identity: the room reads "a mentee"), or
    'check' (looks like a name or a number and is not a mentor's name: read it before
    clearing). Empty when the note is not in scope. Columns: text, kind."""
    found = note_queries.note_in_scope(engine, filters, note_id)
    if found.empty:
        return typed_frame([], CLEARING_COLUMNS)
    text = str(found.iloc[0]["text"])
    redactor = redactor_for(engine, [text])
    mentor_words = identity_index(engine).mentor_parts  # folded words of mentors' names
    marks = [(start, end, "replaced") for start, end in redactor.spans(text)]
    for match in _LOOKS_LIKE_A_NAME_OR_NUMBER.finditer(text):
        start, end = match.span()
        inside = any(start < m_end and m_start < end for m_start, m_end, _ in marks)
        if not inside and folded(match.group()) not in mentor_words:
            marks.append((start, end, "check"))
    rows: list[tuple[str, str]] = []
    at = 0
    for start, end, kind in sorted(marks):
        if start > at:
            rows.append((text[at:start], "as written"))
        rows.append((text[start:end], kind))
        at = end
    if at < len(text):
        rows.append((text[at:], "as written"))
    return typed_frame(rows, CLEARING_COLUMNS)


def redact_identities(engine: Engine, text: str) -> str:
    """``text`` with every mentee identity replaced by "a mentee" (see ``_redaction``)."""
    return redactor_for(engine, [text]).redact(text)


@one_connection
def room_notes(
    engine: Engine,
    filters: Filters,
    kinds: tuple[str, ...] = ("accomplishment", "positive_impact"),
) -> pd.DataFrame:
    """Consultation notes of the month's meetings fit for the shared screen, strengths first.

    From ``notes.room_notes`` (challenges only when a supervisor marked them for the room),
    keeping ``kinds``, at most ``MAX_ROOM_NOTES`` per kind, in the order written. Columns:
    kind, text (mentee names and codes replaced with "a mentee"), mentor (the mentor the note
    is about, or '').
    """
    _require_meeting_scope(filters)
    df = note_queries.room_notes(engine, replace(filters, mentor_ids=()), filters.start)
    df = df[df["kind"].isin([k for k in kinds if k in NOTE_KINDS])]
    df = df.groupby("kind", sort=False).head(MAX_ROOM_NOTES)
    redactor = redactor_for(engine, df["text"])
    rows = [(r.kind, redactor.redact(r.text), r.mentor or "") for r in df.itertuples()]
    return typed_frame(rows, NOTE_COLUMNS)


@one_connection
def month_note_counts(engine: Engine, filters: Filters) -> pd.DataFrame:
    """How many notes of each kind the month's meetings hold (every kind listed).

    Columns: kind, notes, off_screen (not cleared for the room, or challenges not marked for
    it).
    """
    _require_meeting_scope(filters)
    statement = (
        select(ConsultationNote.kind, func.count())
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .where(
            filters.site_clause(ConsultationNote.site_id),
            ConsultationMeeting.month == filters.start.replace(day=1),
            ConsultationNote.deleted_at.is_(None),
        )
        .group_by(ConsultationNote.kind)
    )
    totals = {kind: int(n) for kind, n in fetch(engine, statement)}
    shown = {
        kind: int(n)
        for kind, n in fetch(engine, statement.where(note_queries.readable_in_the_room()))
    }
    rows = [(k, totals.get(k, 0), totals.get(k, 0) - shown.get(k, 0)) for k in NOTE_KINDS]
    return typed_frame(rows, NOTE_COUNT_COLUMNS)


@one_connection
def room_sites(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The sites the meeting covers (chosen and allowed), by name. Columns: site_id, name."""
    _require_meeting_scope(filters)
    statement = (
        select(Site.id, Site.name).where(filters.site_clause(Site.id)).order_by(Site.name, Site.id)
    )
    return typed_frame(fetch(engine, statement), SITE_COLUMNS)


@one_connection
def latest_room_notes(engine: Engine, filters: Filters, limit: int = 4) -> pd.DataFrame:
    """The notes of the month's meetings written last, newest first, as the room may see them.

    What the capture slide lists after each save. Challenges only when marked for the room.
    Columns: kind, text (identities replaced), mentor (or '').
    """
    _require_meeting_scope(filters)
    statement = (
        select(
            ConsultationNote.kind,
            ConsultationNote.text,
            func.coalesce(Mentor.display_name, ""),
        )
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .outerjoin(Mentor, Mentor.id == ConsultationNote.mentor_id)
        .where(
            filters.site_clause(ConsultationNote.site_id),
            ConsultationMeeting.month == filters.start,
            ConsultationNote.deleted_at.is_(None),
            note_queries.readable_in_the_room(),
        )
        .order_by(ConsultationNote.id.desc())
        .limit(max(1, min(int(limit), 20)))
    )
    rows = fetch(engine, statement)
    redactor = redactor_for(engine, [t for _, t, _ in rows])
    return typed_frame([(k, redactor.redact(t), m) for k, t, m in rows], NOTE_COLUMNS)


def _owner(row: object) -> str:
    if getattr(row, "owner", None) == "mentor" and getattr(row, "mentor", ""):
        return str(row.mentor)  # type: ignore[attr-defined]
    return "the supervisor"


@one_connection
def carried_over_actions(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Open action items from earlier meetings, carried into this one, oldest first.

    From ``notes.carried_over_action_items`` (status open, written before the month). Columns:
    note_id, text (identities replaced), owner (the owning mentor's name, or 'the
    supervisor'), site, from_month (the meeting's month), due_month (or None), total (how
    many are open in all; the frame lists at most ``MAX_CARRIED_ACTIONS``).
    """
    _require_meeting_scope(filters)
    df = note_queries.carried_over_action_items(
        engine, replace(filters, mentor_ids=()), filters.start, for_room=True
    )
    total = len(df)
    shown = df.head(MAX_CARRIED_ACTIONS)
    redactor = redactor_for(engine, shown["text"])
    rows = [
        (
            int(r.note_id),
            redactor.redact(r.text),
            _owner(r),
            r.site,
            r.month,
            r.due_month,
            total,
        )
        for r in shown.itertuples(index=False)
    ]
    return typed_frame(rows, ACTION_COLUMNS)


__all__ = [
    "SMALL_CELL_MIN",
    "MeetingScopeRequired",
    "carried_over_actions",
    "comparison_periods",
    "contact_mix",
    "distance_for_room",
    "latest_room_notes",
    "match_anniversaries",
    "meeting_filters",
    "meeting_scope",
    "mentor_contributions",
    "milestones_for_room",
    "month_at_a_glance",
    "month_note_counts",
    "outcomes_for_room",
    "parse_month",
    "redact_identities",
    "room_notes",
    "room_sites",
]
