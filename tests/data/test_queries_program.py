"""The whole-program query functions (a row per site) add up to their per-mentor twins.

On the small demo data, for a staff scope (an admin, one site's supervisor, an admin with
mentors of two sites chosen) and periods around today (whole months, mid-month edges, over a
year): each site's figures equal the per-mentor function's rows of that site added up. A
meeting viewer's counts are checked by tests/data/test_viewer_counts.py (FILTER_QUERIES).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data import clock
from data.filters import AccessScope, Filters, default_period
from data.queries import caseloads as caseload_queries
from data.queries import groups as group_queries
from data.queries import program
from data.queries import workload as workload_queries
from data.queries.plumbing.months import next_month_start
from data.schema import Mentor, Site

ADMIN = AccessScope("admin", all_sites=True, see_identities=True)


def _sites(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(Site.id, Site.name).order_by(Site.id))]


def _periods() -> list[tuple[dt.date, dt.date]]:
    today = clock.today()
    return [
        default_period(today),
        (today - dt.timedelta(days=100), today - dt.timedelta(days=9)),
        (today - dt.timedelta(days=400), today),
    ]


def _filters(engine: Engine) -> list[Filters]:
    """Every period for an admin, a one-site supervisor and an admin with two mentors chosen."""
    sites = _sites(engine)
    supervisor = AccessScope("supervisor", frozenset({sites[0][0]}), see_identities=True)
    with engine.connect() as conn:
        chosen = tuple(
            conn.scalar(select(Mentor.id).where(Mentor.site_id == site).order_by(Mentor.id))
            for site, _name in (sites[0], sites[-1])
        )
    made = []
    for start, end in _periods():
        made.append(Filters(start, end, ADMIN))
        made.append(Filters(start, end, supervisor))
        made.append(Filters(start, end, ADMIN, mentor_ids=chosen))
    return made


@pytest.fixture(scope="module")
def calls(demo_engine: Engine) -> list[Filters]:
    return _filters(demo_engine)


def _sums(df: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """``columns`` added up per ``keys``, as floats (hidden counts as 0), sorted by the keys."""
    numbers = df[columns].apply(pd.to_numeric, errors="coerce").astype(float).fillna(0.0)
    return numbers.groupby([df[k] for k in keys]).sum().sort_index()


def _assert_same(by_site: pd.DataFrame, by_mentor: pd.DataFrame) -> None:
    """The per-site sums equal the per-mentor sums where mentors have rows (a site with no
    mentor in the per-mentor frame shows zeros)."""
    joined = by_site.join(by_mentor.add_suffix("_mentors"), how="outer").fillna(0.0)
    for column in by_site.columns:
        pd.testing.assert_series_equal(
            joined[column], joined[f"{column}_mentors"], check_names=False, atol=1e-6
        )


def test_contacts_per_site_and_week_add_up_the_mentors_weeks(demo_engine, calls):
    for filters in calls:
        by_site = program.contacts_by_site_week(demo_engine, filters)
        by_mentor = workload_queries.contacts_by_mentor_week(demo_engine, filters)
        keys, columns = ["site", "week_start"], ["contacts", "hours"]
        _assert_same(_sums(by_site, keys, columns), _sums(by_mentor, keys, columns))
        weeks = by_site["week_start"].nunique()
        assert len(by_site) == by_site["site_id"].nunique() * weeks  # zeros included


def test_support_per_site_adds_up_the_mentors_types(demo_engine, calls):
    for filters in calls:
        by_site = program.contact_types_by_site(demo_engine, filters)
        types = workload_queries.contact_types_by_mentor(demo_engine, filters)
        sites = workload_queries.workload_by_mentor(demo_engine, filters)[["mentor_id", "site"]]
        by_mentor = types.merge(sites, on="mentor_id", how="left")
        assert by_mentor["site"].notna().all()
        keys, columns = ["site", "contact_type"], ["contacts", "hours"]
        _assert_same(_sums(by_site, keys, columns), _sums(by_mentor, keys, columns))


def test_crisis_per_site_and_month_adds_up_the_mentors_months(demo_engine, calls):
    for filters in calls:
        by_site = program.crisis_by_site_month(demo_engine, filters)
        by_mentor = workload_queries.crisis_by_mentor_month(demo_engine, filters)
        # Months count whole. In a first month the period starts inside, a mentor who left
        # before its first day is on no per-mentor row, yet their contacts earlier that month
        # are the site's: compare the months the period holds from their first day.
        first = filters.start if filters.start.day == 1 else next_month_start(filters.start)
        keys, columns = ["site", "month"], ["crisis_or_after_hours"]
        _assert_same(
            _sums(by_site[by_site["month"] >= first], keys, columns),
            _sums(by_mentor[by_mentor["month"] >= first], keys, columns),
        )
        # A rise is the site against its own previous months, by the mentors' rule.
        expected = workload_queries.is_rise(
            by_site["crisis_or_after_hours"], by_site["previous_average"]
        )
        assert (by_site["rise"] == expected).all()


@pytest.mark.parametrize("hours_per_place", [workload_queries.HOURS_PER_PLACE_PER_MONTH, 6.5])
def test_direct_service_per_site_adds_up_the_mentors_months(demo_engine, calls, hours_per_place):
    for filters in calls:
        by_site = program.direct_service_by_site_month(
            demo_engine, filters, hours_per_place=hours_per_place
        )
        months = workload_queries.mentor_month_workload(
            demo_engine, filters, hours_per_place=hours_per_place
        )
        by_mentor = months.assign(
            mentors_in_post=months["in_post"].astype(int),
            capacity=months["capacity"].where(months["in_post"], 0),
        )
        keys = ["site", "month"]
        columns = ["mentors_in_post", "capacity", "contacts", "contact_hours",
                   "group_sessions", "group_hours", "direct_hours", "capacity_hours"]  # fmt: skip
        _assert_same(_sums(by_site, keys, columns), _sums(by_mentor, keys, columns))


def test_capacity_hours_follow_the_hours_per_place(demo_engine):
    filters = Filters(*_periods()[0], ADMIN)
    usual = program.direct_service_by_site_month(demo_engine, filters)
    half = program.direct_service_by_site_month(
        demo_engine, filters, hours_per_place=workload_queries.HOURS_PER_PLACE_PER_MONTH / 2
    )
    assert usual["capacity_hours"].sum() > 0
    pd.testing.assert_series_equal(half["capacity_hours"] * 2, usual["capacity_hours"])
    for wrong in (0, -1.0, float("nan"), "8", True):
        with pytest.raises(ValueError):
            program.direct_service_by_site_month(demo_engine, filters, hours_per_place=wrong)


def test_group_sessions_per_site_add_up_the_mentors_and_the_sessions(demo_engine, calls):
    for filters in calls:
        by_site = program.group_sessions_by_site(demo_engine, filters)
        by_mentor = group_queries.group_sessions_by_mentor(demo_engine, filters)
        sessions = group_queries.group_attendance_by_session(demo_engine, filters)
        led = by_mentor.rename(columns={"sessions": "facilitations"}).assign(facilitators=1)
        columns = ["facilitations", "group_hours", "facilitators"]
        _assert_same(_sums(by_site, ["site"], columns), _sums(led, ["site"], columns))
        held = sessions.assign(sessions=1)
        columns = ["sessions", "attendance"]
        _assert_same(_sums(by_site, ["site"], columns), _sums(held, ["site"], columns))


def test_caseload_per_site_adds_up_the_mentors(demo_engine, calls):
    for filters in calls:
        by_site = program.caseload_by_site(demo_engine, filters)
        caseload = caseload_queries.caseload_by_mentor(demo_engine, filters)
        by_mentor = caseload.assign(
            mentors=1, mentors_over_capacity=caseload["over_capacity"].astype(int)
        )
        columns = ["mentors", "capacity", "active_mentees", "spare", "mentors_over_capacity"]
        _assert_same(_sums(by_site, ["site"], columns), _sums(by_mentor, ["site"], columns))


@pytest.mark.parametrize("name", program.__all__)
def test_every_site_in_scope_is_listed_by_name_never_by_a_figure(demo_engine, name):
    fn = getattr(program, name)
    sites = _sites(demo_engine)
    names = sorted(n for _id, n in sites)
    df = fn(demo_engine, Filters(*_periods()[0], ADMIN))
    shown = list(dict.fromkeys(df["site"]))
    if name == "contact_types_by_site":  # only sites with contacts
        assert shown == [n for n in names if n in shown]
    else:
        assert shown == names
    one = sites[-1]
    chosen = fn(demo_engine, Filters(*_periods()[0], ADMIN, site_ids=(one[0],)))
    assert set(chosen["site_id"]) <= {one[0]} and set(chosen["site"]) <= {one[1]}


def test_a_viewer_gets_the_same_sites_with_counts_rounded(demo_engine):
    viewer = AccessScope("meeting_viewer", all_sites=True, small_cell_min=5)
    staff = dataclasses.replace(viewer, role="admin", small_cell_min=0)
    start, end = _periods()[0]
    seen = program.crisis_by_site_month(demo_engine, Filters(start, end, viewer))
    exact = program.crisis_by_site_month(demo_engine, Filters(start, end, staff))
    assert list(seen["site"]) == list(exact["site"])
    counts = seen["crisis_or_after_hours"].dropna().astype(int)
    assert (counts % 5 == 0).all()
    assert not seen["rise"].any() and seen["previous_average"].isna().all()
