"""The kinds of item on the attention list, the words a person reads for each, the default
thresholds, and the columns every item and mark has (see the package's docstring)."""

from __future__ import annotations

from data.queries.plumbing.frames import DATE, INT, INT_OR_NONE, TEXT

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
# Kinds whose item is about one mentee (who may be named only where the role sees identities)
# and kinds about one mentor.
MENTEE_KINDS = frozenset({NO_CONTACT, NEW_MATCH, MENTOR_AWAY, WAITING, ASSESSMENT_DUE})
MENTOR_KINDS = frozenset({OVER_CAPACITY, CRISIS_RISE})

# A match counts as new for its first three months (mentoring practice: early check-ins).
NEW_MATCH_WINDOW_DAYS = 90
DEFAULT_THRESHOLDS: dict[str, float] = {
    "no_contact_days": 14,
    "waiting_days": 30,
    "new_match_days": 14,
    # The outcomes follow-up schedule (FOLLOW_UP_* settings, data.queries.outcomes.followup).
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
