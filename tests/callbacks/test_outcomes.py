"""The Outcomes and mentee-page callbacks, called directly on the small demo data."""

from __future__ import annotations

import base64
import io
import math

import pandas as pd
import pytest
from dash import no_update
from sqlalchemy import select

from callbacks.exports import export_table
from callbacks.filters import FORBIDDEN_MESSAGE
from callbacks.mentee import NOT_FOUND, mentee_charts, open_mentee
from callbacks.outcomes import (
    DEFAULT_INSTRUMENT,
    DUE_EXPORT,
    DUE_FOR_STAFF,
    DUE_LIMIT,
    due_frame,
    page_search,
    picker_options,
    schedule_of,
    update_cohorts,
    update_due,
    update_measures,
    update_program,
)
from dashboard.charts import outcomes as charts
from data.filters import Filters
from data.queries import outcomes
from data.queries.outcomes import change as outcome_change
from data.queries.outcomes.followup import assessments_due
from data.schema import AuditEvent, Mentee, Site
from tests.callbacks.conftest import ADMIN
from tests.support import mentee_identities


def _alert_text(alert) -> str:  # type: ignore[no-untyped-def]
    return str(alert.children) if alert is not None else ""


def test_measures_plot_the_trend_of_the_chosen_measure(admin_ctx):
    alert, trend, caption, change, change_caption, reliable, reliable_caption = update_measures(
        {}, "recovery_ladder", "Living skills", admin_ctx
    )
    assert alert is None
    expected = outcomes.outcome_trend(admin_ctx.engine, Filters.parse(ADMIN), "recovery_ladder")
    rows = expected[(expected.domain == "Living skills") & expected.shown]
    line = trend.data[1]
    assert [round(v, 6) for v in line.y] == [round(v, 6) for v in rows.mean_score]
    assert "Living skills" in trend.layout.title.text
    assert "Living skills" in caption and "n = " in caption
    assert change.layout.title.text.startswith(charts.CHANGE_TITLE)
    assert "mentees" in change_caption
    assert reliable.layout.title.text == charts.RELIABLE_TITLE
    assert "one assessment" in reliable_caption


def test_reliable_change_bars_match_the_query(admin_ctx):
    *_, reliable, _caption = update_measures({}, "recovery_ladder", "Total", admin_ctx)
    df = outcome_change.reliable_change(admin_ctx.engine, Filters.parse(ADMIN), "recovery_ladder")
    total = df[df.domain == "Total"].iloc[0]
    improved = next(t for t in reliable.data if t.name == "Improved")
    share = dict(zip(improved.y, improved.x, strict=True))["Total"]
    assert math.isclose(share, 100 * total.improved / total.n)


def test_switching_instrument_changes_the_measures(admin_ctx):
    instruments, measures, value = picker_options({}, "barc10", None, admin_ctx)
    assert {o["value"] for o in instruments} >= {"barc10", "recovery_ladder", "wellbeing_total"}
    assert [m["value"] for m in measures] == ["Recovery capital"]
    assert value == "Recovery capital"
    _, ladder, kept = picker_options({}, "recovery_ladder", "Work", admin_ctx)
    assert [m["value"] for m in ladder][-1] == "Total"
    assert kept is no_update  # the chosen domain stays


def test_a_domain_of_another_instrument_falls_back_to_the_total(admin_ctx):
    alert, trend, *_ = update_measures({}, "recovery_ladder", "Recovery capital", admin_ctx)
    assert alert is None
    assert trend.layout.title.text.endswith("Total")


@pytest.mark.parametrize(
    ("instrument", "measure"),
    [("no_such", None), (["x"], None), ("recovery_ladder", 7), ("recovery_ladder", {"a": 1})],
)
def test_unknown_choices_give_an_alert(admin_ctx, instrument, measure):
    alert, trend, *_ = update_measures({}, instrument, measure, admin_ctx)
    assert alert is not None
    assert trend.layout.annotations


def test_cohorts_follow_the_grouping(admin_ctx):
    for grouping in ("quarter", "site", "style"):
        figure, caption = update_cohorts({}, "barc10", "Recovery capital", grouping, admin_ctx)
        assert "by " in figure.layout.title.text
        assert caption
    figure, caption = update_cohorts({}, "barc10", None, "mentor", admin_ctx)
    assert "grouped by" in caption


def test_program_charts_and_captions(admin_ctx):
    follow, follow_caption, events, _events_caption, milestones, goals, milestone_caption = (
        update_program({}, admin_ctx)
    )
    assert follow.layout.title.text == charts.FOLLOW_UP_TITLE
    assert "Schedule: baseline within 30 days" in follow_caption
    assert events.layout.title.text == charts.EVENTS_TITLE
    assert milestones.layout.title.text == charts.MILESTONES_TITLE
    assert goals.layout.title.text == charts.GOALS_TITLE
    assert "milestones reached" in milestone_caption


def test_anonymous_and_bad_filters_are_refused(anonymous_ctx, admin_ctx):
    alert, *_ = update_measures({}, "recovery_ladder", None, anonymous_ctx)
    assert FORBIDDEN_MESSAGE in _alert_text(alert)
    alert, *_ = update_measures({"start": "yesterday"}, "recovery_ladder", None, admin_ctx)
    assert "date" in _alert_text(alert)


def test_the_viewer_gets_aggregates_with_small_counts_hidden(viewer_ctx):
    alert, trend, _caption, *_ = update_measures({}, "recovery_ladder", "Total", viewer_ctx)
    assert alert is None
    for trace in trend.data:
        for n in getattr(trace, "customdata", None) or []:
            value = n[0] if isinstance(n, list | tuple) else n
            assert value == "fewer than 5" or int(str(value).replace(",", "")) >= 5


def test_page_search_keeps_filters_and_writes_choices():
    assert page_search(
        "?start=2026-01-01&instrument=old", "barc10", "Recovery capital", "site"
    ) == ("?start=2026-01-01&instrument=barc10&measure=Recovery+capital&cohort=site")


def test_page_search_leaves_the_url_alone_for_the_default_choices():
    """Opening the page fills the measure picker with its default: that must not rewrite the
    URL (a new URL draws the whole page again)."""
    totals = [{"label": "Hope", "value": "Hope"}, {"label": "Total", "value": "Total"}]
    assert page_search("?start=2026-01-01", DEFAULT_INSTRUMENT, "Total", "quarter", totals) is (
        no_update
    )
    assert page_search("", DEFAULT_INSTRUMENT, "Total", "quarter", totals) is no_update
    assert page_search("", DEFAULT_INSTRUMENT, "Hope", "quarter", totals) == "?measure=Hope"
    assert (
        page_search("?measure=Hope&cohort=site", DEFAULT_INSTRUMENT, "Total", "quarter", totals)
        == ""
    )


def test_mentee_page_for_staff_is_audited(admin_ctx):
    with admin_ctx.engine.connect() as conn:
        mentee_id = conn.execute(select(Mentee.id).where(Mentee.intake_date.is_not(None))).first()[
            0
        ]
    alert, profile, options, value, _goals, _events = open_mentee(str(mentee_id), admin_ctx)
    assert alert is None and profile is not None
    assert value in {o["value"] for o in options}
    _change, caption, history, _ = mentee_charts(str(mentee_id), value, admin_ctx)
    assert history.data and caption
    with admin_ctx.engine.connect() as conn:
        details = (
            conn.execute(select(AuditEvent.detail).where(AuditEvent.event == "view_mentee_page"))
            .scalars()
            .all()
        )
    assert f"mentee_id={mentee_id}" in details


@pytest.mark.parametrize("raw", ["0", "abc", "99999999", None, ["1"], "1; drop"])
def test_mentee_page_refuses_bad_and_unknown_ids(admin_ctx, raw):
    alert, profile, *_ = open_mentee(raw, admin_ctx)
    assert alert is not None and profile is None


def test_mentee_page_refuses_other_sites_and_viewers(supervisor_ctx, viewer_ctx):
    allowed = supervisor_ctx.signed_in.site_ids
    with supervisor_ctx.engine.connect() as conn:
        other = conn.execute(select(Mentee.id).where(Mentee.site_id.not_in(allowed))).first()[0]
    alert, profile, *_ = open_mentee(str(other), supervisor_ctx)
    assert NOT_FOUND in _alert_text(alert) and profile is None
    alert, profile, *_ = open_mentee(str(other), viewer_ctx)
    assert FORBIDDEN_MESSAGE in _alert_text(alert)


def _due_export(ctx, fmt: str = "csv"):  # type: ignore[no-untyped-def]
    return export_table(ctx, due_frame, DUE_EXPORT, "outcomes", "assessments-due", fmt, {})


def test_the_due_list_for_a_supervisor_is_the_attention_lists_query(supervisor_ctx):
    hidden, rows, note = update_due({}, supervisor_ctx)
    assert hidden is False
    filters = Filters.parse(supervisor_ctx.signed_in)
    expected = assessments_due(
        supervisor_ctx.engine, filters, schedule=schedule_of(supervisor_ctx), limit=DUE_LIMIT
    )
    assert 0 < len(rows) == len(expected)
    with supervisor_ctx.engine.connect() as conn:
        site = conn.scalar(select(Site.name).where(Site.id.in_(filters.scope.site_ids)))
    assert {r["site"] for r in rows} == {site}
    first = expected.iloc[0]
    assert rows[0]["mentee_code"] == f"[{first.mentee_code}](/mentees/{first.mentee_id})"
    assert rows[0]["mentee_name"] == first.mentee_name
    assert rows[0]["days_overdue"] == max(r["days_overdue"] for r in rows)
    assert {r["kind"] for r in rows} <= {"Baseline", "Follow-up", "Exit"}
    assert {r["status"] for r in rows} <= {"Due", "Overdue"}
    assert f"{len(rows)} assessments are due or overdue on {filters.end:%d %B %Y}" in note


def test_the_due_list_exports_exactly_its_rows(supervisor_ctx):
    _hidden, rows, _note = update_due({}, supervisor_ctx)
    data, message = _due_export(supervisor_ctx)
    assert message == f"Exported {len(rows):,} rows."
    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(table.columns) == [
        "Mentee code", "Name", "Site", "Assessment", "Due on", "Window closes", "Status",
        "Days overdue",
    ]  # fmt: skip
    grid = [
        [r["mentee_code"].split("]")[0][1:], r["mentee_name"], r["site"], r["kind"],
         r["due_date"], r["window_closes"], r["status"], str(r["days_overdue"])]
        for r in rows
    ]  # fmt: skip
    assert table.values.tolist() == grid
    xlsx, _message = _due_export(supervisor_ctx, "xlsx")
    content = io.BytesIO(base64.b64decode(xlsx["content"]))
    sheet = pd.read_excel(content, dtype=str, keep_default_na=False)
    assert sheet.values.tolist() == grid
    with supervisor_ctx.engine.connect() as conn:
        target, detail = conn.execute(
            select(AuditEvent.target, AuditEvent.detail).order_by(AuditEvent.id.desc()).limit(1)
        ).one()
    site = next(iter(supervisor_ctx.signed_in.site_ids))
    assert target == "outcomes:assessments-due"
    assert detail == f"format=xlsx rows={len(rows)} columns=8 sites {site}"


def test_the_viewer_never_gets_the_due_list(viewer_ctx, anonymous_ctx):
    assert update_due({}, viewer_ctx) == (True, [], "")
    assert update_due({}, anonymous_ctx) == (True, [], "")
    data, message = _due_export(viewer_ctx)
    assert data is no_update and message == DUE_FOR_STAFF
    assert not any(identity in message for identity in mentee_identities(viewer_ctx.engine))
    data, message = _due_export(anonymous_ctx)
    assert data is no_update and message == FORBIDDEN_MESSAGE
