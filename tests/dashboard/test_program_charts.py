"""The whole-program figure builders (a row per site): pure frames in, figures out.

Sites come out by name whatever order the frame has (a frame sorted by a figure included),
every mark carries its site for click-through, hidden counts say so, and an empty frame gives
a figure that says why.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.charts import program as charts
from dashboard.charts.workload import mentor_clicked

# Three sites, listed here busiest first: the builders must not keep this order.
SITES = [(3, "Westfield"), (1, "Elm Park"), (2, "Millbrook")]
BY_NAME = ["Elm Park", "Millbrook", "Westfield"]
MONTHS = [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]


def _weekly() -> pd.DataFrame:
    rows = []
    for busy, (site_id, site) in enumerate(SITES):
        for week in (dt.date(2026, 1, 5), dt.date(2026, 1, 12)):
            contacts = (3 - busy) * 10
            rows.append((site_id, site, week, contacts, contacts * 0.75))
    return pd.DataFrame(rows, columns=["site_id", "site", "week_start", "contacts", "hours"])


def _types() -> pd.DataFrame:
    rows = [
        (3, "Westfield", "practical_living_skills", 40, 30.0),
        (3, "Westfield", "emotional_support", 10, 8.0),
        (1, "Elm Park", "practical_living_skills", 5, 4.0),
        (1, "Elm Park", "emotional_support", 30, 25.0),
        (2, "Millbrook", "crisis_call", pd.NA, float("nan")),
    ]
    frame = pd.DataFrame(rows, columns=["site_id", "site", "contact_type", "contacts", "hours"])
    return frame.astype({"contacts": "Int64"})


def _crisis() -> pd.DataFrame:
    rows = []
    for site_id, site in SITES:
        for month in MONTHS:
            rise = site == "Millbrook" and month == MONTHS[-1]
            rows.append((site_id, site, month, 12 if rise else 3, 2.0, rise))
    columns = ["site_id", "site", "month", "crisis_or_after_hours", "previous_average", "rise"]
    return pd.DataFrame(rows, columns=columns)


def _months() -> pd.DataFrame:
    rows = []
    for site_id, site in SITES:
        for month in MONTHS:
            contact = 100.0 if site == "Westfield" else 10.0
            rows.append((site_id, site, month, 4, 16, 50, contact, 2, 3.0, contact + 3, 138.7))
    columns = ["site_id", "site", "month", "mentors_in_post", "capacity", "contacts",
               "contact_hours", "group_sessions", "group_hours", "direct_hours",
               "capacity_hours"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _groups() -> pd.DataFrame:
    rows = [
        (3, "Westfield", 20, 3, 160, 4, 30, 45.0),
        (1, "Elm Park", 0, 0, 0, 0, 0, 0.0),
        (2, "Millbrook", 6, 1, pd.NA, 2, 8, 12.0),
    ]
    columns = ["site_id", "site", "sessions", "groups", "attendance", "facilitators",
               "facilitations", "group_hours"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype({"attendance": "Int64"})


def _caseload() -> pd.DataFrame:
    rows = [
        (3, "Westfield", 10, 40, 44, -4, 2),
        (1, "Elm Park", 5, 20, 10, 10, 0),
        (2, "Millbrook", 6, 24, 20, 4, 1),
    ]
    columns = ["site_id", "site", "mentors", "capacity", "active_mentees", "spare",
               "mentors_over_capacity"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _top_to_bottom(fig) -> list[str]:  # type: ignore[no-untyped-def]
    labels = [str(y) for y in fig.data[0].y]
    if fig.layout.yaxis.autorange != "reversed":
        labels = labels[::-1]
    return [label for label in labels if label != charts.TOTAL_LABEL]


def test_every_builder_lists_sites_by_name_and_tags_each_mark_with_its_site():
    figures = [
        charts.site_heatmap_figure(_weekly()),
        charts.site_heatmap_figure(_weekly(), measure="hours"),
        charts.site_support_figure(_types()),
        charts.site_crisis_figure(_crisis()),
        charts.site_direct_service_figure(_months()),
        charts.site_sessions_figure(_groups()),
        charts.site_capacity_figure(_caseload()),
    ]
    ids = {name: site_id for site_id, name in SITES}
    for fig in figures:
        assert _top_to_bottom(fig) == BY_NAME, fig.layout.title.text
        for label, data in zip(fig.data[0].y, fig.data[0].customdata, strict=True):
            first = data if isinstance(data, str) else data[0]
            if label == charts.TOTAL_LABEL:
                assert charts.site_clicked({"points": [{"customdata": first}]}) is None
            else:
                assert charts.site_clicked({"points": [{"customdata": [first]}]}) == ids[label]
    style = charts.site_style_figure(_types())  # Millbrook has no practical or emotional
    assert _top_to_bottom(style) == ["Elm Park", "Westfield"]


def test_a_site_tag_is_never_taken_for_a_mentor_nor_a_mentor_for_a_site():
    site = {"points": [{"customdata": [charts.site_tag(7), "12"]}]}
    mentor = {"points": [{"customdata": [7, "12"]}]}
    assert charts.site_clicked(site) == 7 and mentor_clicked(site) is None
    assert charts.site_clicked(mentor) is None and mentor_clicked(mentor) == 7
    for hostile in (None, {}, {"points": []}, {"points": [{}]}, {"points": [{"customdata": []}]},
                    {"points": [{"customdata": "site:0"}]},
                    {"points": [{"customdata": "site:2147483648"}]},
                    {"points": [{"customdata": "site:٣"}]},
                    {"points": [{"customdata": "site: 3"}]}):  # fmt: skip
        assert charts.site_clicked(hostile) is None


def test_hidden_counts_say_so_and_count_as_nothing():
    support = charts.site_support_figure(_types())
    crisis_calls = next(t for t in support.data if t.name == "Crisis calls")
    millbrook = list(crisis_calls.y).index("Millbrook")
    assert crisis_calls.x[millbrook] == 0
    assert crisis_calls.customdata[millbrook][1] == "fewer than 5"
    sessions = charts.site_sessions_figure(_groups())
    row = list(sessions.data[0].y).index("Millbrook")
    assert sessions.data[0].customdata[row][4] == "fewer than 5"


def test_captions_say_what_the_figure_means_with_its_n():
    weekly = _weekly()
    caption = charts.site_heatmap_caption(weekly, mentors=75)
    assert caption.startswith("Contacts per site per week: 120 contacts at 3 sites over 2 weeks")
    assert "75 mentors are in view" in caption and "table at the foot of the page" in caption
    total = pd.DataFrame(
        {"week_start": [dt.date(2026, 1, 5), dt.date(2026, 1, 12)], "contacts": [65, 60],
         "hours": [40.0, 50.0]}
    )  # fmt: skip
    assert "125 contacts" in charts.site_heatmap_caption(weekly, total)
    assert "90.0 contact hours" in charts.site_heatmap_caption(weekly, total, "hours")
    support = charts.site_support_caption(_types())
    assert "Sites leaning practical: Westfield; leaning emotional: Elm Park." in support
    crisis = charts.site_crisis_caption(_crisis())
    assert "rose markedly" in crisis and "in February 2026: Millbrook." in crisis
    direct = charts.site_direct_service_caption(_months(), hours_per_place=26 / 3)
    assert "(worth checking nobody is stretched): none" in direct
    assert "under half (there may be room for more mentees): Elm Park, Millbrook." in direct
    assert "8.7 hours a month per place" in direct
    groups = charts.site_groups_caption(_groups())
    assert groups.startswith("Group sessions per site: 26 sessions in 4 groups at 2 sites")
    capacity = charts.site_capacity_caption(_caseload(), mentors=21)
    assert "74 mentees in matches with 21 mentors who have 84 places at 3 sites" in capacity
    assert "Sites over capacity: Westfield." in capacity
    assert "a mentor over their own capacity: Millbrook, Westfield." in capacity
    assert "Workload page's table lists every mentor" in capacity


def test_a_site_over_capacity_is_drawn_in_the_warning_colour_with_a_legend_entry():
    fig = charts.site_capacity_figure(_caseload())
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colours["Westfield"] != colours["Elm Park"] == colours["Millbrook"]
    assert any(trace.name == "Over capacity" for trace in fig.data)


@pytest.mark.parametrize(
    ("build", "frame"),
    [
        (charts.site_heatmap_figure, _weekly),
        (charts.site_support_figure, _types),
        (charts.site_style_figure, _types),
        (charts.site_crisis_figure, _crisis),
        (charts.site_direct_service_figure, _months),
        (charts.site_sessions_figure, _groups),
        (charts.site_capacity_figure, _caseload),
    ],
)
def test_an_empty_frame_gives_a_figure_that_says_why(build, frame):
    fig = build(frame().iloc[0:0])
    assert not fig.data and fig.layout.title.text
    assert fig.layout.annotations[0].text.startswith("No ")


def test_empty_captions_say_why():
    for caption in (
        charts.site_heatmap_caption(_weekly().iloc[0:0]),
        charts.site_support_caption(_types().iloc[0:0]),
        charts.site_crisis_caption(_crisis().iloc[0:0]),
        charts.site_direct_service_caption(_months().iloc[0:0]),
        charts.site_groups_caption(_groups().iloc[0:0]),
        charts.site_capacity_caption(_caseload().iloc[0:0]),
    ):
        assert ": no " in caption and caption.endswith(".")
