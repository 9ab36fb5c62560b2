"""Ids of the app shell: navbar, global filter bar and URL."""

from __future__ import annotations


class ShellIds:
    """The app shell: navbar, global filter bar and URL."""

    URL = "shell-url"
    NAV_LINK = "shell-nav-link"  # pattern-matching type: {"type": NAV_LINK, "page": key}
    NAV_TOGGLER = "shell-nav-toggler"
    NAV_COLLAPSE = "shell-nav-collapse"
    USER = "shell-user"
    SIGN_OUT = "shell-sign-out"
    FILTER_PERIOD = "shell-filter-period"
    FILTER_SITES = "shell-filter-sites"
    FILTER_STORE = "shell-filter-store"
    FILTER_RESET = "shell-filter-reset"
    SITES_MESSAGE = "shell-sites-message"
    ROUNDING_NOTE = "shell-rounding-note"

    @staticmethod
    def nav_link(page_key: str) -> dict[str, str]:
        """The id of the navbar link to page ``page_key``."""
        return {"type": ShellIds.NAV_LINK, "page": page_key}
