"""The Workload callbacks, called directly on the demo data (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import plotly.io as pio
import pytest
from sqlalchemy import func, select

from callbacks import workload as cb
from callbacks.filters import FORBIDDEN_MESSAGE
from dashboard.charts import program as program_charts
from dashboard.charts import workload as charts
from data.filters import Filters
from data.schema import Contact
from layouts.ids import WorkloadIds as ids
from tests.callbacks.conftest import ADMIN, make_ctx
from tests.support import mentee_identities

QUERY = {"start": "2026-01-01", "end": "2026-06-30"}


def _day(value: str) -> dt.date:
    """A date from ISO text (PostgreSQL compares dates with dates, not text)."""
    return dt.date.fromisoformat(value)


def _contacts_in(engine, start: str, end: str, site_ids=None) -> int:  # type: ignore[no-untyped-def]
    statement = select(func.count()).where(Contact.contact_date.between(_day(start), _day(end)))
    if site_ids:
        statement = statement.where(Contact.site_id.in_(site_ids))
    with engine.connect() as conn:
        return int(conn.scalar(statement))


def test_the_heatmap_total_row_matches_the_database(admin_ctx):
    figure, caption = cb.update_heatmap(QUERY, "contacts", admin_ctx)
    heat = figure.data[0]
    total_row = list(heat.y).index(charts.TOTAL_LABEL)
    shown = sum(int(t.replace(",", "")) for t in heat.text[total_row])
    assert shown == _contacts_in(admin_ctx.engine, "2026-01-01", "2026-06-30")
    assert f"{shown:,} contacts" in caption
    hours, hours_caption = cb.update_heatmap(QUERY, "hours", admin_ctx)
    assert hours.layout.title.text == charts.HEATMAP_TITLE["hours"]
    assert "contact hours" in hours_caption


def test_a_supervisor_sees_only_their_sites_mentors(supervisor_ctx, admin_ctx):
    mine, _ = cb.update_heatmap(QUERY, "contacts", supervisor_ctx)
    everyone, _ = cb.update_heatmap(QUERY, "contacts", admin_ctx)
    assert 1 < len(mine.data[0].y) < len(everyone.data[0].y)
    site = next(iter(supervisor_ctx.signed_in.site_ids))
    total_row = list(mine.data[0].y).index(charts.TOTAL_LABEL)
    shown = sum(int(t.replace(",", "")) for t in mine.data[0].text[total_row])
    assert shown == _contacts_in(supervisor_ctx.engine, "2026-01-01", "2026-06-30", [site])


def test_every_chart_has_a_title_and_a_caption(admin_ctx):
    support, style, support_caption = cb.update_support(QUERY, admin_ctx)
    mix, mix_caption = cb.update_mix(QUERY, admin_ctx)
    crisis, crisis_caption = cb.update_crisis(QUERY, admin_ctx)
    direct, direct_caption = cb.update_direct_service(QUERY, admin_ctx)
    sessions, attendance, groups_caption = cb.update_groups(QUERY, admin_ctx)
    modes, modes_caption = cb.update_modes(QUERY, admin_ctx)
    for fig in (support, style, mix, crisis, direct, sessions, attendance, modes):
        assert fig.layout.title.text and fig.data
        json.loads(pio.to_json(fig))
    for caption in (support_caption, mix_caption, crisis_caption, direct_caption,
                    groups_caption, modes_caption):  # fmt: skip
        assert isinstance(caption, str) and len(caption) > 20
    modes_total = sum(sum(trace.y) for trace in modes.data)
    assert modes_total == _contacts_in(admin_ctx.engine, "2026-01-01", "2026-06-30")


def test_the_table_links_mentors_and_keeps_the_filters(admin_ctx):
    alert, balance, rows = cb.update_summary({**QUERY, "sites": "1"}, admin_ctx)
    assert alert is None and balance and rows
    assert rows[0]["mentor"].startswith("[") and "/mentors/" in rows[0]["mentor"]
    assert "start=2026-01-01" in rows[0]["mentor"] and "sites=1" in rows[0]["mentor"]
    json.dumps(rows)
    # Site, then name: never ordered by how much a mentor did.
    keys = [(r["site"], r["mentor"]) for r in rows]
    assert keys == sorted(keys)


@pytest.fixture
def hiding_viewer_ctx(viewer_ctx, settings):  # type: ignore[no-untyped-def]
    """A meeting viewer as the app signs one in: small counts hidden."""
    scope = replace(viewer_ctx.signed_in, small_cell_min=5)
    return make_ctx(viewer_ctx.engine, settings, scope)


def test_a_viewer_sees_aggregates_without_identities_or_links(hiding_viewer_ctx):
    viewer_ctx = hiding_viewer_ctx
    alert, _balance, rows = cb.update_summary(QUERY, viewer_ctx)
    assert alert is None and rows
    assert not any(str(r["mentor"]).startswith("[") for r in rows)
    secrets = mentee_identities(viewer_ctx.engine)
    for fn in (cb.update_support, cb.update_mix, cb.update_crisis, cb.update_direct_service,
               cb.update_groups, cb.update_modes):  # fmt: skip
        text = json.dumps([pio.to_json(x) if hasattr(x, "to_json") else x
                           for x in fn(QUERY, viewer_ctx)])  # fmt: skip
        assert not any(secret in text for secret in secrets)
    heat, _ = cb.update_heatmap(QUERY, "contacts", viewer_ctx)
    cells = [t for row in heat.data[0].text for t in row]
    small = [t for t in cells if t.isdigit() and 0 < int(t) < 5]
    assert not small


def test_nobody_signed_in_gets_an_alert_and_empty_figures(anonymous_ctx):
    alert, balance, rows = cb.update_summary(QUERY, anonymous_ctx)
    assert alert.children == FORBIDDEN_MESSAGE and rows == [] and balance == []
    figure, caption = cb.update_heatmap(QUERY, "contacts", anonymous_ctx)
    assert not figure.data and caption == ""


def test_bad_dates_are_explained(admin_ctx):
    alert, *_ = cb.update_summary({"start": "soon"}, admin_ctx)
    assert "is not a date" in alert.children
    figure, _ = cb.update_heatmap({"start": "soon"}, "nonsense", admin_ctx)
    assert not figure.data


def test_clicks_open_a_mentor_page_or_a_month(admin_ctx, viewer_ctx):
    click = {"points": [{"customdata": [7, "3"], "x": "2026-03-09"}]}
    href = cb.navigate(click, QUERY, ids.HEATMAP_GRAPH, admin_ctx)
    assert href == "/mentors/7?start=2026-01-01&end=2026-06-30"
    month = cb.navigate({"points": [{"x": "2026-03-01"}]}, {"sites": "2"}, ids.MIX_GRAPH, admin_ctx)
    assert month == "/workload?start=2026-03-01&end=2026-03-31&sites=2"
    total_row = {"points": [{"customdata": [0, "9"], "x": "2026-04-01"}]}
    assert cb.navigate(total_row, QUERY, ids.CRISIS_GRAPH, admin_ctx).startswith(
        "/workload?start=2026-04-01"
    )
    assert cb.navigate(click, QUERY, ids.HEATMAP_GRAPH, viewer_ctx) is cb.no_update
    hostile_clicks = [
        None,
        {},
        {"points": []},
        {"points": [{"customdata": ["x; drop"]}]},
        {"points": [{"customdata": [True]}]},
        {"points": [{"customdata": [-3]}]},
    ]
    for hostile in hostile_clicks:
        assert cb.navigate(hostile, QUERY, ids.SUPPORT_GRAPH, admin_ctx) is cb.no_update


def test_the_export_is_the_tables_scoped_query_and_is_audited(supervisor_ctx):
    from sqlalchemy import select as sql_select

    from callbacks.exports import export_table
    from data.schema import AuditEvent

    data, message = export_table(
        supervisor_ctx, cb.workload_table_frame, cb.TABLE_EXPORT, "workload", "mentors", "csv",
        QUERY,
    )  # fmt: skip
    import base64

    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    df, _filters = cb.workload_table_frame(supervisor_ctx, QUERY)
    assert message == f"Exported {len(df):,} rows."
    assert text.splitlines()[0].startswith("Site,Mentor,Capacity")
    assert len(text.strip().splitlines()) == len(df) + 1
    assert set(df["site"]) == {line.split(",")[0] for line in text.strip().splitlines()[1:]}
    with supervisor_ctx.engine.connect() as conn:
        event = conn.execute(
            sql_select(AuditEvent.event, AuditEvent.target, AuditEvent.detail)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).one()
    assert event.event == "export" and event.target == "workload:mentors"
    assert f"rows={len(df)}" in event.detail
    assert Filters.parse(ADMIN)  # the admin scope still builds (sanity of the fixture)


def test_per_mentor_charts_draw_a_row_per_site_when_too_many_mentors_are_in_view(
    admin_ctx, supervisor_ctx, monkeypatch
):
    everyone = len(cb.workload_table_frame(admin_ctx, QUERY)[0])
    mine = len(cb.workload_table_frame(supervisor_ctx, QUERY)[0])
    assert mine < everyone
    monkeypatch.setattr(cb.mentor_rows, "MAX_MENTOR_ROWS", mine)
    figure, caption = cb.update_heatmap(QUERY, "contacts", admin_ctx)
    assert figure.layout.title.text == program_charts.HEATMAP_TITLE["contacts"]
    assert caption.startswith("Contacts per site per week: ")
    assert f"{everyone:,} mentors are in view" in caption and "table" in caption
    total_row = list(figure.data[0].y).index(program_charts.TOTAL_LABEL)
    shown = sum(int(t.replace(",", "")) for t in figure.data[0].text[total_row])
    assert shown == _contacts_in(admin_ctx.engine, "2026-01-01", "2026-06-30")
    support, style, support_caption = cb.update_support(QUERY, admin_ctx)
    crisis, _ = cb.update_crisis(QUERY, admin_ctx)
    direct, _ = cb.update_direct_service(QUERY, admin_ctx)
    sessions, attendance, _ = cb.update_groups(QUERY, admin_ctx)
    titles = [f.layout.title.text for f in (support, style, crisis, direct, sessions)]
    assert titles == [
        program_charts.SUPPORT_TITLE,
        program_charts.STYLE_TITLE,
        program_charts.CRISIS_TITLE,
        program_charts.DIRECT_TITLE,
        program_charts.SESSIONS_TITLE,
    ]
    assert all(f.data for f in (support, style, crisis, direct, sessions, attendance))
    assert support_caption.startswith("Type of support per site: ")
    # A supervisor's site stays within the limit: a row per mentor.
    heat, _ = cb.update_heatmap(QUERY, "contacts", supervisor_ctx)
    assert heat.layout.title.text == charts.HEATMAP_TITLE["contacts"]
