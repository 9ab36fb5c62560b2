"""Every contact summary equals the raw aggregate after inserts, updates and deletes.

The oracle is computed in pandas from the raw ``contacts`` rows, independently of the SQL in
data/summaries/. Writes outside a bulk load call ``refresh_contact_months`` with the old
and new dates in the same transaction; ``python -m dashboard summaries rebuild`` repairs all.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, func, insert, select, update

from dashboard import cli
from data.demo import generate
from data.filters import AccessScope, Filters
from data.queries import (
    contact_modes_by_month,
    contact_types_by_mentor,
    contacts_by_mentor_week,
    contacts_by_week,
    headline_figures,
    monthly_activity,
    workload_by_mentor,
)
from data.queries.plumbing.weeks import WEEK_EPOCH
from data.schema import (
    Contact,
    ContactSummaryMenteeMonth,
    ContactSummaryMentorMonth,
    ContactSummaryMentorRunning,
    ContactSummaryMentorWeek,
    ContactSummarySiteMonth,
    ContactSummarySiteMonthMode,
)
from data.summaries import refresh_contact_months

ADMIN = AccessScope("admin", all_sites=True, see_identities=True, username="t")


def _raw(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Contact.site_id,
                Contact.mentor_id,
                Contact.mentee_id,
                Contact.contact_date,
                Contact.contact_type,
                Contact.minutes,
                Contact.after_hours,
                Contact.mode,
            )
        ).all()
    df = pd.DataFrame(
        rows,
        columns=[
            "site_id", "mentor_id", "mentee_id", "day", "contact_type", "minutes", "ah", "mode",
        ],
    )  # fmt: skip
    day = pd.to_datetime(df["day"].astype(str).str[:10])
    df["year_month"] = day.dt.year * 100 + day.dt.month
    df["week"] = (day - pd.Timestamp(WEEK_EPOCH)).dt.days // 7
    df["ah"] = df["ah"].astype(bool).astype(int)
    return df


def _table(engine: Engine, model: type, keys: list[str], values: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(*(getattr(model, c) for c in keys + values))).all()
    df = pd.DataFrame(rows, columns=keys + values).astype("int64", errors="ignore")
    return df.sort_values(keys).reset_index(drop=True)


def _expected(raw: pd.DataFrame) -> dict[str, pd.DataFrame]:
    mentor_keys = ["site_id", "mentor_id", "year_month", "contact_type"]
    mentor = raw.groupby(mentor_keys, as_index=False).agg(
        contacts=("mentee_id", "size"), minutes=("minutes", "sum"), after_hours=("ah", "sum")
    )
    mentee_keys = ["site_id", "mentor_id", "mentee_id", "year_month"]
    mentee = raw.groupby(mentee_keys, as_index=False).agg(
        contacts=("site_id", "size"), minutes=("minutes", "sum")
    )
    sites_per = raw.groupby(["mentee_id", "year_month"])["site_id"].nunique().rename("n_sites")
    seen = raw[["site_id", "year_month", "mentee_id"]].drop_duplicates()
    seen = seen.join(sites_per, on=["mentee_id", "year_month"])
    seen["elsewhere"] = (seen["n_sites"] > 1).astype(int)
    site = raw.groupby(["site_id", "year_month"], as_index=False).agg(
        contacts=("mentee_id", "size"), minutes=("minutes", "sum"), after_hours=("ah", "sum")
    )
    distinct = seen.groupby(["site_id", "year_month"], as_index=False).agg(
        mentees=("mentee_id", "size"), mentees_elsewhere=("elsewhere", "sum")
    )
    site = site.merge(distinct, on=["site_id", "year_month"])
    return {
        "mentor": mentor.sort_values(mentor_keys).reset_index(drop=True),
        "mentee": mentee.sort_values(mentee_keys).reset_index(drop=True),
        "site": site.sort_values(["site_id", "year_month"]).reset_index(drop=True),
        "running": _expected_running(mentor),
        "week": raw.groupby(["week", "site_id", "mentor_id"], as_index=False)
        .agg(contacts=("mentee_id", "size"), minutes=("minutes", "sum"))
        .sort_values(["week", "site_id", "mentor_id"])
        .reset_index(drop=True),
        "mode": raw.groupby(["year_month", "site_id", "mode"], as_index=False)
        .agg(contacts=("mentee_id", "size"), minutes=("minutes", "sum"))
        .sort_values(["year_month", "site_id", "mode"])
        .reset_index(drop=True),
    }


def _expected_running(mentor: pd.DataFrame) -> pd.DataFrame:
    """Running totals per (site, mentor, type) through every month from its first contact to
    the newest month of any contact, without gaps."""
    keys = ["site_id", "mentor_id", "contact_type"]
    newest = pd.Period(str(mentor["year_month"].max()), freq="M")
    frames = []
    for key, group in mentor.groupby(keys):
        first = pd.Period(str(group["year_month"].min()), freq="M")
        months = [p.year * 100 + p.month for p in pd.period_range(first, newest, freq="M")]
        monthly = group.set_index("year_month")[["contacts", "minutes", "after_hours"]]
        running = monthly.reindex(months, fill_value=0).cumsum().reset_index(names="year_month")
        frames.append(running.assign(**dict(zip(keys, key, strict=True))))
    columns = ["year_month", *keys, "contacts", "minutes", "after_hours"]
    running = pd.concat(frames)[columns]
    return running.sort_values(columns[:4]).reset_index(drop=True)


def assert_summaries_exact(engine: Engine) -> None:
    """Each contact summary table equals the pandas aggregate of the raw contacts."""
    expected = _expected(_raw(engine))
    actual = {
        "mentor": _table(
            engine,
            ContactSummaryMentorMonth,
            ["site_id", "mentor_id", "year_month", "contact_type"],
            ["contacts", "minutes", "after_hours"],
        ),
        "mentee": _table(
            engine,
            ContactSummaryMenteeMonth,
            ["site_id", "mentor_id", "mentee_id", "year_month"],
            ["contacts", "minutes"],
        ),
        "site": _table(
            engine,
            ContactSummarySiteMonth,
            ["site_id", "year_month"],
            ["contacts", "minutes", "after_hours", "mentees", "mentees_elsewhere"],
        ),
        "running": _table(
            engine,
            ContactSummaryMentorRunning,
            ["year_month", "site_id", "mentor_id", "contact_type"],
            ["contacts", "minutes", "after_hours"],
        ),
        "week": _table(
            engine,
            ContactSummaryMentorWeek,
            ["week", "site_id", "mentor_id"],
            ["contacts", "minutes"],
        ),
        "mode": _table(
            engine,
            ContactSummarySiteMonthMode,
            ["year_month", "site_id", "mode"],
            ["contacts", "minutes"],
        ),
    }
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(
            actual[name], frame.astype(actual[name].dtypes.to_dict()), obj=name
        )


def _brute_monthly(engine: Engine, start: dt.date, end: dt.date) -> pd.DataFrame:
    raw = _raw(engine)
    raw = raw[(raw["day"].astype(str) >= str(start)) & (raw["day"].astype(str) <= str(end))]
    return raw.groupby("year_month").agg(
        contacts=("site_id", "size"), minutes=("minutes", "sum"), mentees=("mentee_id", "nunique")
    )


def assert_monthly_activity_exact(engine: Engine, start: dt.date, end: dt.date) -> None:
    """monthly_activity and the headline's contacts this month equal brute-force counts
    (a period ending on the last contact reads its last month from the summaries, one ending
    earlier reads that month's first days from the raw rows)."""
    month = _brute_monthly(engine, end.replace(day=1), end)
    headline = headline_figures(engine, Filters(start, end, scope=ADMIN)).iloc[0]
    assert headline["contacts_this_month"] == int(month["contacts"].sum())
    assert round(headline["contact_hours_this_month"] * 60) == int(month["minutes"].sum())
    got = monthly_activity(engine, Filters(start, end, scope=ADMIN))
    got = got[got["contacts"] > 0]
    brute = _brute_monthly(engine, start, end)
    assert [d.year * 100 + d.month for d in got["month"]] == list(brute.index)
    assert list(got["contacts"]) == list(brute["contacts"])
    assert list(got["active_mentees"]) == list(brute["mentees"])
    assert [round(h * 60) for h in got["contact_hours"]] == list(brute["minutes"])


def assert_mentor_totals_exact(engine: Engine, start: dt.date, end: dt.date) -> None:
    """workload_by_mentor and contact_types_by_mentor (read from the running totals) equal
    brute-force counts of the raw contacts of ``start``..``end``."""
    raw = _raw(engine)
    raw = raw[(raw["day"].astype(str) >= str(start)) & (raw["day"].astype(str) <= str(end))]
    filters = Filters(start, end, scope=ADMIN)
    per_mentor = raw.groupby("mentor_id").agg(
        contacts=("site_id", "size"), minutes=("minutes", "sum"), after_hours=("ah", "sum")
    )
    got = workload_by_mentor(engine, filters).set_index("mentor_id")
    got = got[got["contacts"] > 0]
    assert sorted(got.index) == sorted(per_mentor.index)
    for mentor_id, row in per_mentor.iterrows():
        assert got.loc[mentor_id, "contacts"] == row["contacts"]
        assert round(got.loc[mentor_id, "hours"] * 60) == row["minutes"]
        assert got.loc[mentor_id, "after_hours"] == row["after_hours"]
    per_type = raw.groupby(["mentor_id", "contact_type"]).agg(contacts=("site_id", "size"))
    types = contact_types_by_mentor(engine, filters).set_index(["mentor_id", "contact_type"])
    assert types["contacts"].sort_index().to_dict() == per_type["contacts"].to_dict()
    # Weeks (read from the weekly summary, edge weeks from the raw rows) and modes by month.
    per_week = raw.groupby(["mentor_id", "week"]).agg(
        contacts=("site_id", "size"), minutes=("minutes", "sum")
    )
    weeks = contacts_by_mentor_week(engine, filters)
    weeks = weeks[weeks["contacts"] > 0]
    weeks = weeks.assign(week=[(d - WEEK_EPOCH).days // 7 for d in weeks["week_start"]]).set_index(
        ["mentor_id", "week"]
    )
    assert weeks["contacts"].sort_index().to_dict() == per_week["contacts"].to_dict()
    assert {k: round(v * 60) for k, v in weeks["hours"].sort_index().items()} == per_week[
        "minutes"
    ].to_dict()
    program = contacts_by_week(engine, filters)
    program = program[program["contacts"] > 0]
    assert list(program["contacts"]) == list(raw.groupby("week").size())
    per_mode = raw.groupby(["year_month", "mode"]).size()
    modes = contact_modes_by_month(engine, filters)
    modes = modes[modes["contacts"] > 0]
    got = {
        (d.year * 100 + d.month, m): n for d, m, n in modes[["month", "mode", "contacts"]].values
    }
    assert got == per_mode.to_dict()


@pytest.fixture
def demo(any_engine: Engine) -> Engine:
    generate(any_engine, scale="small", seed=3, progress=False)
    return any_engine


def test_summaries_stay_exact_under_inserts_updates_and_deletes(demo: Engine) -> None:
    engine = demo
    assert_summaries_exact(engine)
    with engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(Contact.contact_date), func.max(Contact.contact_date))
        ).one()
        sample = conn.execute(select(Contact).order_by(Contact.id).limit(40)).all()
        other_site = conn.execute(
            select(Contact.site_id).where(Contact.site_id != sample[0].site_id).limit(1)
        ).scalar_one()
        next_id = conn.execute(select(func.max(Contact.id))).scalar_one() + 1
    first = dt.date.fromisoformat(str(first)[:10])
    last = dt.date.fromisoformat(str(last)[:10])

    # Inserts: more contacts for a mentee, one of them logged at another site the same month
    # (the mentee then counts at two sites: distinct mentees no longer add up that month).
    base = sample[0]
    day = dt.date.fromisoformat(str(base.contact_date)[:10])
    new_rows = [
        {**{k: getattr(base, k) for k in ("match_id", "mentor_id", "mentee_id", "mode")},
         "id": next_id + i, "site_id": base.site_id if i else other_site,
         "occurred_at": dt.datetime.combine(day, dt.time(10)), "contact_date": day,
         "minutes": 30 + i, "contact_type": "crisis_call", "after_hours": bool(i % 2)}
        for i in range(3)
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(Contact), new_rows)
        refresh_contact_months(conn, [day])
    assert_summaries_exact(engine)
    assert_monthly_activity_exact(engine, first + dt.timedelta(days=3), last)
    assert_mentor_totals_exact(engine, first + dt.timedelta(days=3), last)
    assert_mentor_totals_exact(engine, first, last - dt.timedelta(days=50))
    assert_mentor_totals_exact(engine, last - dt.timedelta(days=9), last - dt.timedelta(days=8))

    # Updates: move contacts to another month, change their minutes, type and site.
    moved = sample[5:15]
    old_days = [dt.date.fromisoformat(str(r.contact_date)[:10]) for r in moved]
    new_day = last - dt.timedelta(days=40)
    with engine.begin() as conn:
        conn.execute(
            update(Contact)
            .where(Contact.id.in_([r.id for r in moved]))
            .values(contact_date=new_day, minutes=Contact.minutes + 7, contact_type="other")
        )
        conn.execute(update(Contact).where(Contact.id == sample[20].id).values(site_id=other_site))
        refresh_contact_months(
            conn, [*old_days, new_day, dt.date.fromisoformat(str(sample[20].contact_date)[:10])]
        )
    assert_summaries_exact(engine)

    # Deletes, including every contact of one month at one site.
    gone = sample[25:40]
    with engine.begin() as conn:
        conn.execute(delete(Contact).where(Contact.id.in_([r.id for r in gone])))
        gone_days = [dt.date.fromisoformat(str(r.contact_date)[:10]) for r in gone]
        refresh_contact_months(conn, gone_days)
    assert_summaries_exact(engine)
    assert_monthly_activity_exact(engine, first, last - dt.timedelta(days=10))
    assert_mentor_totals_exact(engine, first, last)
    assert_mentor_totals_exact(engine, last - dt.timedelta(days=400), last + dt.timedelta(days=90))


def test_summaries_rebuild_command_repairs_stale_summaries(
    demo: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = demo
    with engine.begin() as conn:  # a write that forgot to refresh the summaries
        conn.execute(delete(Contact).where(Contact.id <= 50))
        conn.execute(update(ContactSummarySiteMonth).values(mentees=999))
        conn.execute(update(ContactSummaryMentorRunning).values(contacts=0))
    with pytest.raises(AssertionError):
        assert_summaries_exact(engine)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert cli.main(["summaries", "rebuild"]) == 0
    assert "summary tables rebuilt" in capsys.readouterr().out
    assert_summaries_exact(engine)
