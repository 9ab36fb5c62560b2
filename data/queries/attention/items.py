"""Every item that needs attention, with the supervisors' marks, and the counts by kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from data.filters import Filters
from data.queries.attention.elsewhere import action_item_items, assessment_due_items
from data.queries.attention.kinds import (
    COUNT_COLUMNS,
    DEFAULT_THRESHOLDS,
    ITEM_COLUMNS,
    KIND_LABELS,
    LIST_COLUMNS,
)
from data.queries.attention.matches import new_match_items, no_contact_items, quiet_matches
from data.queries.attention.mentors import crisis_rise_items, mentor_away_items, over_capacity_items
from data.queries.attention.waiting import free_place_items, waiting_items
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import as_date, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import AttentionMark


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
    t = {**DEFAULT_THRESHOLDS, **thresholds}
    no_contact, new_match = int(t["no_contact_days"]), int(t["new_match_days"])
    # One query of quiet matches serves both match kinds.
    quiet = quiet_matches(engine, filters, max(1, min(no_contact, new_match)))
    rows = [
        *new_match_items.__wrapped__(engine, filters, new_match, quiet),
        *no_contact_items.__wrapped__(engine, filters, no_contact, new_match, quiet),
        *mentor_away_items.__wrapped__(engine, filters),
        *waiting_items.__wrapped__(engine, filters, int(t["waiting_days"])),
        *free_place_items.__wrapped__(engine, filters),
        *over_capacity_items.__wrapped__(engine, filters),
        *crisis_rise_items.__wrapped__(engine, filters),
        *assessment_due_items.__wrapped__(
            engine,
            filters,
            int(t["follow_up_baseline_days"]),
            int(t["follow_up_interval_months"]),
            int(t["follow_up_window_days"]),
            bool(t["follow_up_at_exit"]),
        ),
        *action_item_items.__wrapped__(engine, filters),
    ]
    names = list(ITEM_COLUMNS)
    items = [
        dict(zip(names, (None if _is_missing(v) else v for v in row), strict=True)) for row in rows
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
