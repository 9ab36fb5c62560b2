"""The mentee page on a small hand-made program: "better" means reliable change (the Outcomes
page's test, for one person), and the milestone and event tables export exactly their rows.

Dates are relative to data.clock's today, so nothing depends on the day the tests run.
"""

from __future__ import annotations

import base64
import datetime as dt
import io

import pandas as pd
import pytest
from dash import no_update
from sqlalchemy import Engine, insert, select

from callbacks import mentee as cb
from callbacks.exports import export_table
from callbacks.filters import FORBIDDEN_MESSAGE
from dashboard.settings import Settings
from data import clock
from data import schema as s
from data.filters import AccessScope, Filters
from data.queries.outcomes.change import reliable_change
from data.queries.outcomes.mentee import mentee_reliable_change
from data.summaries import rebuild_all
from tests.callbacks.conftest import ScopedContext, make_ctx

TODAY = clock.today()
BASELINE = TODAY - dt.timedelta(days=200)
LATEST = TODAY - dt.timedelta(days=20)
# Instrument "up" (higher is better): domains A and B, reliability 0.8 and a stated SD of 2.0
# each, so a change must exceed 1.96 * sqrt(2) * 2.0 * sqrt(0.2) = 2.48 points; the total
# (SD 3.0) must exceed 3.72. Instrument "down" (lower is better): one domain, Distress,
# reliability 0.9 and SD 5.0: 4.38 points.
# mentee: (site, (A, B) at baseline, (A, B) latest, Distress at baseline, Distress latest)
PROGRAM = {
    1: (1, (5, 5), (7, 6), 20, 18),  # every score up a little: nothing beyond chance
    2: (1, (2, 6), (6, 3), 20, 14),  # A up 4 (reliable), B down 3 (reliable); Distress down 6
    3: (2, (1, 1), (9, 9), 30, 10),  # another site
}
GOALS = [
    (1, "housing", '=HYPERLINK("http://x")', BASELINE, LATEST),
    (1, "food", "Cook twice a week", LATEST, None),
    (3, "work_and_learning", "Another site's goal", BASELINE, None),
]
EVENTS = [(1, BASELINE + dt.timedelta(days=3), "crisis_episode"), (3, BASELINE, "relapse")]


def _load(engine: Engine) -> None:
    assessments, scores = [], []
    for mentee, (site, base, last, distress0, distress1) in PROGRAM.items():
        for day, (a, b), distress in ((BASELINE, base, distress0), (LATEST, last, distress1)):
            for instrument, domain_scores in ((1, {1: a, 2: b}), (2, {3: distress})):
                aid = len(assessments) + 1
                assessments.append(dict(id=aid, mentee_id=mentee, site_id=site,
                                        instrument_id=instrument, assessed_on=day,
                                        is_baseline=day == BASELINE))  # fmt: skip
                scores += [
                    dict(assessment_id=aid, domain_id=d, score=v) for d, v in domain_scores.items()
                ]
    with engine.begin() as conn:
        conn.execute(
            insert(s.Site), [dict(id=1, code="A", name="Ash"), dict(id=2, code="B", name="Birch")]
        )
        conn.execute(insert(s.Instrument), [
            dict(id=1, code="up", name="Higher better", higher_is_better=True,
                 total_reliability=0.8, total_reference_sd=3.0, reliability_source="test"),
            dict(id=2, code="down", name="Lower better", higher_is_better=False,
                 total_reliability=None, total_reference_sd=None, reliability_source="test"),
        ])  # fmt: skip
        conn.execute(insert(s.InstrumentDomain), [
            dict(id=1, instrument_id=1, name="A", position=1, min_score=0, max_score=10,
                 reliability=0.8, reference_sd=2.0),
            dict(id=2, instrument_id=1, name="B", position=2, min_score=0, max_score=10,
                 reliability=0.8, reference_sd=2.0),
            dict(id=3, instrument_id=2, name="Distress", position=1, min_score=0, max_score=40,
                 reliability=0.9, reference_sd=5.0),
        ])  # fmt: skip
        conn.execute(insert(s.Mentee), [
            dict(id=m, site_id=site, code=f"C-{m}", display_name=f"Person {m}",
                 referral_date=BASELINE, intake_date=BASELINE, status="matched")
            for m, (site, *_) in PROGRAM.items()
        ])  # fmt: skip
        conn.execute(insert(s.Assessment), assessments)
        conn.execute(insert(s.AssessmentScore), scores)
        conn.execute(insert(s.Goal), [
            dict(mentee_id=m, site_id=PROGRAM[m][0], category=c, description=d, set_date=a,
                 achieved_date=b)
            for m, c, d, a, b in GOALS
        ])  # fmt: skip
        conn.execute(insert(s.MenteeEvent), [
            dict(mentee_id=m, site_id=PROGRAM[m][0], event_date=day, kind=kind)
            for m, day, kind in EVENTS
        ])  # fmt: skip
        rebuild_all(conn)


SUPERVISOR = AccessScope(
    role="supervisor", site_ids=frozenset({1}), see_identities=True, username="sup"
)


@pytest.fixture
def program(any_engine: Engine) -> Engine:
    _load(any_engine)
    return any_engine


@pytest.fixture
def ctx(program: Engine, settings: Settings) -> ScopedContext:
    return make_ctx(program, settings, SUPERVISOR)


def _caption(ctx: ScopedContext, mentee: int, instrument: str) -> str:
    _change, caption, _history, _ = cb.mentee_charts(str(mentee), instrument, ctx)
    return caption


def test_better_means_reliable_change_not_any_rise(ctx: ScopedContext) -> None:
    # Every score of mentee 1 rose (A +2, B +1, total +3), none by more than chance: a
    # count of raw rises would say "better on 2 of 2 domains".
    caption = _caption(ctx, 1, "up")
    assert "Better on" not in caption
    assert "Not better by more than chance on any of the 2 domains." in caption
    assert "Total score: no change beyond chance." in caption
    assert "too big to put down to chance" in caption and "reliable-change test" in caption
    caption = _caption(ctx, 2, "up")
    assert "Better by more than chance on 1 of 2 domains (A)." in caption
    assert "Worse by more than chance on B." in caption
    # Lower is better: a fall of 6 on a 4.38-point criterion is better; one domain in words.
    assert "Better by more than chance on Distress." in _caption(ctx, 2, "down")
    assert "Not better by more than chance on Distress." in _caption(ctx, 1, "down")


def test_one_mentee_agrees_with_the_outcomes_page(ctx: ScopedContext) -> None:
    """Per measure, the mentees the Outcomes page counts as improved or declined are exactly
    those whose own page says so."""
    period = Filters(LATEST - dt.timedelta(days=30), TODAY, SUPERVISOR)
    for code in ("up", "down"):
        page = reliable_change(ctx.engine, period, code, min_group=1).set_index("domain")
        mine = pd.concat([mentee_reliable_change(ctx.engine, period, m, code) for m in (1, 2)])
        assert page.shown.any()
        for domain, row in page[page.shown].iterrows():
            results = mine[mine.domain == domain].result
            assert (results == "improved").sum() == row.improved, (code, domain)
            assert (results == "declined").sum() == row.declined, (code, domain)


def test_mentee_change_is_empty_out_of_scope_and_for_unknown_instruments(
    ctx: ScopedContext,
) -> None:
    period = Filters(BASELINE, TODAY, SUPERVISOR)
    assert mentee_reliable_change(ctx.engine, period, 3, "up").empty  # another site
    assert mentee_reliable_change(ctx.engine, period, 1, "nothing").empty
    viewer = AccessScope(role="meeting_viewer", site_ids=frozenset({1}), small_cell_min=5)
    assert mentee_reliable_change(ctx.engine, Filters(BASELINE, TODAY, viewer), 1, "up").empty
    one = mentee_reliable_change(ctx.engine, period, 2, "up").set_index("domain")
    assert list(one.index) == ["A", "B", "Total"]
    assert (one.loc["A", "baseline"], one.loc["A", "latest"]) == (2, 6)
    assert one.loc["A", "baseline_on"] == BASELINE and one.loc["A", "latest_on"] == LATEST


def _csv(data: dict) -> list[list[str]]:
    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    return [line.split(",", 3) for line in text.strip().splitlines()]


def _last_audit(engine: Engine) -> tuple[str, str, str]:
    with engine.connect() as conn:
        row = conn.execute(
            select(s.AuditEvent.event, s.AuditEvent.target, s.AuditEvent.detail)
            .order_by(s.AuditEvent.id.desc())
            .limit(1)
        ).one()
    return row.event, row.target, row.detail


def test_the_milestones_export_is_the_grid(ctx: ScopedContext) -> None:
    *_, goal_rows, _event_rows = cb.open_mentee("1", ctx)
    data, message = export_table(
        ctx, cb.milestone_frame, cb.MILESTONE_EXPORT, "mentee", "milestones", "csv", "1",
        cb.export_subject,
    )  # fmt: skip
    assert message == "Exported 2 rows."
    lines = _csv(data)
    assert lines[0] == ["Life area", "Goal", "Set on", "Reached on"]
    grid = [[r["category"], r["description"], r["set_date"], r["achieved_date"] or ""]
            for r in goal_rows]  # fmt: skip
    assert grid[0][1].startswith("=")  # the grid shows the text as typed ...
    grid[0][1] = '"\'=HYPERLINK(""http://x"")"'  # ... the file escapes it (and quotes it)
    assert lines[1:] == grid
    assert data["filename"].startswith("mentee-milestones-")
    assert _last_audit(ctx.engine) == (
        "export", "mentee:milestones", "format=csv rows=2 columns=4 sites 1 mentee_id=1"
    )  # fmt: skip


def test_the_events_export_is_the_grid_in_xlsx(ctx: ScopedContext) -> None:
    *_, event_rows = cb.open_mentee("1", ctx)
    data, message = export_table(
        ctx, cb.event_frame, cb.EVENT_EXPORT, "mentee", "events", "xlsx", "1", cb.export_subject
    )
    assert message == "Exported 1 rows."
    sheet = pd.read_excel(io.BytesIO(base64.b64decode(data["content"])), dtype=str)
    assert list(sheet.columns) == ["Date", "Event"]
    assert sheet.values.tolist() == [[r["event_date"], r["kind"]] for r in event_rows]
    assert sheet.values.tolist() == [[EVENTS[0][1].isoformat(), "Crisis episodes"]]
    assert _last_audit(ctx.engine)[1:] == ("mentee:events", "format=xlsx rows=1 columns=2 "
                                           "sites 1 mentee_id=1")  # fmt: skip


def test_exports_of_another_sites_mentee_or_by_a_viewer_are_refused(
    ctx: ScopedContext, program: Engine, settings: Settings
) -> None:
    for raw in ("3", "999", "abc", None):
        data, message = export_table(
            ctx, cb.milestone_frame, cb.MILESTONE_EXPORT, "mentee", "milestones", "csv", raw,
            cb.export_subject,
        )  # fmt: skip
        assert data is no_update and message
    assert message.startswith("The address does not name a mentee")
    data, message = export_table(
        ctx, cb.event_frame, cb.EVENT_EXPORT, "mentee", "events", "csv", "3", cb.export_subject
    )
    assert data is no_update and message == cb.NOT_FOUND
    viewer = make_ctx(
        program, settings, AccessScope(role="meeting_viewer", site_ids=frozenset({1}))
    )
    data, message = export_table(
        viewer, cb.event_frame, cb.EVENT_EXPORT, "mentee", "events", "csv", "1", cb.export_subject
    )
    assert data is no_update and message == FORBIDDEN_MESSAGE
    with program.connect() as conn:
        exported = conn.scalars(select(s.AuditEvent.id).where(s.AuditEvent.event == "export"))
        assert list(exported) == []  # refusals export nothing, so nothing to record
