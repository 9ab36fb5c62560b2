"""The Outcomes page in Chromium: switching instrument, domain and cohort grouping redraws the
charts with the values the database holds (computed here from raw rows, not the query layer)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from dash.testing.wait import until
from sqlalchemy import select

from data.filters import default_period
from data.instruments import BARC_10
from data.schema import (
    Assessment,
    AssessmentScore,
    Instrument,
    InstrumentDomain,
    Mentee,
    Site,
)
from layouts.ids import MenteeIds
from layouts.ids import OutcomesIds as ids
from tests.conftest import TEST_ADMIN_PASSWORD
from tests.support import browser_login

pytestmark = pytest.mark.browser


def _plotted(dash_duo, graph_id: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return dash_duo.driver.execute_script(
        "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return g && g._fullData ? g._fullData.map(t => ({name: t.name,"
        " x: Array.from(t.x || []), y: Array.from(t.y || [])})) : null;",
        f"#{graph_id}",
    )


def _title(dash_duo, graph_id: str) -> str:  # type: ignore[no-untyped-def]
    return dash_duo.driver.execute_script(
        "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return g && g.layout && g.layout.title ? g.layout.title.text : '';",
        f"#{graph_id}",
    )


def _monthly_means(engine, code: str, domain: str, minimum: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Monthly means of one domain over the default period, from raw rows, n >= minimum."""
    start, end = default_period()
    with engine.connect() as conn:
        rows = conn.execute(
            select(Assessment.assessed_on, Assessment.mentee_id, AssessmentScore.score)
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .join(InstrumentDomain, InstrumentDomain.id == AssessmentScore.domain_id)
            .join(Instrument, Instrument.id == Assessment.instrument_id)
            .where(Instrument.code == code, InstrumentDomain.name == domain)
        ).all()
    df = pd.DataFrame(rows, columns=["day", "mentee", "score"])
    df["day"] = pd.to_datetime(df["day"]).dt.date
    df = df[(df.day >= start) & (df.day <= end)]
    df["month"] = [dt.date(d.year, d.month, 1) for d in df.day]
    grouped = df.groupby("month").agg(mean=("score", "mean"), n=("mentee", "nunique"))
    return [round(v, 6) for v in grouped[grouped.n >= minimum]["mean"]]


def _text(dash_duo, element_id: str) -> str:  # type: ignore[no-untyped-def]
    return dash_duo.driver.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';",
        element_id,
    )


def _cohort_means(engine, code: str, domain: str, minimum: int) -> dict:  # type: ignore[no-untyped-def]
    """{(site, months since intake): mean} for mentees taken in during the default period."""
    start, end = default_period()
    with engine.connect() as conn:
        rows = conn.execute(
            select(Site.name, Mentee.id, Mentee.intake_date, Assessment.assessed_on,
                   AssessmentScore.score)
            .join(Site, Site.id == Mentee.site_id)
            .join(Assessment, Assessment.mentee_id == Mentee.id)
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .join(InstrumentDomain, InstrumentDomain.id == AssessmentScore.domain_id)
            .join(Instrument, Instrument.id == Assessment.instrument_id)
            .where(Instrument.code == code, InstrumentDomain.name == domain)
        ).all()  # fmt: skip
    df = pd.DataFrame(rows, columns=["site", "mentee", "intake", "day", "score"])
    df = df[df.intake.notna()]
    df["intake"] = pd.to_datetime(df["intake"]).dt.date
    df["day"] = pd.to_datetime(df["day"]).dt.date
    df = df[(df.intake >= start) & (df.intake <= end) & (df.day <= end)]
    days = [(d - i).days for d, i in zip(df.day, df.intake, strict=True)]
    uppers = [(0, 45), (3, 136), (6, 226), (9, 316), (12, 456), (18, 636), (24, 911)]
    df["months"] = [next((m for m, u in uppers if d < u), None) for d in days]
    df = df[[d >= -45 for d in days]].dropna(subset=["months"])
    grouped = df.groupby(["site", "months"]).agg(mean=("score", "mean"), n=("mentee", "nunique"))
    grouped = grouped[grouped.n >= minimum]
    return {(site, int(m)): round(v, 6) for (site, m), v in grouped["mean"].items()}


def _mean_line(dash_duo) -> list[float]:  # type: ignore[no-untyped-def]
    traces = _plotted(dash_duo, ids.TREND_GRAPH) or []
    line = next((t for t in traces if t["name"] == "Mean"), None)
    return [round(v, 6) for v in line["y"]] if line else []


def test_switching_instrument_domain_and_cohorts_redraws_true_values(
    dash_duo, demo_app, demo_engine, settings
):
    minimum = settings.small_cell_min
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + "/outcomes?measure=Living+skills")
    dash_duo.wait_for_text_to_equal(f"#{ids.HEADING}", "Outcomes")

    expected = _monthly_means(demo_engine, "recovery_ladder", "Living skills", minimum)
    until(lambda: "Living skills" in _title(dash_duo, ids.TREND_GRAPH), timeout=15)
    until(lambda: _mean_line(dash_duo) == expected, timeout=10)

    # Another instrument: its only domain becomes the measure, the URL says so.
    dash_duo.select_dcc_dropdown(f"#{ids.INSTRUMENT}", value=BARC_10.name)
    until(lambda: "Recovery capital" in _title(dash_duo, ids.TREND_GRAPH), timeout=15)
    expected = _monthly_means(demo_engine, "barc10", "Recovery capital", minimum)
    until(lambda: _mean_line(dash_duo) == expected, timeout=10)
    until(lambda: "instrument=barc10" in dash_duo.driver.current_url, timeout=10)

    # Cohort grouping by site: every plotted point is the mean the raw rows give.
    dash_duo.select_dcc_dropdown(f"#{ids.COHORT}", value="Site")
    until(lambda: "by site" in _title(dash_duo, ids.COHORT_GRAPH), timeout=15)
    expected_points = _cohort_means(demo_engine, "barc10", "Recovery capital", minimum)
    assert expected_points, "the demo should give at least one site cohort of 5 or more"

    def plotted_points() -> dict:
        points = {}
        for trace in _plotted(dash_duo, ids.COHORT_GRAPH) or []:
            for x, y in zip(trace["x"], trace["y"], strict=True):
                points[(trace["name"], int(x))] = round(y, 6)
        return points

    until(lambda: plotted_points() == expected_points, timeout=10)
    until(lambda: _text(dash_duo, ids.COHORT_CAPTION).startswith("Mean Recovery"), timeout=10)
    assert "one assessment" in _text(dash_duo, ids.RELIABLE_CAPTION)
    assert dash_duo.get_logs() == []


def test_the_mentee_page_shows_one_mentees_assessments(dash_duo, demo_app, demo_engine):
    with demo_engine.connect() as conn:
        mentee = conn.execute(
            select(Mentee.id, Mentee.code).where(Mentee.intake_date.is_not(None)).limit(1)
        ).first()
        dates = (
            conn.execute(
                select(Assessment.assessed_on)
                .join(Instrument, Instrument.id == Assessment.instrument_id)
                .where(Assessment.mentee_id == mentee.id, Instrument.code == "barc10")
            )
            .scalars()
            .all()
        )
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + f"/mentees/{mentee.id}")
    dash_duo.wait_for_contains_text(f"#{MenteeIds.PROFILE}", mentee.code, timeout=15)
    dash_duo.select_dcc_dropdown(f"#{MenteeIds.INSTRUMENT}", value=BARC_10.name)
    until(
        lambda: (
            len((_plotted(dash_duo, MenteeIds.HISTORY_GRAPH) or [{"x": []}])[0]["x"] or [])
            == len(dates)
        ),
        timeout=15,
    )
    assert dash_duo.get_logs() == []
