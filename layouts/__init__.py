"""What each page looks like: functions of the URL's query parameters, never data access.

``page_layout(key)`` returns the layout function of page ``key`` (a key of
``dashboard.pages.PAGES``); the app factory wraps it in the access guard and registers it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from dash.development.base_component import Component

LayoutFn = Callable[..., Component]

_MODULES: dict[str, str] = {
    "overview": "layouts.overview",
    "attention": "layouts.attention",
    "caseloads": "layouts.caseloads",
    "workload": "layouts.workload",
    "outcomes": "layouts.outcomes",
    "notes": "layouts.notes",
    "meeting": "layouts.meeting",
    "audit": "layouts.audit",
    "data_import": "layouts.data_import",
    "mentee": "layouts.mentee",
    "mentor": "layouts.mentor",
    "not_found": "layouts.not_found",
}


def page_layout(key: str) -> LayoutFn:
    """The layout function of page ``key``; KeyError for a page nobody wrote."""
    module = importlib.import_module(_MODULES[key])
    return module.layout
