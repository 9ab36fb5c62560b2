"""The Overview callback, called directly on the demo data."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from callbacks.filters import FORBIDDEN_MESSAGE
from callbacks.overview import update_overview
from dashboard.charts.activity import MONTHLY_CONTACTS_TITLE, NO_CONTACTS
from data.filters import Filters
from data.queries import overview as overview_queries
from layouts.components import NO_VALUE
from tests.callbacks.conftest import ADMIN, site_ids


def _alert_text(alert: object) -> str:
    return str(alert.children) if alert is not None else ""  # type: ignore[attr-defined]


def _annotation(fig: go.Figure) -> str:
    return fig.layout.annotations[0].text if fig.layout.annotations else ""


def test_headline_figures_match_the_query_layer(admin_ctx):
    alert, mentees, mentors, waiting, wait_detail, contacts, _detail, milestones, fig = (
        update_overview({}, admin_ctx)
    )
    expected = overview_queries.headline_figures(admin_ctx.engine, Filters.parse(ADMIN))
    row = expected.iloc[0]
    assert alert is None
    assert mentees == f"{int(row.active_mentees):,}"
    assert mentors == f"{int(row.active_mentors):,}"
    assert waiting == f"{int(row.waiting_for_mentor):,}"
    assert contacts == f"{int(row.contacts_this_month):,}"
    assert milestones == f"{int(row.milestones_this_month):,}"
    assert "days" in wait_detail or wait_detail == "No one waiting"
    assert fig.layout.title.text == MONTHLY_CONTACTS_TITLE
    assert sum(fig.data[0].y) > 0
    json.dumps(fig.to_plotly_json(), default=str)  # the browser can receive it


def test_choosing_a_site_changes_the_figures_to_that_sites(admin_ctx):
    first = site_ids(admin_ctx.engine)[0]
    _, mentees, *_rest, fig = update_overview({"sites": str(first)}, admin_ctx)
    filters = Filters.parse(ADMIN, sites=str(first))
    expected = overview_queries.headline_figures(admin_ctx.engine, filters).iloc[0]
    monthly = overview_queries.monthly_activity(admin_ctx.engine, filters)
    assert mentees == f"{int(expected.active_mentees):,}"
    assert list(fig.data[0].y) == [int(n) for n in monthly.sort_values("month")["contacts"]]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-13-01"}, "is not a date"),
        ({"sites": "abc"}, "must be numbers"),
        ({"start": "2026-05-01", "end": "2026-01-01"}, "ends before it starts"),
        ({"start": "<script>"}, "is not a date"),
    ],
)
def test_bad_filters_show_an_alert_and_empty_figures(admin_ctx, query, message):
    alert, mentees, *_rest, fig = update_overview(query, admin_ctx)
    assert message in _alert_text(alert)
    assert mentees == NO_VALUE
    assert not fig.data
    assert message in _annotation(fig)


def test_a_site_outside_the_supervisors_scope_is_refused(supervisor_ctx):
    other = site_ids(supervisor_ctx.engine)[-1]
    alert, *_rest = update_overview({"sites": str(other)}, supervisor_ctx)
    assert "do not have access to one of the chosen sites" in _alert_text(alert)


def test_nobody_signed_in_sees_no_figures(anonymous_ctx):
    alert, mentees, *_rest, fig = update_overview({}, anonymous_ctx)
    assert _alert_text(alert) == FORBIDDEN_MESSAGE
    assert mentees == NO_VALUE
    assert not fig.data


def test_a_period_without_contacts_says_why_the_chart_is_empty(admin_ctx):
    alert, *_rest, fig = update_overview({"start": "2001-01-01", "end": "2001-03-31"}, admin_ctx)
    assert alert is None
    assert _annotation(fig) == NO_CONTACTS


def test_a_meeting_viewer_may_open_the_overview(viewer_ctx):
    alert, mentees, *_rest = update_overview({}, viewer_ctx)
    assert alert is None
    assert mentees != NO_VALUE


def test_a_meeting_viewer_sees_small_counts_as_fewer_than(viewer_ctx):
    import dataclasses

    from callbacks.overview import update_overview

    raw = update_overview({}, viewer_ctx)
    strict = dataclasses.replace(viewer_ctx.signed_in, small_cell_min=10_000)
    hidden = update_overview({}, dataclasses.replace(viewer_ctx, signed_in=strict))
    active_mentees, waiting, milestones = hidden[1], hidden[3], hidden[7]
    for shown_value, value in ((raw[1], active_mentees), (raw[3], waiting), (raw[7], milestones)):
        assert value == ("0" if shown_value == "0" else "fewer than 10000")
    assert hidden[2] == raw[2]  # mentors are not hidden: they are staff, not mentees
