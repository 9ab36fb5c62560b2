"""One mentee's page: who they are (within the viewer's sites), their scores, on which domains
they changed by more than chance, their milestones and events, and those two tables' exports.
Opening it for a mentee in scope is written to the audit trail (view_mentee_page), and so is
each export (export, with the mentee's number)."""

from __future__ import annotations

from collections.abc import Callable

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input

from callbacks.audit_record import record_for_user
from callbacks.exports import TableExport, columns_of
from callbacks.filters import filters_for_page
from callbacks.page_update import PageUpdate, register_all
from callbacks.slots import alert, chart, fixed
from dashboard.charts.common import empty_figure
from dashboard.charts.mentee import (
    MENTEE_CHANGE_TITLE,
    MENTEE_HISTORY_TITLE,
    mentee_caption,
    mentee_change_figure,
    mentee_history_figure,
)
from dashboard.charts.outcomes import CATEGORY_LABELS, EVENT_LABELS
from dashboard.context import AppContext
from data.filters import FilterError, Filters
from data.queries.outcomes import mentee as mq
from data.services.audit import AuditEventType
from layouts.ids import MenteeIds as ids
from layouts.mentee import EVENT_COLUMNS, MILESTONE_COLUMNS, profile_card

PAGE = "mentee"
NOT_FOUND = "There is no mentee with this number at your sites."
MILESTONE_EXPORT = columns_of(MILESTONE_COLUMNS)
EVENT_EXPORT = columns_of(EVENT_COLUMNS)


def parse_mentee_id(raw: object) -> int:
    """The mentee id from the path; FilterError unless it is a positive whole number."""
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not text.isdigit() or len(text) > 10 or not 0 < int(text) <= mq.MAX_MENTEE_ID:
        raise FilterError("The address does not name a mentee (it should end in a number).")
    return int(text)


def _checked(ctx: AppContext, raw: object) -> tuple[Filters, int]:
    filters = filters_for_page(ctx, PAGE, {})
    return filters, parse_mentee_id(raw)


def _labelled(df: pd.DataFrame, labels: dict[str, str], column: str) -> pd.DataFrame:
    """``df`` with ``column``'s codes in words, as the table shows them."""
    shown = df.copy()
    shown[column] = [labels.get(str(v), v) for v in shown[column]]
    return shown


def _goals(ctx: AppContext, filters: Filters, mentee_id: int) -> pd.DataFrame:
    goals = ctx.query(mq.mentee_milestones, filters, mentee_id=mentee_id)
    return _labelled(goals, CATEGORY_LABELS, "category")


def _events(ctx: AppContext, filters: Filters, mentee_id: int) -> pd.DataFrame:
    events = ctx.query(mq.mentee_events, filters, mentee_id=mentee_id)
    return _labelled(events, EVENT_LABELS, "kind")


def _rows(df: pd.DataFrame) -> list[dict[str, object]]:
    """Grid rows of a table frame: dates as ISO text."""
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record_.items()}
        for record_ in df.to_dict("records")
    ]


def _table_frame(
    table: Callable[[AppContext, Filters, int], pd.DataFrame],
) -> Callable[[AppContext, object], tuple[pd.DataFrame, Filters]]:
    """What one of the page's tables shows (and exports) for the page's raw mentee id: the
    same rows as the grid; FilterError for an id that names no mentee at the user's sites."""

    def rows(ctx: AppContext, raw: object) -> tuple[pd.DataFrame, Filters]:
        filters, mentee_id = _checked(ctx, raw)
        if ctx.query(mq.mentee_profile, filters, mentee_id=mentee_id).empty:
            raise FilterError(NOT_FOUND)
        return table(ctx, filters, mentee_id), filters

    return rows


milestone_frame = _table_frame(_goals)
event_frame = _table_frame(_events)


def export_subject(raw: object) -> str:
    """Whose rows an export of this page holds, for the audit trail (never a name)."""
    return f"mentee_id={parse_mentee_id(raw)}"


def _open(ctx: AppContext, checked: tuple[Filters, int]) -> tuple:
    filters, mentee_id = checked
    profile = ctx.query(mq.mentee_profile, filters, mentee_id=mentee_id)
    if profile.empty:
        raise FilterError(NOT_FOUND)
    record_for_user(ctx, AuditEventType.VIEW_MENTEE_PAGE, PAGE, f"mentee_id={mentee_id}")
    person = profile.iloc[0]
    facts = [
        f"{person['mentee_code']} · {person['mentee_name']}",
        f"Site: {person['site']}",
        f"Status: {person['status']}",
    ]
    if person["intake_date"] is not None:
        facts.append(f"Intake: {person['intake_date']:%d %B %Y}")
    if person["exit_date"] is not None:
        facts.append(f"Left: {person['exit_date']:%d %B %Y}")
    scores = ctx.query(mq.mentee_scores, filters, mentee_id=mentee_id)
    instruments = scores[["instrument_code", "instrument"]].drop_duplicates()
    options = [
        {"label": str(n), "value": str(c)}
        for c, n in zip(instruments["instrument_code"], instruments["instrument"], strict=True)
    ]
    return (
        None,
        profile_card(facts),
        options,
        options[0]["value"] if options else None,
        _rows(_goals(ctx, filters, mentee_id)),
        _rows(_events(ctx, filters, mentee_id)),
    )


open_mentee = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        fixed(ids.PROFILE, "children", None),
        fixed(ids.INSTRUMENT, "options", []),
        fixed(ids.INSTRUMENT, "value", None),
        fixed(ids.MILESTONES, "rowData", []),
        fixed(ids.EVENTS, "rowData", []),
    ),
    _open,
    (Input(ids.MENTEE, "data"),),
    parse=_checked,
)
"""Who the mentee is, their instruments, milestones and events; audits the opening.

Returns (alert, profile, instrument options, instrument value, milestone rows, event rows).
"""


def _charts(ctx: AppContext, checked: tuple[Filters, int], instrument: object) -> tuple:
    filters, mentee_id = checked
    scores = ctx.query(mq.mentee_scores, filters, mentee_id=mentee_id)
    rows = scores[scores["instrument_code"] == instrument] if isinstance(instrument, str) else None
    if rows is None or rows.empty:
        blank: go.Figure = empty_figure(
            "No assessments with this instrument for this mentee", MENTEE_CHANGE_TITLE
        )
        return blank, "", empty_figure("No assessments", MENTEE_HISTORY_TITLE), ""
    change = ctx.query(
        mq.mentee_reliable_change, filters, mentee_id=mentee_id, instrument_code=instrument
    )
    caption = mentee_caption(rows, change)
    return mentee_change_figure(rows), caption, mentee_history_figure(rows), caption


mentee_charts = PageUpdate(
    PAGE,
    (
        *chart(ids.CHANGE_GRAPH, ids.CHANGE_CAPTION, MENTEE_CHANGE_TITLE),
        *chart(ids.HISTORY_GRAPH, ids.HISTORY_CAPTION, MENTEE_HISTORY_TITLE),
    ),
    _charts,
    (Input(ids.MENTEE, "data"), Input(ids.INSTRUMENT, "value")),
    parse=_checked,
)
"""(first-vs-latest figure, caption, history figure, caption) for one instrument.

The caption counts the domains better by more than chance (reliable change, as on the
Outcomes page), not every rise of a score.
"""


# Each export is audited with the mentee's number (``export_subject``).
EXPORTS = (
    TableExport(
        PAGE,
        "milestones",
        ids.MENTEE,
        ids.MILESTONES_EXPORT_IDS,
        milestone_frame,
        MILESTONE_EXPORT,
        export_subject,
    ),
    TableExport(
        PAGE, "events", ids.MENTEE, ids.EVENTS_EXPORT_IDS, event_frame, EVENT_EXPORT, export_subject
    ),
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the mentee page's callbacks on ``app``."""
    register_all(app, ctx, (open_mentee, mentee_charts, *EXPORTS))
