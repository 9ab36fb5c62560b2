"""The Outcomes page's behaviour: pickers, three callbacks that draw its charts, and the list
of assessments due (with its exports).

The charts are split so each callback stays small: recovery measures (trend, distance
travelled, reliable change) follow the instrument and measure; cohorts also follow the
grouping; follow-up, events and milestones follow only the filters. Every input is
untrusted: an unknown instrument, measure or grouping gives an alert, never an exception.
The due list names mentees, so it is shown and exported only for a scope that may see
identities (supervisors and admins); a meeting viewer's page keeps it hidden and empty, and
an export asked for by one is refused.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, no_update
from sqlalchemy import Engine

from callbacks.exports import TableExport, columns_of
from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from callbacks.grid_rows import grid_records
from callbacks.navigation import mentee_link
from callbacks.page_update import PageUpdate, register_all
from callbacks.slots import alert, chart, fixed, graph, message, text
from dashboard.charts import outcomes as charts
from dashboard.context import AppContext
from dashboard.exports import ExportRefused
from data import queries as q
from data.filters import FilterError, Filters
from data.labels import ASSESSMENT_KIND_LABELS as KIND_LABELS
from data.queries.outcomes import FollowUpSchedule, InstrumentInfo, instrument_info
from data.queries.outcomes.change import change_overview
from data.queries.outcomes.cohorts import COHORT_GROUPINGS
from layouts.ids import OutcomesIds as ids
from layouts.outcomes import COHORT_OPTIONS, DEFAULT_INSTRUMENT, DUE_COLUMNS

PAGE = "outcomes"
PAGE_PARAMS = ("instrument", "measure", "cohort")
DEFAULT_COHORT = "quarter"
MAX_CHOICE_CHARS = 80
COHORT_LABELS = {str(o["value"]): str(o["label"]).lower() for o in COHORT_OPTIONS}


class Choice:
    """The instrument, measure and grouping a request asks for, checked against the data."""

    def __init__(self, code: str, name: str, measure: str, measures: list[str], higher: bool):
        self.code, self.name, self.measure = code, name, measure
        self.measures, self.higher_is_better = measures, higher


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= MAX_CHOICE_CHARS else None


def choose(ctx: AppContext, filters: Filters, instrument: object, measure: object) -> Choice:
    """The instrument and measure to show; FilterError for ones that do not exist.

    No instrument means the default (or the first there is); no measure, or one that is not
    part of the instrument (left over from the one before), means the total (or the only
    domain).
    """
    available = ctx.query(q.outcome_instruments, filters)
    if available.empty:
        raise FilterError("No outcome instruments are set up yet.")
    if instrument not in (None, "") and _text(instrument) is None:
        raise FilterError("That instrument does not exist.")
    code = _text(instrument) or DEFAULT_INSTRUMENT
    if code not in set(available["code"]):
        if instrument not in (None, ""):
            raise FilterError("That instrument does not exist.")
        code = str(available["code"].iloc[0])
    info = ctx.query(_instrument_definition, filters, instrument_code=code)
    if info is None:
        raise FilterError("That instrument does not exist.")
    measures = info.measures
    if measure not in (None, "") and _text(measure) is None:
        raise FilterError("That domain is not part of this instrument.")
    # A domain of another instrument (left in the URL while switching) means the default.
    chosen = measure if measure in measures else None
    return Choice(code, info.name, chosen or measures[-1], measures, info.higher_is_better)


def _instrument_definition(
    engine: Engine, filters: Filters, instrument_code: str
) -> InstrumentInfo | None:
    """An instrument's definition, through the query cache (definitions hold no data)."""
    del filters
    return instrument_info(engine, instrument_code)


def _pickers(
    ctx: AppContext, filters: Filters, instrument: object, measure: object
) -> tuple[list[dict], list[dict], object]:
    choice = choose(ctx, filters, instrument, None)
    available = ctx.query(q.outcome_instruments, filters)
    instruments = [
        {"label": str(name), "value": str(code)}
        for code, name in zip(available["code"], available["name"], strict=True)
    ]
    measures = [{"label": m, "value": m} for m in choice.measures]
    value = measure if measure in choice.measures else choice.measures[-1]
    return instruments, measures, (value if value != measure else no_update)


picker_options = PageUpdate(
    PAGE,
    (
        fixed(ids.INSTRUMENT, "options", []),
        fixed(ids.MEASURE, "options", []),
        fixed(ids.MEASURE, "value", None),
    ),
    _pickers,
    (Input(ids.QUERY, "data"), Input(ids.INSTRUMENT, "value"), State(ids.MEASURE, "value")),
)
"""Options of the instrument and measure pickers, and the measure to select (no_update
when the current one stays)."""


def page_search(
    search: object,
    instrument: object,
    measure: object,
    cohort: object,
    measure_options: object = None,
) -> object:
    """The URL's query string with the page's choices written in (filters kept).

    Choices left at their defaults (the default instrument, the instrument's default measure:
    the last of ``measure_options``, cohorts by intake quarter) are not written: opening the
    page then leaves its URL alone, and the page is not drawn a second time.
    """
    current = search if isinstance(search, str) and len(search) < 4000 else ""
    params = [(k, v) for k, v in parse_qsl(current.lstrip("?")) if k not in PAGE_PARAMS]
    defaults = {
        "instrument": DEFAULT_INSTRUMENT,
        "measure": _default_measure(measure_options),
        "cohort": DEFAULT_COHORT,
    }
    for key, value in zip(PAGE_PARAMS, (instrument, measure, cohort), strict=True):
        text = _text(value)
        if text and text != defaults[key]:
            params.append((key, text))
    new = "?" + urlencode(params, safe=",") if params else ""
    return new if new != current else no_update


def _default_measure(options: object) -> str | None:
    if isinstance(options, list) and options and isinstance(options[-1], dict):
        return _text(options[-1].get("value"))
    return None


def _measures(ctx: AppContext, filters: Filters, instrument: object, measure: object) -> tuple:
    choice = choose(ctx, filters, instrument, measure)
    minimum = ctx.settings.small_cell_min
    trend = ctx.query(q.outcome_trend, filters, instrument_code=choice.code, min_group=minimum)
    distance, change = ctx.query(
        change_overview, filters, instrument_code=choice.code, min_group=minimum
    )
    return (
        None,
        charts.trend_figure(trend, choice.measure, choice.name),
        charts.trend_caption(trend, choice.measure, minimum),
        charts.change_figure(distance, choice.name),
        charts.change_caption(distance, choice.higher_is_better),
        charts.reliable_change_figure(change),
        charts.reliable_change_caption(change),
    )


CHOICES = (Input(ids.QUERY, "data"), Input(ids.INSTRUMENT, "value"), Input(ids.MEASURE, "value"))
update_measures = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        *chart(ids.TREND_GRAPH, ids.TREND_CAPTION, charts.TREND_TITLE),
        *chart(ids.CHANGE_GRAPH, ids.CHANGE_CAPTION, charts.CHANGE_TITLE),
        *chart(ids.RELIABLE_GRAPH, ids.RELIABLE_CAPTION, charts.RELIABLE_TITLE),
    ),
    _measures,
    CHOICES,
)
"""Trend, distance travelled and reliable change for the chosen instrument and measure.

Returns (alert, trend figure, caption, change figure, caption, reliable figure, caption).
"""


def _cohorts(
    ctx: AppContext, filters: Filters, instrument: object, measure: object, grouping: object
) -> tuple[go.Figure, str]:
    choice = choose(ctx, filters, instrument, measure)
    if grouping not in COHORT_GROUPINGS:
        raise FilterError("Cohorts can be grouped by intake quarter, site or support style.")
    minimum = ctx.settings.small_cell_min
    df = ctx.query(
        q.outcome_cohorts,
        filters,
        instrument_code=choice.code,
        measure=choice.measure,
        grouping=str(grouping),
        min_group=minimum,
    )
    label = COHORT_LABELS[str(grouping)]
    return (
        charts.cohort_figure(df, choice.measure, label),
        charts.cohort_caption(df, choice.measure, minimum),
    )


update_cohorts = PageUpdate(
    PAGE,
    (graph(ids.COHORT_GRAPH, charts.COHORT_TITLE), message(ids.COHORT_CAPTION)),
    _cohorts,
    (*CHOICES, Input(ids.COHORT, "value")),
)
"""Trajectories by months since intake for the chosen grouping: (figure, caption)."""


def schedule_of(ctx: AppContext) -> FollowUpSchedule:
    """The program's follow-up schedule, from the settings."""
    s = ctx.settings
    return FollowUpSchedule(
        baseline_days=s.follow_up_baseline_days,
        interval_months=s.follow_up_interval_months,
        window_days=s.follow_up_window_days,
        at_exit=s.follow_up_at_exit,
    )


def schedule_words(schedule: FollowUpSchedule) -> str:
    """The schedule in one sentence, for the follow-up caption."""
    exit_words = ", and at exit" if schedule.at_exit else ""
    return (
        f"Schedule: baseline within {schedule.baseline_days} days of intake, then every "
        f"{schedule.interval_months} months (± {schedule.window_days} days){exit_words}."
    )


ProgramResult = tuple[go.Figure, str, go.Figure, str, go.Figure, go.Figure, str]


def _program(ctx: AppContext, filters: Filters) -> ProgramResult:
    minimum = ctx.settings.small_cell_min
    schedule = schedule_of(ctx)
    completeness = ctx.query(
        q.follow_up_completeness, filters, schedule=schedule, min_group=minimum
    )
    events = ctx.query(q.event_rates, filters, min_group=minimum)
    by_month = ctx.query(q.milestones_by_month, filters)
    goals = ctx.query(q.milestones_by_category, filters)
    first = ctx.query(q.time_to_first_milestone, filters, min_group=minimum)
    return (
        charts.follow_up_figure(completeness),
        charts.follow_up_caption(completeness, schedule_words(schedule)),
        charts.events_figure(events),
        charts.events_caption(events),
        charts.milestones_figure(by_month),
        charts.goals_figure(goals),
        charts.milestones_caption(by_month, goals, first),
    )


update_program = PageUpdate(
    PAGE,
    (
        graph(ids.FOLLOW_UP_GRAPH, charts.FOLLOW_UP_TITLE),
        message(ids.FOLLOW_UP_CAPTION),
        *chart(ids.EVENTS_GRAPH, ids.EVENTS_CAPTION, charts.EVENTS_TITLE),
        graph(ids.MILESTONES_GRAPH, charts.MILESTONES_TITLE),
        graph(ids.GOALS_GRAPH, charts.GOALS_TITLE),
        text(ids.MILESTONES_CAPTION),
    ),
    _program,
    (Input(ids.QUERY, "data"),),
)
"""Follow-up completeness, event rates and milestones for the filters.

Returns (follow-up figure, caption, events figure, caption, milestones figure, goals figure,
milestones caption).
"""


# --- assessments due: the attention list's ``assessments_due``, as a table ------------------

DUE_LIMIT = 500
DUE_EXPORT = columns_of(DUE_COLUMNS)
DUE_FIELDS = [c.field for c in DUE_EXPORT]
STATUS_LABELS = {"due": "Due", "overdue": "Overdue"}
DUE_FOR_STAFF = "The list of who is due an assessment is for supervisors and admins only."


def due_frame(ctx: AppContext, query: dict | None) -> tuple[pd.DataFrame, Filters]:
    """What the due list shows (and exports) for the URL's filters: who is due or overdue a
    follow-up assessment on the period's last day, most overdue first, kinds and statuses in
    words. ExportRefused for a scope that may not see identities (a list of people is
    identifying even without names), before any query runs."""
    filters = filters_for_page(ctx, PAGE, query)
    if not filters.scope.see_identities:
        raise ExportRefused(DUE_FOR_STAFF)
    df = ctx.query(q.assessments_due, filters, schedule=schedule_of(ctx), limit=DUE_LIMIT)
    shown = df.copy()
    shown["kind"] = [KIND_LABELS.get(str(k), str(k)) for k in shown["kind"]]
    shown["status"] = [STATUS_LABELS.get(str(v), str(v)) for v in shown["status"]]
    return shown, filters


def due_rows(df: pd.DataFrame) -> list[dict[str, object]]:
    """The due list as grid rows: plain values, each mentee code a link to their page."""
    rows = []
    for row, record in grid_records(df, DUE_FIELDS):
        row["mentee_code"] = mentee_link(record.get("mentee_code"), int(record["mentee_id"]))
        rows.append(row)
    return rows


def due_note(count: int, day: object, limit: int = DUE_LIMIT) -> str:
    """One line over the due list."""
    when = f"on {day:%d %B %Y}" if hasattr(day, "strftime") else "now"
    if count == 0:
        return f"Nobody is due or overdue a follow-up assessment {when}."
    if count >= limit:
        return f"The {limit} most overdue assessments {when} (there may be more)."
    noun = "assessment is" if count == 1 else "assessments are"
    return f"{count} {noun} due or overdue {when}, most overdue first."


def update_due(query: dict | None, ctx: AppContext) -> tuple[bool, list[dict[str, object]], str]:
    """(section hidden, rows, note) of the due list for the URL's filters.

    Hidden and empty for anyone who may not see identities (meeting viewers) or may not open
    the page; for staff with bad filters, shown with the reason instead of rows.
    """
    try:
        scope = ctx.scope(PAGE)
    except PROBLEMS:
        return True, [], ""
    if not scope.see_identities:
        return True, [], ""
    try:
        df, filters = due_frame(ctx, query)
    except PROBLEMS as error:
        return False, [], problem_message(error)
    return False, due_rows(df), due_note(len(df), filters.end)


DUE_TABLE_EXPORT = TableExport(
    PAGE, "assessments-due", ids.QUERY, ids.DUE_EXPORT_IDS, due_frame, DUE_EXPORT
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Outcomes page's callbacks on ``app``."""
    register_all(app, ctx, (picker_options, update_measures, update_cohorts, update_program))
    register_all(app, ctx, (DUE_TABLE_EXPORT,))
    app.callback(
        Output(ids.DUE_SECTION, "hidden"),
        Output(ids.DUE_GRID, "rowData"),
        Output(ids.DUE_NOTE, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_due(query, ctx))
    app.callback(
        Output(ids.URL, "search"),
        Input(ids.INSTRUMENT, "value"),
        Input(ids.MEASURE, "value"),
        Input(ids.COHORT, "value"),
        State(ids.URL, "search"),
        State(ids.MEASURE, "options"),
        prevent_initial_call=True,
    )(
        lambda instrument, measure, cohort, search, options: page_search(
            search, instrument, measure, cohort, options
        )
    )
