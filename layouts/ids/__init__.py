"""Component ids, defined once per page (one module each) and imported by layouts and callbacks.

Ids are hyphenated and prefixed by their page (``overview-contacts-graph``), following the
Dash app gallery's convention, so a browser test or a log line names its page at a glance.
"""

from __future__ import annotations

from layouts.ids.attention import AttentionIds
from layouts.ids.audit import AuditIds
from layouts.ids.caseloads import CaseloadsIds
from layouts.ids.data_import import ImportIds
from layouts.ids.meeting import MeetingIds
from layouts.ids.mentee import MenteeIds
from layouts.ids.mentor import MentorIds
from layouts.ids.not_found import NotFoundIds
from layouts.ids.notes import NotesIds
from layouts.ids.outcomes import OutcomesIds
from layouts.ids.overview import OverviewIds
from layouts.ids.shell import ShellIds
from layouts.ids.workload import WorkloadIds

__all__ = [
    "AttentionIds",
    "AuditIds",
    "CaseloadsIds",
    "ImportIds",
    "MeetingIds",
    "MenteeIds",
    "MentorIds",
    "NotFoundIds",
    "NotesIds",
    "OutcomesIds",
    "OverviewIds",
    "ShellIds",
    "WorkloadIds",
    "heading_id",
]


def heading_id(page_key: str) -> str:
    """The id of page ``page_key``'s main heading (used by the smoke test)."""
    return f"{page_key}-heading"
