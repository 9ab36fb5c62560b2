"""Items other subjects answer: assessments due (the Outcomes page's follow-up schedule) and
action items past their due month (the consultation notes')."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from data.filters import Filters
from data.labels import ASSESSMENT_KIND_LABELS
from data.queries.attention._item import Row, day_text, item_kind, records_in_scope
from data.queries.attention.kinds import ACTION_OVERDUE, ASSESSMENT_DUE
from data.queries.notes.actions import overdue_action_items
from data.queries.outcomes._schedule import FollowUpSchedule
from data.queries.outcomes.followup import assessments_due
from data.queries.plumbing.frames import as_date
from data.queries.plumbing.months import next_month_start


@item_kind
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
    schedule = FollowUpSchedule(
        baseline_days=int(follow_up_baseline_days),
        interval_months=int(follow_up_interval_months),
        window_days=int(follow_up_window_days),
        at_exit=bool(follow_up_at_exit),
    )
    day, rows, seen = filters.end, [], set()
    due = assessments_due(engine, filters, schedule=schedule)
    for site_id, r in records_in_scope(engine, filters, due):
        if r["mentee_id"] in seen:
            continue
        seen.add(r["mentee_id"])
        kind = str(r["kind"])
        what = ASSESSMENT_KIND_LABELS[kind].lower() if kind in ASSESSMENT_KIND_LABELS else kind
        due_date, closes = as_date(r["due_date"]), as_date(r["window_closes"])
        if r["status"] == "overdue":
            detail = f"{what} assessment overdue (its window closed {day_text(closes)})"
        else:
            detail = f"{what} assessment due (its window closes {day_text(closes)})"
        rows.append(
            (ASSESSMENT_DUE, f"mentee:{r['mentee_id']}", site_id, r["site"], None, None,
             r["mentee_id"], r["mentee_code"], r["mentee_name"], min(due_date, day),
             max(0, (day - due_date).days), detail, f"{r['kind']}:{due_date}:{r['status']}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[9], r[1]))


@item_kind
def action_item_items(engine: Engine, filters: Filters) -> list[Row]:
    """Open action items from consultation meetings past their due month (the notes page's
    ``overdue_action_items``). The item never carries the note's text (free text may name
    someone); the Consultation notes page shows it."""
    day, rows = filters.end, []
    overdue = overdue_action_items(engine, filters)
    for site_id, r in records_in_scope(engine, filters, overdue):
        month, due = as_date(r["month"]), as_date(r["due_month"])
        late_from = next_month_start(due)
        owner = {"mentor": " (a mentor's)", "supervisor": " (the supervisor's)"}.get(
            r["owner"] or "", ""
        )
        mentor_id = None if pd.isna(r["mentor_id"]) else int(r["mentor_id"])
        rows.append(
            (ACTION_OVERDUE, f"note:{r['note_id']}", site_id, r["site"], mentor_id,
             r["mentor"], None, None, None, late_from, (day - late_from).days,
             f"action item{owner} from the {month:%B %Y} meeting, due in {due:%B %Y}",
             f"due:{due}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[9], r[1]))
