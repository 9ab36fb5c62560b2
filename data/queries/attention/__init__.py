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

from data.queries.attention.elsewhere import action_item_items, assessment_due_items
from data.queries.attention.items import (
    attention_counts,
    attention_items,
    count_by_kind,
    latest_marks,
)
from data.queries.attention.kinds import (
    ACTION_OVERDUE,
    ASSESSMENT_DUE,
    COUNT_COLUMNS,
    CRISIS_RISE,
    DEFAULT_THRESHOLDS,
    FREE_PLACE,
    ITEM_COLUMNS,
    KIND_LABELS,
    KINDS,
    LIST_COLUMNS,
    MARK_COLUMNS,
    MENTEE_KINDS,
    MENTOR_AWAY,
    MENTOR_KINDS,
    NEW_MATCH,
    NEW_MATCH_WINDOW_DAYS,
    NO_CONTACT,
    OVER_CAPACITY,
    WAITING,
    WINS_COLUMNS,
)
from data.queries.attention.matches import new_match_items, no_contact_items
from data.queries.attention.mentors import crisis_rise_items, mentor_away_items, over_capacity_items
from data.queries.attention.waiting import free_place_items, waiting_items
from data.queries.attention.wins import weekly_wins

__all__ = [
    "ACTION_OVERDUE",
    "ASSESSMENT_DUE",
    "COUNT_COLUMNS",
    "CRISIS_RISE",
    "DEFAULT_THRESHOLDS",
    "FREE_PLACE",
    "ITEM_COLUMNS",
    "KINDS",
    "KIND_LABELS",
    "LIST_COLUMNS",
    "MARK_COLUMNS",
    "MENTEE_KINDS",
    "MENTOR_AWAY",
    "MENTOR_KINDS",
    "NEW_MATCH",
    "NEW_MATCH_WINDOW_DAYS",
    "NO_CONTACT",
    "OVER_CAPACITY",
    "WAITING",
    "WINS_COLUMNS",
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
