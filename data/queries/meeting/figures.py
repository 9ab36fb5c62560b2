"""The month in numbers for the shared screen: the month at a glance against the same days of
last month and last year, the mix of support, milestones, anniversaries, and what each mentor
gave (told as strengths, never a ranking)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, func, or_, select

from data.filters import Filters
from data.queries.contact_facts.months import mentor_month_facts
from data.queries.contact_facts.split import summarised_split
from data.queries.meeting.scope import comparison_periods, require_meeting_scope
from data.queries.outcomes.milestones import milestones_by_category
from data.queries.overview.activity import monthly_activity
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts, rounding_base, share_of, shown_count
from data.queries.plumbing.frames import DATE, FLOAT, INT, INT_OR_NONE, TEXT, typed_frame
from data.queries.plumbing.months import add_months
from data.queries.plumbing.sql import fetch
from data.queries.workload.by_mentor import workload_by_mentor
from data.schema import CONTACT_TYPES, ConsultationMeeting, ConsultationNote, GroupSession, Match

ANNIVERSARY_MONTHS = (6, 12)
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
CONTACT_MIX_COLUMNS = {"contact_type": TEXT, "contacts": INT, "share": FLOAT}


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
    require_meeting_scope(filters)
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
    require_meeting_scope(filters)
    split = summarised_split(engine, filters.start, filters.end)
    facts = mentor_month_facts(replace(filters, mentor_ids=()), split)
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
    require_meeting_scope(filters)
    df = milestones_by_category(engine, replace(filters, mentor_ids=()))[["category", "achieved"]]
    return hide_small_counts(df, filters, ["achieved"])


@one_connection
def match_anniversaries(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Matches that reached 6 or 12 months together during the period.

    A match reaches n months in the period when it started n months before a day of the
    period and was still open on that day. Columns: months (6 or 12), matches (<NA> below
    the threshold: each match is a mentee).
    """
    require_meeting_scope(filters)
    rows = []
    for months in ANNIVERSARY_MONTHS:
        first, last = add_months(filters.start, -months), add_months(filters.end, -months)
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
    require_meeting_scope(filters)
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
    facts = mentor_month_facts(
        replace(filters, mentor_ids=()), summarised_split(engine, first, last)
    )
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
