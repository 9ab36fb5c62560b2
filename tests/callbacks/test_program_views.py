"""Workload and Caseloads with many mentors in view: a row per site, clicks narrow to a site,
and no chart orders mentors or sites by a figure.

The callbacks are called directly on the small demo data (every period relative to the
program's today); ``MAX_MENTOR_ROWS`` is lowered so that the admin's twelve-odd mentors are
"too many", as an admin's hundreds are in a real program.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from dash import no_update

from callbacks import caseloads as caseload_cb
from callbacks import mentor_rows
from callbacks import workload as cb
from dashboard.charts import program as program_charts
from dashboard.charts import workload as charts
from dashboard.context import AppContext
from dashboard.query_cache import QueryCache
from data.filters import AccessScope
from data.queries import workload as workload_queries
from layouts.ids import CaseloadsIds, WorkloadIds
from tests.callbacks.conftest import ADMIN, ScopedContext, make_ctx, site_ids
from tests.dashboard.test_viewer_differencing import _figure_counts, _text_counts

QUERY: dict[str, object] = {}  # the default period: the twelve months up to today
SEPARATOR = " · "  # a mentor's axis label is 'Name · Site'
TOTALS = {charts.TOTAL_LABEL, program_charts.TOTAL_LABEL}


@pytest.fixture
def sites_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any mentor at all is too many for a row each: every per-mentor chart draws sites."""
    monkeypatch.setattr(mentor_rows, "MAX_MENTOR_ROWS", 0)


def _site_names(ctx: AppContext) -> list[str]:
    rows = cb.workload_table_frame(ctx, QUERY)[0]
    return sorted(set(rows["site"]))


def _workload_figures(ctx: AppContext, measure: str = "contacts") -> dict[str, tuple]:
    return {
        "heatmap": cb.update_heatmap(QUERY, measure, ctx),
        "support": cb.update_support(QUERY, ctx),
        "crisis": cb.update_crisis(QUERY, ctx),
        "direct": cb.update_direct_service(QUERY, ctx),
        "groups": cb.update_groups(QUERY, ctx),
    }


def _per_row_figures(ctx: AppContext) -> dict[str, go.Figure]:
    """Every Workload and Caseloads figure with a row per mentor (or per site)."""
    answers = _workload_figures(ctx)
    _alert, capacity, *_rest = caseload_cb.update_caseloads(QUERY, ctx)
    return {
        "heatmap": answers["heatmap"][0],
        "support": answers["support"][0],
        "style": answers["support"][1],
        "crisis": answers["crisis"][0],
        "direct": answers["direct"][0],
        "sessions": answers["groups"][0],
        "capacity": capacity,
    }


def top_to_bottom(fig: go.Figure) -> list[str]:
    """The y-axis categories of ``fig``'s first trace as a reader sees them, top first,
    without the total row. A heatmap lists its rows bottom first; bars with a reversed
    axis top first."""
    labels = [str(y) for y in fig.data[0].y]
    if fig.layout.yaxis.autorange != "reversed":
        labels = labels[::-1]
    return [label for label in labels if label not in TOTALS]


def test_with_many_mentors_in_view_each_per_mentor_chart_draws_a_row_per_site(
    admin_ctx, sites_drawn
):
    names = _site_names(admin_ctx)
    assert len(names) > 1
    answers = _workload_figures(admin_ctx)
    titles = {
        "heatmap": program_charts.HEATMAP_TITLE["contacts"],
        "support": program_charts.SUPPORT_TITLE,
        "crisis": program_charts.CRISIS_TITLE,
        "direct": program_charts.DIRECT_TITLE,
        "groups": program_charts.SESSIONS_TITLE,
    }
    for key, title in titles.items():
        fig, *_rest, caption = answers[key]
        assert fig.layout.title.text == title, key
        assert top_to_bottom(fig) == names, key
        assert caption.startswith(f"{title}: "), key
        # Every mentor is one click away: the caption says where.
        assert "table at the foot of the page" in caption, key
        json.loads(pio.to_json(fig))
    style = answers["support"][1]
    assert style.layout.title.text == program_charts.STYLE_TITLE
    assert top_to_bottom(style) == [n for n in names if n in set(style.data[0].y)]
    hours, hours_caption = cb.update_heatmap(QUERY, "hours", admin_ctx)
    assert hours.layout.title.text == program_charts.HEATMAP_TITLE["hours"]
    assert "contact hours" in hours_caption
    _alert, capacity, _matches, _rows, _note, caption = caseload_cb.update_caseloads(
        QUERY, admin_ctx
    )
    assert capacity.layout.title.text == program_charts.CAPACITY_TITLE
    assert top_to_bottom(capacity) == names
    assert caption.startswith(f"{program_charts.CAPACITY_TITLE}: ")
    assert "lists every mentor" in caption


def test_the_site_heatmap_holds_every_contact_of_the_mentor_heatmap(admin_ctx, monkeypatch):
    mentors, _ = cb.update_heatmap(QUERY, "contacts", admin_ctx)
    monkeypatch.setattr(mentor_rows, "MAX_MENTOR_ROWS", 0)
    sites, caption = cb.update_heatmap(QUERY, "contacts", admin_ctx)

    def total(fig: go.Figure, label: str) -> int:
        row = list(fig.data[0].y).index(label)
        return sum(int(t.replace(",", "")) for t in fig.data[0].text[row])

    assert total(sites, program_charts.TOTAL_LABEL) == total(mentors, charts.TOTAL_LABEL) > 0
    assert f"{total(sites, program_charts.TOTAL_LABEL):,} contacts" in caption


def test_within_the_limit_the_charts_keep_a_row_per_mentor(admin_ctx):
    mentors = len(cb.workload_table_frame(admin_ctx, QUERY)[0])
    assert 0 < mentors <= mentor_rows.MAX_MENTOR_ROWS
    figures = _per_row_figures(admin_ctx)
    assert figures["heatmap"].layout.title.text == charts.HEATMAP_TITLE["contacts"]
    for key, fig in figures.items():
        assert all(SEPARATOR in label for label in top_to_bottom(fig)), key


@pytest.mark.parametrize("limit", [None, 0], ids=["a row per mentor", "a row per site"])
def test_no_chart_orders_mentors_or_sites_by_a_figure(admin_ctx, monkeypatch, limit):
    """Every per-mentor and per-site chart of Workload and Caseloads lists its rows by site,
    then mentor name: the y-axis categories read top to bottom in that order."""
    if limit is not None:
        monkeypatch.setattr(mentor_rows, "MAX_MENTOR_ROWS", limit)
    for key, fig in _per_row_figures(admin_ctx).items():
        labels = top_to_bottom(fig)
        assert len(labels) > 1, key
        keys = [
            (label.split(SEPARATOR)[1], label.split(SEPARATOR)[0])
            if SEPARATOR in label
            else (label, "")
            for label in labels
        ]
        assert keys == sorted(keys), f"{key}: {labels}"


def _click(fig: go.Figure, row: int = 0) -> dict:
    """The clickData the browser sends for a click on a bar (or a heatmap cell) of ``fig``."""
    customdata = fig.data[0].customdata[row]
    point = {"customdata": list(customdata) if not isinstance(customdata, str) else customdata}
    return {"points": [{**point, "x": "2026-01-05", "y": fig.data[0].y[row]}]}


def test_a_click_on_a_site_narrows_the_page_to_that_site(admin_ctx, sites_drawn):
    first, *_ = site_ids(admin_ctx.engine)
    query = {"start": "2026-01-01", "end": "2026-06-30"}
    support, *_ = cb.update_support(query, admin_ctx)
    for graph in (WorkloadIds.SUPPORT_GRAPH, WorkloadIds.DIRECT_GRAPH):
        href = cb.navigate(_click(support), query, graph, admin_ctx)
        site_id = program_charts.site_clicked(_click(support))
        assert href == f"/workload?start=2026-01-01&end=2026-06-30&sites={site_id}"
    # A heatmap cell carries its site too (the top row, everyone together, carries none).
    heat, _ = cb.update_heatmap(query, "contacts", admin_ctx)
    cell = {"points": [{"customdata": heat.data[0].customdata[0][3], "x": "2026-02-02"}]}
    assert cb.navigate(cell, query, WorkloadIds.HEATMAP_GRAPH, admin_ctx).endswith(
        f"&sites={program_charts.site_clicked(cell)}"
    )
    everyone = {"points": [{"customdata": heat.data[0].customdata[-1][3], "x": "2026-02-02"}]}
    assert cb.navigate(everyone, query, WorkloadIds.HEATMAP_GRAPH, admin_ctx) is no_update
    # The chosen sites are replaced by the one clicked; the period stays.
    chosen = {**query, "sites": f"{first}"}
    assert cb.navigate(_click(support), chosen, WorkloadIds.SUPPORT_GRAPH, admin_ctx).endswith(
        f"sites={program_charts.site_clicked(_click(support))}"
    )
    _alert, capacity, *_rest = caseload_cb.update_caseloads(query, admin_ctx)
    href = caseload_cb.navigate(_click(capacity), query, admin_ctx)
    assert href == (
        f"/caseloads?start=2026-01-01&end=2026-06-30&sites="
        f"{program_charts.site_clicked(_click(capacity))}"
    )
    assert CaseloadsIds.NAV and WorkloadIds.NAV  # both pages navigate with dcc.Location


def test_a_click_on_a_site_outside_the_scope_goes_nowhere(supervisor_ctx, admin_ctx):
    mine = next(iter(supervisor_ctx.signed_in.site_ids))
    other = next(s for s in site_ids(admin_ctx.engine) if s != mine)
    click = {"points": [{"customdata": [program_charts.site_tag(other), "5"]}]}
    assert cb.navigate(click, QUERY, WorkloadIds.SUPPORT_GRAPH, supervisor_ctx) is no_update
    assert caseload_cb.navigate(click, QUERY, supervisor_ctx) is no_update
    own = {"points": [{"customdata": [program_charts.site_tag(mine), "5"]}]}
    assert cb.navigate(own, QUERY, WorkloadIds.SUPPORT_GRAPH, supervisor_ctx).endswith(
        f"sites={mine}"
    )
    hostile = [
        {"points": [{"customdata": ["site:"]}]},
        {"points": [{"customdata": ["site:-3"]}]},
        {"points": [{"customdata": ["site:1; drop"]}]},
        {"points": [{"customdata": ["site:99999999999"]}]},
        {"points": [{"customdata": [["site:1"]]}]},
    ]
    for click in hostile:
        assert cb.navigate(click, QUERY, WorkloadIds.SUPPORT_GRAPH, admin_ctx) is no_update
        assert caseload_cb.navigate(click, QUERY, admin_ctx) is no_update


def test_a_meeting_viewer_sees_site_rows_with_rounded_counts_only(
    viewer_ctx, settings, sites_drawn
):
    from dataclasses import replace

    viewer = make_ctx(viewer_ctx.engine, settings, replace(viewer_ctx.signed_in, small_cell_min=5))
    answers = [*_workload_figures(viewer).values(), cb.update_heatmap(QUERY, "hours", viewer)]
    counts: list[tuple[str, float]] = []
    for answer in answers:
        for item in answer:
            if isinstance(item, go.Figure):
                counts.extend(_figure_counts(json.loads(pio.to_json(item))))
            else:
                counts.extend(_text_counts(item))
    assert counts
    assert [(name, n) for name, n in counts if n % 5] == []


def test_the_hours_a_place_stands_for_come_from_the_settings(demo_db, settings, monkeypatch):
    """HOURS_PER_PLACE_PER_MONTH reaches the query through ``ctx.query`` (and its cache key):
    the capacity ticks scale with it, per mentor and per site, and the caption says it."""
    default = workload_queries.HOURS_PER_PLACE_PER_MONTH
    assert settings.hours_per_place_per_month == pytest.approx(default)
    cache = QueryCache(300)
    usual = ScopedContext(settings=settings, engine=demo_db, cache=cache, signed_in=ADMIN)
    halved = ScopedContext(
        settings=settings.model_copy(update={"hours_per_place_per_month": default / 2}),
        engine=demo_db,
        cache=cache,
        signed_in=ADMIN,
    )

    def ticks(ctx: AppContext) -> tuple[list[float], str]:
        fig, caption = cb.update_direct_service(QUERY, ctx)
        capacity = next(trace for trace in fig.data if trace.name == "Capacity")
        return [float(x) for x in capacity.x], caption

    for limit in (mentor_rows.MAX_MENTOR_ROWS, 0):  # a tick per mentor, then per site
        monkeypatch.setattr(mentor_rows, "MAX_MENTOR_ROWS", limit)
        full, caption = ticks(usual)
        half, half_caption = ticks(halved)
        assert sum(full) > 0
        assert half == pytest.approx([x / 2 for x in full], abs=0.06)
        assert f"{default:.1f} hours a month per place" in caption
        assert f"{default / 2:.1f} hours a month per place" in half_caption


def test_an_empty_site_view_says_why(demo_db, settings, monkeypatch):
    nobody = make_ctx(demo_db, settings, AccessScope("supervisor", see_identities=True))
    monkeypatch.setattr(mentor_rows, "MAX_MENTOR_ROWS", -1)  # even no mentor is too many
    fig, caption = cb.update_heatmap(QUERY, "contacts", nobody)
    assert not fig.data and fig.layout.annotations[0].text == program_charts.NO_SITES
    title = program_charts.HEATMAP_TITLE["contacts"]
    assert caption == f"{title}: {program_charts.NO_SITES.lower()}."
