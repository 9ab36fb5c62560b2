"""Supervisors' marks on the attention list: seen, snoozed until a date (with a reason), cleared.

A mark is written only for an item the person's scope can see right now: the item is looked
up again through the query layer, so a crafted request cannot mark another site's item, and
the mark stores the item's site and the fingerprint of its cause. The mark row, its audit
event and the data-version bump commit together. Marks are only ever added, never changed:
the latest one per item counts, and every supervisor of the site sees it with its author.
The reason is free text and may name someone, so it is kept in the marks table only, never
in the audit trail or the logs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine

from data import clock
from data.db import session_scope
from data.filters import Filters
from data.queries.attention import KIND_LABELS, attention_items
from data.schema import AttentionMark, utcnow
from data.services.audit import AuditEventType, record
from data.versioning import bump

ACTIONS = ("seen", "snoozed", "cleared")
MAX_REASON = 500
MAX_SNOOZE_DAYS = 366
ITEM_KEY_PATTERN = re.compile(r"^[a-z_]{1,20}:[0-9]{1,12}$")


class AttentionSettings(Protocol):
    """The settings the attention list's thresholds come from (``dashboard.settings``)."""

    attention_no_contact_days: int
    attention_waiting_days: int
    attention_new_match_days: int
    follow_up_baseline_days: int
    follow_up_interval_months: int
    follow_up_window_days: int
    follow_up_at_exit: bool


def thresholds_from(settings: AttentionSettings) -> dict[str, float]:
    """The attention list's thresholds from the settings (``ATTENTION_*``)."""
    return {
        "no_contact_days": settings.attention_no_contact_days,
        "waiting_days": settings.attention_waiting_days,
        "new_match_days": settings.attention_new_match_days,
        # Assessments fall due under the Outcomes page's follow-up schedule.
        "follow_up_baseline_days": settings.follow_up_baseline_days,
        "follow_up_interval_months": settings.follow_up_interval_months,
        "follow_up_window_days": settings.follow_up_window_days,
        "follow_up_at_exit": int(settings.follow_up_at_exit),
    }


class MarkError(ValueError):
    """A mark cannot be written; the message says why, fit to show a person."""


@dataclass(frozen=True)
class MarkRequest:
    """A validated request to mark one item."""

    kind: str
    item_key: str
    action: str
    until: dt.date | None
    reason: str


def parse_mark(
    kind: object,
    item_key: object,
    action: object,
    until: object = None,
    reason: object = "",
    today: dt.date | None = None,
) -> MarkRequest:
    """Validate untrusted input for a mark; MarkError with a message for a person otherwise.

    A snooze needs a date after ``today`` (at most a year ahead) and a reason.
    """
    today = today or clock.today()
    if not isinstance(kind, str) or kind not in KIND_LABELS:
        raise MarkError("Choose an item of the list first.")
    if not isinstance(item_key, str) or not ITEM_KEY_PATTERN.match(item_key):
        raise MarkError("Choose an item of the list first.")
    if action not in ACTIONS:
        raise MarkError("That is not something an item can be marked as.")
    if reason is None:
        reason = ""
    if not isinstance(reason, str):
        raise MarkError("The reason must be text.")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise MarkError(f"The reason is too long (at most {MAX_REASON} characters).")
    day: dt.date | None = None
    if action == "snoozed":
        if not isinstance(until, str | dt.date) or not until:
            raise MarkError("Choose the date until which to snooze the item.")
        try:
            day = until if isinstance(until, dt.date) else dt.date.fromisoformat(until[:10])
        except ValueError:
            raise MarkError("The snooze date must be a date like 2026-12-31.") from None
        if day <= today:
            raise MarkError("The snooze date must be after today.")
        if (day - today).days > MAX_SNOOZE_DAYS:
            raise MarkError("An item can be snoozed for at most a year.")
        if not reason:
            raise MarkError("Say why the item is snoozed (other supervisors will see it).")
    return MarkRequest(str(kind), str(item_key), str(action), day, reason)


def mark_item(
    engine: Engine,
    filters: Filters,
    request: MarkRequest,
    user_id: int | None = None,
    ip: str = "",
    **thresholds: float,
) -> str:
    """Write ``request`` for the item it names, as the scope's user; returns a confirmation.

    The item must be on the scope's list now (``attention_items`` with ``thresholds``), else
    MarkError. Meeting viewers' scopes (no identities) may not mark anything.
    """
    scope = filters.scope
    if not scope.see_identities or not scope.username:
        raise MarkError("Your account may not mark items of the attention list.")
    items = attention_items(engine, filters, **thresholds)
    found = items[(items["kind"] == request.kind) & (items["item_key"] == request.item_key)]
    if found.empty:
        raise MarkError(
            "This item is no longer on the list: its cause may have changed. "
            "The list has been refreshed."
        )
    item = found.iloc[0]
    site_id = int(item["site_id"])
    with session_scope(engine) as session:
        session.add(
            AttentionMark(
                site_id=site_id,
                kind=request.kind,
                item_key=request.item_key,
                fingerprint=str(item["fingerprint"])[:200],
                mark=request.action,
                snooze_until=request.until,
                reason=request.reason,
                marked_by=scope.username,
                marked_at=utcnow(),
            )
        )
        until = f" until {request.until.isoformat()}" if request.until else ""
        record(
            session,
            AuditEventType.ATTENTION_MARK,
            scope.username,
            user_id,
            f"{request.kind} {request.item_key}",
            f"{request.action}{until}; site {site_id}",
            ip,
        )
        bump(session)
    label = KIND_LABELS[request.kind].lower()
    if request.action == "seen":
        return f"Marked as seen ({label}). Other supervisors of the site see that you have."
    if request.action == "snoozed":
        return (
            f"Snoozed until {request.until.day} {request.until:%b %Y} ({label}). It comes back "
            "then, or sooner if its cause changes."
        )
    return f"Mark cleared ({label}): the item is open again."
