"""Distance travelled read from ``assessment_change_summary`` equals pairing the raw rows.

The raw path (``_change_sums``: each mentee's first and latest assessment picked from the
assessments themselves) is the oracle; the summary path must give the same frame for every
scope and period it answers, and step aside (same answer, raw path) where it cannot be exact:
a period ending before the newest assessment, a mid-month start, a mentor chosen, a mentee
assessed at two sites seen from a one-site scope.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, func, insert, select

from data.demo import generate
from data.filters import AccessScope, Filters
from data.queries.outcomes import DEFAULT_INSTRUMENT, _change_facts
from data.queries.outcomes import change as outcome_change
from data.schema import Assessment, AssessmentScore, Instrument, Site
from data.summaries import rebuild_all

ADMIN = AccessScope("admin", all_sites=True, see_identities=True, username="t")


def _raw_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outcome_change, "summarised_change_sums", lambda *a: None)


def _both(
    engine: Engine, filters: Filters, monkeypatch: pytest.MonkeyPatch
) -> tuple[pd.DataFrame, pd.DataFrame]:
    summarised = outcome_change.distance_travelled(engine, filters, DEFAULT_INSTRUMENT, 1)
    with monkeypatch.context() as patch:
        _raw_only(patch)
        raw = outcome_change.distance_travelled(engine, filters, DEFAULT_INSTRUMENT, 1)
    return summarised, raw


@pytest.fixture
def demo(any_engine: Engine) -> Engine:
    generate(any_engine, scale="small", seed=5, progress=False)
    return any_engine


def _today(engine: Engine) -> dt.date:
    with engine.connect() as conn:
        newest = conn.execute(select(func.max(Assessment.assessed_on))).scalar_one()
    return dt.date.fromisoformat(str(newest)[:10])


def _one_site(engine: Engine) -> AccessScope:
    with engine.connect() as conn:
        site = conn.execute(select(func.min(Site.id))).scalar_one()
    return AccessScope("supervisor", site_ids=frozenset({site}), see_identities=True, username="s")


def test_the_summary_answers_as_the_raw_rows_do(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    end = _today(demo) + dt.timedelta(days=3)
    calls = []
    real = _change_facts.summarised_change_sums

    def counted(*args):  # type: ignore[no-untyped-def]
        calls.append(real(*args))
        return calls[-1]

    monkeypatch.setattr(outcome_change, "summarised_change_sums", counted)
    for scope in (ADMIN, _one_site(demo)):
        for start in (dt.date(end.year - 1, end.month, 1), dt.date(2015, 1, 1)):
            filters = Filters(start, end, scope=scope)
            summarised = outcome_change.distance_travelled(demo, filters, DEFAULT_INSTRUMENT, 1)
            with monkeypatch.context() as patch:
                _raw_only(patch)
                raw = outcome_change.distance_travelled(demo, filters, DEFAULT_INSTRUMENT, 1)
            assert int(raw["n"].sum()) > 0
            pd.testing.assert_frame_equal(summarised, raw)
    assert calls and all(c is not None for c in calls)  # the summary answered every one


def test_a_mid_month_start_with_nothing_before_it_that_month_is_answered_by_the_summary(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    filters = Filters(dt.date(2015, 1, 15), _today(demo), scope=ADMIN)
    assert _change_facts.summarised_change_sums(demo, filters, _instrument(demo)) is not None
    summarised, raw = _both(demo, filters, monkeypatch)
    assert int(raw["n"].sum()) > 0
    pd.testing.assert_frame_equal(summarised, raw)


def test_where_the_summary_cannot_be_exact_the_raw_rows_answer(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    newest = _today(demo)
    admin = Filters(dt.date(2015, 1, 1), newest - dt.timedelta(days=200), scope=ADMIN)
    with demo.connect() as conn:
        assessed = conn.execute(
            select(Assessment.assessed_on).where(
                Assessment.instrument_id == _instrument(demo),
                func.extract("day", Assessment.assessed_on).between(2, 27),
            )
        ).first()
    day = dt.date.fromisoformat(str(assessed[0])[:10])
    # Starting the day after an assessment of the same month: that month's rows hold it.
    mid_month = Filters(day + dt.timedelta(days=1), newest, scope=ADMIN)
    for filters in (admin, mid_month):
        assert _change_facts.summarised_change_sums(demo, filters, _instrument(demo)) is None
        summarised, raw = _both(demo, filters, monkeypatch)
        pd.testing.assert_frame_equal(summarised, raw)


def _instrument(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(Instrument.id).where(Instrument.code == DEFAULT_INSTRUMENT)
        ).scalar_one()


def test_a_mentee_assessed_at_two_sites(demo: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Their newest assessment logged at another site: the admin's answer (every site) comes
    from the summary, a one-site supervisor's from the raw rows, both exact."""
    instrument = _instrument(demo)
    with demo.begin() as conn:
        first = conn.execute(
            select(Assessment)
            .where(Assessment.instrument_id == instrument)
            .order_by(Assessment.id)
            .limit(1)
        ).one()
        other_site = conn.execute(
            select(Site.id).where(Site.id != first.site_id).limit(1)
        ).scalar_one()
        day = _today(demo)
        new_id = conn.execute(select(func.max(Assessment.id))).scalar_one() + 1
        conn.execute(
            insert(Assessment),
            [{"id": new_id, "mentee_id": first.mentee_id, "site_id": other_site,
              "instrument_id": instrument, "assessed_on": day, "is_baseline": False}],
        )  # fmt: skip
        scores = conn.execute(
            select(AssessmentScore.domain_id, AssessmentScore.score).where(
                AssessmentScore.assessment_id == first.id
            )
        ).all()
        conn.execute(
            insert(AssessmentScore),
            [{"assessment_id": new_id, "domain_id": d, "score": s} for d, s in scores],
        )
        rebuild_all(conn)
    end = day + dt.timedelta(days=1)
    start = dt.date(end.year - 1, end.month, 1)
    admin = Filters(start, end, scope=ADMIN)
    assert _change_facts.summarised_change_sums(demo, admin, instrument) is not None
    one_site = Filters(start, end, scope=_one_site(demo))
    assert _change_facts.summarised_change_sums(demo, one_site, instrument) is None
    for filters in (admin, one_site):
        summarised, raw = _both(demo, filters, monkeypatch)
        pd.testing.assert_frame_equal(summarised, raw)


# --- reliable change from assessment_mentee_change ----------------------------------------


def _raw_change(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(outcome_change, "change_counts", lambda *a: None)
    patch.setattr(outcome_change, "baseline_sums", lambda *a: None)
    _raw_only(patch)


def _change_both(
    engine: Engine, filters: Filters, monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[pd.DataFrame, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]]:
    from_table = outcome_change.change_overview(engine, filters, DEFAULT_INSTRUMENT, 1)
    with monkeypatch.context() as patch:
        _raw_change(patch)
        raw = outcome_change.change_overview(engine, filters, DEFAULT_INSTRUMENT, 1)
    return from_table, raw


def _a_mentor(engine: Engine) -> int:
    from data.schema import Match

    with engine.connect() as conn:
        return conn.execute(select(func.min(Match.mentor_id))).scalar_one()


def test_reliable_change_from_the_mentee_table_equals_the_raw_pairs(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data.queries.outcomes import _mentee_change

    end = _today(demo) + dt.timedelta(days=3)
    answered = []
    real = _mentee_change.change_counts

    def counted(*args):  # type: ignore[no-untyped-def]
        answered.append(real(*args))
        return answered[-1]

    monkeypatch.setattr(outcome_change, "change_counts", counted)
    mentor = _a_mentor(demo)
    for scope in (ADMIN, _one_site(demo)):
        for start in (dt.date(end.year - 1, end.month, 17), dt.date(2015, 1, 1)):
            for mentors in ((), (mentor,)):
                filters = Filters(start, end, scope=scope, mentor_ids=mentors)
                (distance, change), (raw_distance, raw_change) = _change_both(
                    demo, filters, monkeypatch
                )
                pd.testing.assert_frame_equal(change, raw_change)
                pd.testing.assert_frame_equal(distance, raw_distance)
                if not mentors:
                    assert int(raw_change["n"].sum()) > 0
                    assert raw_change["improved"].notna().any()
    assert answered and all(a is not None for a in answered)  # the table answered every one


def test_the_criterion_from_the_mentee_table_equals_the_raw_first_scores(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data.queries.outcomes import instrument_info

    info = instrument_info(demo, DEFAULT_INSTRUMENT)
    assert info is not None
    for scope in (ADMIN, _one_site(demo)):
        filters = Filters(dt.date(2020, 1, 1), _today(demo), scope=scope)
        from_table = outcome_change.baseline_criteria(demo, filters, info)
        with monkeypatch.context() as patch:
            _raw_change(patch)
            raw = outcome_change.baseline_criteria(demo, filters, info)
        assert from_table.keys() == raw.keys()
        for name, criterion in raw.items():
            assert from_table[name].sd_source == criterion.sd_source
            assert from_table[name].reference_sd == pytest.approx(criterion.reference_sd)


def test_reliable_change_steps_aside_where_the_table_cannot_be_exact(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A period ending before the newest assessment, and a one-site scope once a mentee has
    been assessed at two sites: the raw pairs answer, and the answer is the same."""
    from data.queries.outcomes import _mentee_change

    instrument = _instrument(demo)
    newest = _today(demo)
    early = Filters(dt.date(2015, 1, 1), newest - dt.timedelta(days=200), scope=ADMIN)
    assert _mentee_change.change_counts(demo, early, instrument, True, {}) is None
    (distance, change), (raw_distance, raw_change) = _change_both(demo, early, monkeypatch)
    pd.testing.assert_frame_equal(change, raw_change)
    with demo.begin() as conn:
        first = conn.execute(
            select(Assessment).where(Assessment.instrument_id == instrument).limit(1)
        ).one()
        other = conn.execute(select(Site.id).where(Site.id != first.site_id).limit(1)).scalar_one()
        new_id = conn.execute(select(func.max(Assessment.id))).scalar_one() + 1
        conn.execute(
            insert(Assessment),
            [{"id": new_id, "mentee_id": first.mentee_id, "site_id": other,
              "instrument_id": instrument, "assessed_on": newest, "is_baseline": False}],
        )  # fmt: skip
        rebuild_all(conn)
    one_site = Filters(dt.date(2015, 1, 1), newest, scope=_one_site(demo))
    assert _mentee_change.change_counts(demo, one_site, instrument, True, {}) is None
    assert _mentee_change.baseline_sums(demo, one_site, instrument) is None
    admin = Filters(dt.date(2015, 1, 1), newest, scope=ADMIN)
    assert _mentee_change.change_counts(demo, admin, instrument, True, {}) is not None
    for filters in (one_site, admin):
        (distance, change), (raw_distance, raw_change) = _change_both(demo, filters, monkeypatch)
        pd.testing.assert_frame_equal(change, raw_change)
        pd.testing.assert_frame_equal(distance, raw_distance)
