"""The Caseloads callback, called directly on the demo data."""

from __future__ import annotations

import json

from callbacks.caseloads import WAITING_LIMIT, update_caseloads, waiting_note, waiting_rows
from callbacks.filters import FORBIDDEN_MESSAGE
from dashboard.charts.caseloads import CAPACITY_TITLE, MATCHES_TITLE
from data.filters import Filters
from data.queries import caseloads as caseload_queries
from tests.callbacks.conftest import ADMIN


def test_admin_sees_capacity_matches_and_the_waiting_list(admin_ctx):
    alert, capacity, matches, rows, note, caption = update_caseloads({}, admin_ctx)
    filters = Filters.parse(ADMIN)
    caseload = caseload_queries.caseload_by_mentor(admin_ctx.engine, filters)
    waiting = caseload_queries.waiting_list(admin_ctx.engine, filters, limit=WAITING_LIMIT)
    assert alert is None
    assert capacity.layout.title.text == CAPACITY_TITLE
    assert matches.layout.title.text == MATCHES_TITLE
    assert len(capacity.data[0].y) == len(caseload)
    assert sorted(capacity.data[0].x) == sorted(caseload["active_mentees"].tolist())
    assert len(rows) == len(waiting)
    assert note == waiting_note(len(waiting))
    assert caption.startswith(f"{CAPACITY_TITLE}: ") and f"{len(caseload):,} mentors" in caption
    json.dumps(rows)  # plain JSON for the grid
    if rows:
        assert rows[0]["mentee_code"] and rows[0]["mentee_name"]
        assert rows[0]["days_waiting"] == max(r["days_waiting"] for r in rows)


def test_the_supervisor_sees_only_their_sites_mentors(supervisor_ctx, admin_ctx):
    _, capacity, *_rest = update_caseloads({}, supervisor_ctx)
    _, everyone, *_rest = update_caseloads({}, admin_ctx)
    assert 0 < len(capacity.data[0].y) < len(everyone.data[0].y)


def _assert_refused(ctx) -> None:  # type: ignore[no-untyped-def]
    alert, capacity, matches, rows, _note, _caption = update_caseloads({}, ctx)
    assert alert.children == FORBIDDEN_MESSAGE
    assert rows == []
    assert not capacity.data and not matches.data


def test_a_meeting_viewer_is_refused_mentee_level_data(viewer_ctx):
    _assert_refused(viewer_ctx)


def test_nobody_signed_in_is_refused(anonymous_ctx):
    _assert_refused(anonymous_ctx)


def test_bad_dates_show_an_alert(admin_ctx):
    alert, _capacity, _matches, rows, *_notes = update_caseloads({"end": "yesterday"}, admin_ctx)
    assert "is not a date" in alert.children
    assert rows == []


def test_waiting_rows_are_plain_json_without_identities_when_hidden():
    import datetime as dt

    import pandas as pd

    df = pd.DataFrame(
        {
            "mentee_id": [1],
            "mentee_code": [None],
            "mentee_name": [None],
            "site": ["North"],
            "referral_date": [dt.date(2026, 1, 5)],
            "waiting_since": [dt.date(2026, 1, 5)],
            "days_waiting": [30],
        }
    )
    rows = waiting_rows(df)
    assert rows == [
        {
            "mentee_code": None,
            "mentee_name": None,
            "site": "North",
            "referral_date": "2026-01-05",
            "waiting_since": "2026-01-05",
            "days_waiting": 30,
        }
    ]
    assert "mentee_id" not in rows[0]


def test_waiting_note_says_when_the_list_is_cut():
    assert "longest" in waiting_note(WAITING_LIMIT)
    assert waiting_note(0).startswith("Nobody")
    assert waiting_note(1).startswith("1 mentee is")


def test_the_capacity_chart_draws_a_bar_per_site_when_too_many_mentors_are_in_view(
    admin_ctx, supervisor_ctx, monkeypatch
):
    from callbacks import mentor_rows
    from dashboard.charts import program as program_charts

    _, drawn, *_rest = update_caseloads({}, admin_ctx)
    mentors = len(drawn.data[0].y)
    _, mine, *_rest = update_caseloads({}, supervisor_ctx)
    monkeypatch.setattr(mentor_rows, "MAX_MENTOR_ROWS", len(mine.data[0].y))
    _, capacity, matches, rows, _note, caption = update_caseloads({}, admin_ctx)
    assert capacity.layout.title.text == program_charts.CAPACITY_TITLE
    assert list(capacity.data[0].y) == sorted(capacity.data[0].y)  # sites by name
    assert sum(capacity.data[0].x) == sum(drawn.data[0].x)  # every mentor's mentees
    assert caption.startswith(f"{program_charts.CAPACITY_TITLE}: ")
    assert f"{mentors:,} mentors are in view" in caption
    assert matches.data and rows  # the program-wide chart and the waiting list stay
    _, mine_again, *_rest = update_caseloads({}, supervisor_ctx)
    assert mine_again.layout.title.text == CAPACITY_TITLE
