"""Component ids, defined once per page and imported by both layouts and callbacks.

Ids are hyphenated and prefixed by their page (``overview-contacts-graph``), following the
Dash app gallery's convention, so a browser test or a log line names its page at a glance.
"""

from __future__ import annotations


class ShellIds:
    """The app shell: navbar, global filter bar and URL."""

    URL = "shell-url"
    NAV_LINK = "shell-nav-link"  # pattern-matching type: {"type": NAV_LINK, "page": key}
    USER = "shell-user"
    SIGN_OUT = "shell-sign-out"
    FILTER_PERIOD = "shell-filter-period"
    FILTER_SITES = "shell-filter-sites"
    FILTER_STORE = "shell-filter-store"
    FILTER_RESET = "shell-filter-reset"
    SITES_MESSAGE = "shell-sites-message"

    @staticmethod
    def nav_link(page_key: str) -> dict[str, str]:
        """The id of the navbar link to page ``page_key``."""
        return {"type": ShellIds.NAV_LINK, "page": page_key}


class OverviewIds:
    """The Overview page."""

    HEADING = "overview-heading"
    QUERY = "overview-query"  # dcc.Store with the URL's filter parameters
    ALERT = "overview-alert"
    ACTIVE_MENTEES = "overview-active-mentees"
    ACTIVE_MENTORS = "overview-active-mentors"
    WAITING = "overview-waiting"
    WAITING_DETAIL = "overview-waiting-detail"
    CONTACTS_MONTH = "overview-contacts-month"
    CONTACTS_MONTH_DETAIL = "overview-contacts-month-detail"
    MILESTONES_MONTH = "overview-milestones-month"
    CONTACTS_GRAPH = "overview-contacts-graph"


class CaseloadsIds:
    """The Caseloads page."""

    HEADING = "caseloads-heading"
    QUERY = "caseloads-query"
    ALERT = "caseloads-alert"
    CAPACITY_GRAPH = "caseloads-capacity-graph"
    MATCHES_GRAPH = "caseloads-matches-graph"
    WAITING_GRID = "caseloads-waiting-grid"
    WAITING_NOTE = "caseloads-waiting-note"


class PlaceholderIds:
    """Headings of the pages still being built (one id per page)."""

    WORKLOAD_HEADING = "workload-heading"
    OUTCOMES_HEADING = "outcomes-heading"
    NOTES_HEADING = "notes-heading"
    MEETING_HEADING = "meeting-heading"


class NotFoundIds:
    """The 404 page."""

    HEADING = "not-found-heading"


def heading_id(page_key: str) -> str:
    """The id of page ``page_key``'s main heading (used by the smoke test)."""
    return f"{page_key}-heading"
