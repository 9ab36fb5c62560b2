"""Ids of the attention list ("Needs attention") and of its counts on the Overview."""

from __future__ import annotations


class AttentionIds:
    """The attention list."""

    HEADING = "attention-heading"
    QUERY = "attention-query"  # dcc.Store with the URL's filter parameters
    ALERT = "attention-alert"
    WINS = "attention-wins"
    COUNTS = "attention-counts"
    SHOW_SNOOZED = "attention-show-snoozed"
    LIST = "attention-list"
    MESSAGE = "attention-message"
    REFRESH = "attention-refresh"  # dcc.Store bumped after a mark, so the list redraws
    # Pattern-matching buttons on each item: {"type": ITEM_ACTION, "item": "kind|key",
    # "action": "seen" | "snooze" | "cleared"}.
    ITEM_ACTION = "attention-item-action"
    ITEM_LINK = "attention-item-link"  # {"type": ITEM_LINK, "item": "kind|key"}
    SNOOZE_MODAL = "attention-snooze-modal"
    SNOOZE_ITEM = "attention-snooze-item"  # dcc.Store: the item being snoozed
    SNOOZE_WHAT = "attention-snooze-what"
    SNOOZE_FOR = "attention-snooze-for"  # 7, 14, 30 days, or "date" (then SNOOZE_UNTIL)
    SNOOZE_UNTIL = "attention-snooze-until"
    SNOOZE_REASON = "attention-snooze-reason"
    SNOOZE_SAVE = "attention-snooze-save"
    SNOOZE_CANCEL = "attention-snooze-cancel"
    SNOOZE_PROBLEM = "attention-snooze-problem"
    DIGEST_SWITCH = "attention-digest-switch"  # the signed-in user's own weekly email
    DIGEST_NOTE = "attention-digest-note"
    # On the Overview: counts by kind for staff (empty for meeting viewers).
    OVERVIEW_CARD = "overview-attention-card"
