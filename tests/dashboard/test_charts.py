"""The figure builders, on hand-made frames: titles, the n in the hover, the empty states."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.io as pio
import pytest

from dashboard import theme
from dashboard.charts import (
    caseload_capacity_figure,
    empty_figure,
    matches_by_month_figure,
    monthly_contacts_figure,
)
from dashboard.charts.activity import MONTHLY_CONTACTS_TITLE, NO_CONTACTS
from dashboard.charts.caseloads import CAPACITY_TITLE, MATCHES_TITLE, NO_MATCHES, NO_MENTORS


def _annotation(fig) -> str:  # type: ignore[no-untyped-def]
    return fig.layout.annotations[0].text if fig.layout.annotations else ""


@pytest.fixture
def monthly() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": [dt.date(2026, 2, 1), dt.date(2026, 1, 1)],  # unsorted on purpose
            "contacts": [40, 25],
            "contact_hours": [30.5, 20.0],
            "active_mentees": [12, 9],
            "milestones": [3, 1],
        }
    )


@pytest.fixture
def caseload() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mentor_id": [1, 2, 3],
            "mentor": ["Ana", "Ben", "Cai"],
            "site": ["North", "North", "South"],
            "capacity": [4, 3, 5],
            "active_mentees": [2, 5, 5],
            "spare": [2, -2, 0],
            "over_capacity": [False, True, False],
        }
    )


def test_templates_are_registered_with_readable_and_meeting_sizes():
    assert theme.TEMPLATE in pio.templates and theme.MEETING_TEMPLATE in pio.templates
    normal = pio.templates[theme.TEMPLATE].layout
    meeting = pio.templates[theme.MEETING_TEMPLATE].layout
    assert normal.font.size >= 14
    assert meeting.font.size >= 22 and meeting.xaxis.tickfont.size >= 22
    assert list(normal.colorway) == list(theme.OKABE_ITO)


def test_monthly_contacts_are_in_month_order_with_n_in_the_hover(monthly):
    fig = monthly_contacts_figure(monthly)
    bars, line = fig.data
    assert fig.layout.title.text == MONTHLY_CONTACTS_TITLE
    assert list(bars.y) == [25, 40]
    assert list(line.y) == [9, 12]
    assert pd.Timestamp(bars.x[0]) == pd.Timestamp("2026-01-01")
    assert "n = %{y:,} contacts" in bars.hovertemplate
    assert "n = %{y:,} active mentees" in line.hovertemplate
    assert list(bars.customdata) == [20.0, 30.5]
    assert line.yaxis == "y2"


def test_monthly_contacts_accept_year_month_text(monthly):
    fig = monthly_contacts_figure(monthly.assign(month=["2026-02", "2026-01"]))
    assert list(fig.data[0].y) == [25, 40]


@pytest.mark.parametrize("rows", [0, 2])
def test_monthly_contacts_empty_state_says_why(monthly, rows):
    df = monthly.head(rows).assign(contacts=0)
    fig = monthly_contacts_figure(df)
    assert not fig.data
    assert _annotation(fig) == NO_CONTACTS
    assert fig.layout.title.text == MONTHLY_CONTACTS_TITLE


def test_caseload_bars_show_capacity_markers_and_over_capacity(caseload):
    fig = caseload_capacity_figure(caseload)
    bars, capacity = fig.data[0], fig.data[1]
    assert fig.layout.title.text == CAPACITY_TITLE
    by_label = dict(zip(bars.y, bars.x, strict=True))
    assert by_label["Ben · North"] == 5
    caps = dict(zip(capacity.y, capacity.x, strict=True))
    assert caps == {"Ana · North": 4, "Ben · North": 3, "Cai · South": 5}
    colours = dict(zip(bars.y, bars.marker.color, strict=True))
    assert colours["Ben · North"] == theme.WARNING
    assert colours["Cai · South"] == theme.PRIMARY  # at capacity is not over it
    assert "n = %{x} active mentees" in bars.hovertemplate
    assert "Over capacity" in [trace.name for trace in fig.data]


def test_caseload_without_anyone_over_capacity_has_no_warning_legend(caseload):
    fig = caseload_capacity_figure(caseload[~caseload.over_capacity])
    assert "Over capacity" not in [trace.name for trace in fig.data]


def test_caseload_empty_state(caseload):
    fig = caseload_capacity_figure(caseload.head(0))
    assert _annotation(fig) == NO_MENTORS


def test_matches_by_month_groups_started_and_closed():
    df = pd.DataFrame(
        {"month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)], "started": [4, 2], "closed": [1, 0]}
    )
    fig = matches_by_month_figure(df)
    assert fig.layout.title.text == MATCHES_TITLE
    assert [t.name for t in fig.data] == ["Started", "Closed"]
    assert list(fig.data[0].y) == [4, 2] and list(fig.data[1].y) == [1, 0]
    assert all("n = %{y:,} matches" in t.hovertemplate for t in fig.data)
    assert fig.layout.barmode == "group"


def test_matches_by_month_empty_when_all_zero():
    df = pd.DataFrame({"month": [dt.date(2026, 1, 1)], "started": [0], "closed": [0]})
    assert _annotation(matches_by_month_figure(df)) == NO_MATCHES


def test_empty_figure_uses_the_meeting_template_when_asked():
    fig = empty_figure("Nothing yet", "A title", template=theme.MEETING_TEMPLATE)
    assert _annotation(fig) == "Nothing yet"
    assert fig.layout.template.layout.font.size == theme.MEETING_SCALE.base


def test_small_match_counts_get_whole_number_ticks() -> None:
    from dashboard.charts.caseloads import matches_by_month_figure

    df = pd.DataFrame(
        {"month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)], "started": [1, 3], "closed": [0, 2]}
    )
    axis = matches_by_month_figure(df).layout.yaxis
    assert axis.dtick == 1
    assert axis.tickformat == ",d"


def _sessions(groups: int) -> pd.DataFrame:
    rows = []
    for g in range(1, groups + 1):
        for month in (9, 10):
            rows.append(
                {"session_id": g * 100 + month, "group_id": g, "group": f"Group {g}",
                 "site": "Riverside", "session_date": dt.date(2026, month, 3),
                 "attendance": 4 + month - 9, "facilitators": 1}
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_attendance_draws_a_line_per_group_up_to_a_dozen_then_the_monthly_mean():
    from dashboard.charts import groups

    few = groups.attendance_figure(_sessions(groups.MAX_GROUP_LINES))
    assert len(few.data) == groups.MAX_GROUP_LINES
    many = groups.attendance_figure(_sessions(groups.MAX_GROUP_LINES + 1))
    assert len(many.data) == 1
    assert many.layout.title.text == groups.MONTHLY_TITLE
    assert list(many.data[0].y) == [4.0, 5.0]
    assert [list(c) for c in many.data[0].customdata] == [[13, 13], [13, 13]]
    caption = groups.groups_caption(pd.DataFrame({"mentor_id": [1]}), _sessions(13))
    assert "26 group sessions in 13 groups" in caption
    assert "choose a site to see each group's line" in caption
    assert "choose a site" not in groups.groups_caption(
        pd.DataFrame({"mentor_id": [1]}), _sessions(3)
    )
