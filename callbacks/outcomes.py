"""The Outcomes page's behaviour: pickers, and three callbacks that draw its charts.

The charts are split so each callback stays small: recovery measures (trend, distance
travelled, reliable change) follow the instrument and measure; cohorts also follow the
grouping; follow-up, events and milestones follow only the filters. Every input is
untrusted: an unknown instrument, measure or grouping gives an alert, never an exception.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, no_update
from sqlalchemy import Engine

from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from dashboard.charts import outcomes as charts
from dashboard.charts.common import empty_figure
from dashboard.context import AppContext
from data import queries as q
from data.filters import FilterError, Filters
from data.queries.outcome_change import change_overview
from data.queries.outcome_cohorts import COHORT_GROUPINGS
from data.queries.outcome_common import InstrumentInfo, instrument_info
from data.queries.outcome_followup import FollowUpSchedule
from layouts.components import problem_alert
from layouts.ids import OutcomesIds as ids
from layouts.outcomes import COHORT_OPTIONS, DEFAULT_INSTRUMENT

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


def picker_options(
    query: dict | None, instrument: object, measure: object, ctx: AppContext
) -> tuple[list[dict], list[dict], object]:
    """Options of the instrument and measure pickers, and the measure to select (no_update
    when the current one stays)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
        choice = choose(ctx, filters, instrument, None)
    except PROBLEMS:
        return [], [], None
    available = ctx.query(q.outcome_instruments, filters)
    instruments = [
        {"label": str(name), "value": str(code)}
        for code, name in zip(available["code"], available["name"], strict=True)
    ]
    measures = [{"label": m, "value": m} for m in choice.measures]
    value = measure if measure in choice.measures else choice.measures[-1]
    return instruments, measures, (value if value != measure else no_update)


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


def _fail(message: str, titles: tuple[str, ...]) -> tuple:
    return (problem_alert(message), *[empty_figure(message, t) for t in titles])


MeasuresResult = tuple[object, go.Figure, str, go.Figure, str, go.Figure, str]


def update_measures(
    query: dict | None, instrument: object, measure: object, ctx: AppContext
) -> MeasuresResult:
    """Trend, distance travelled and reliable change for the chosen instrument and measure.

    Returns (alert, trend figure, caption, change figure, caption, reliable figure, caption).
    """
    try:
        filters = filters_for_page(ctx, PAGE, query)
        choice = choose(ctx, filters, instrument, measure)
    except PROBLEMS as error:
        message = problem_message(error)
        alert, trend, change, reliable = _fail(
            message, (charts.TREND_TITLE, charts.CHANGE_TITLE, charts.RELIABLE_TITLE)
        )
        return alert, trend, "", change, "", reliable, ""
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


def update_cohorts(
    query: dict | None, instrument: object, measure: object, grouping: object, ctx: AppContext
) -> tuple[go.Figure, str]:
    """Trajectories by months since intake for the chosen grouping: (figure, caption)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
        choice = choose(ctx, filters, instrument, measure)
        if grouping not in COHORT_GROUPINGS:
            raise FilterError("Cohorts can be grouped by intake quarter, site or support style.")
    except PROBLEMS as error:
        message = problem_message(error)
        return empty_figure(message, charts.COHORT_TITLE), message
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


def update_program(query: dict | None, ctx: AppContext) -> ProgramResult:
    """Follow-up completeness, event rates and milestones for the filters.

    Returns (follow-up figure, caption, events figure, caption, milestones figure, goals
    figure, milestones caption).
    """
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        message = problem_message(error)
        return (
            empty_figure(message, charts.FOLLOW_UP_TITLE),
            message,
            empty_figure(message, charts.EVENTS_TITLE),
            "",
            empty_figure(message, charts.MILESTONES_TITLE),
            empty_figure(message, charts.GOALS_TITLE),
            "",
        )
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


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Outcomes page's callbacks on ``app``."""

    def _pickers(query, instrument, measure):  # type: ignore[no-untyped-def]
        return picker_options(query, instrument, measure, ctx)

    def _measures(query, instrument, measure):  # type: ignore[no-untyped-def]
        return update_measures(query, instrument, measure, ctx)

    def _cohorts(query, instrument, measure, grouping):  # type: ignore[no-untyped-def]
        return update_cohorts(query, instrument, measure, grouping, ctx)

    def _program(query):  # type: ignore[no-untyped-def]
        return update_program(query, ctx)

    app.callback(
        Output(ids.INSTRUMENT, "options"),
        Output(ids.MEASURE, "options"),
        Output(ids.MEASURE, "value"),
        Input(ids.QUERY, "data"),
        Input(ids.INSTRUMENT, "value"),
        State(ids.MEASURE, "value"),
    )(_pickers)
    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.TREND_GRAPH, "figure"),
        Output(ids.TREND_CAPTION, "children"),
        Output(ids.CHANGE_GRAPH, "figure"),
        Output(ids.CHANGE_CAPTION, "children"),
        Output(ids.RELIABLE_GRAPH, "figure"),
        Output(ids.RELIABLE_CAPTION, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.INSTRUMENT, "value"),
        Input(ids.MEASURE, "value"),
    )(_measures)
    app.callback(
        Output(ids.COHORT_GRAPH, "figure"),
        Output(ids.COHORT_CAPTION, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.INSTRUMENT, "value"),
        Input(ids.MEASURE, "value"),
        Input(ids.COHORT, "value"),
    )(_cohorts)
    app.callback(
        Output(ids.FOLLOW_UP_GRAPH, "figure"),
        Output(ids.FOLLOW_UP_CAPTION, "children"),
        Output(ids.EVENTS_GRAPH, "figure"),
        Output(ids.EVENTS_CAPTION, "children"),
        Output(ids.MILESTONES_GRAPH, "figure"),
        Output(ids.GOALS_GRAPH, "figure"),
        Output(ids.MILESTONES_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(_program)
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
