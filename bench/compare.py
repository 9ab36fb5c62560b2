"""``python -m bench.run --compare``: the query layer beside DuckDB and pandas on the raw rows.

Loads the benchmark database's contacts (and the smaller mentor, mentee, match, goal and
assessment tables) into an in-memory DuckDB (the ``[bench]`` extra; nothing is downloaded, no
extension is loaded), then for each compared question, scope and period times three ways of
answering it:

- **project**: the query-layer function itself (no cache), as the app calls it;
- **DuckDB**: an equivalent GROUP BY over the raw rows in DuckDB's columnar tables;
- **raw rows into pandas**: the common Dash pattern: read the period's raw rows with
  ``pandas.read_sql`` from the same database and group them in pandas.

Each row ends with a cross-check that the project and DuckDB give the same totals. The
headline and workload equivalents answer the whole question, as the function does: all seven
headline figures (active mentees and mentors, who waits and the median wait, contacts, hours
and milestones this month), and for each mentor on the workload roster the contact figures,
group sessions facilitated and caseload on the last day; the types by mentor carry each
mentor's name and come ordered by it, as the function's rows do. The others cover the
figures of their question.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, text

from data.filters import AccessScope, Filters, default_period
from data.queries import FILTER_QUERIES
from data.queries.outcomes import DEFAULT_INSTRUMENT
from data.queries.plumbing.months import month_start

CHUNK_ROWS = 500_000
# The pandas pattern is not run when a period holds more raw rows than this: on this machine
# reading 5 million rows through pandas.read_sql takes minutes per call (shown as "not run").
PANDAS_MAX_ROWS = 1_500_000
CONTACT_COLUMNS = (
    "site_id, mentor_id, mentee_id, contact_date, contact_type, minutes, "
    "CASE WHEN after_hours THEN 1 ELSE 0 END AS after_hours"
)


def _duckdb():  # type: ignore[no-untyped-def]
    try:
        import duckdb
    except ImportError:
        raise SystemExit(
            "error: --compare needs DuckDB: .venv/bin/pip install -e '.[bench]'"
        ) from None
    return duckdb


def _typed(chunk: pd.DataFrame) -> pd.DataFrame:
    chunk["contact_date"] = pd.to_datetime(chunk["contact_date"].astype(str).str[:10])
    for column in ("site_id", "mentor_id", "mentee_id", "minutes", "after_hours"):
        chunk[column] = chunk[column].astype("int32")
    return chunk


def load_duckdb(engine: Engine):  # type: ignore[no-untyped-def]
    """An in-memory DuckDB holding the contacts, goals and matches of ``engine``'s database."""
    duckdb = _duckdb()
    duck = duckdb.connect(":memory:")
    duck.execute(
        "CREATE TABLE contacts (site_id INTEGER, mentor_id INTEGER, mentee_id INTEGER, "
        "contact_date DATE, contact_type VARCHAR, minutes INTEGER, after_hours INTEGER)"
    )
    with engine.connect() as conn:
        for chunk in pd.read_sql_query(
            text(f"SELECT {CONTACT_COLUMNS} FROM contacts"), conn, chunksize=CHUNK_ROWS
        ):
            duck.register("chunk", _typed(chunk))
            duck.execute("INSERT INTO contacts SELECT * FROM chunk")
            duck.unregister("chunk")
        goals = pd.read_sql_query(text("SELECT site_id, achieved_date FROM goals"), conn)
        matches = pd.read_sql_query(
            text("SELECT site_id, mentor_id, mentee_id, start_date, end_date FROM matches"), conn
        )
        mentors = pd.read_sql_query(
            text("SELECT id, site_id, display_name, status, start_date, end_date FROM mentors"),
            conn,
        )
        mentees = pd.read_sql_query(
            text("SELECT id, site_id, referral_date, exit_date, status FROM mentees"), conn
        )
        sessions = pd.read_sql_query(
            text("SELECT id, site_id, session_date FROM group_sessions"), conn
        )
        facilitators = pd.read_sql_query(
            text("SELECT session_id, mentor_id FROM group_facilitators"), conn
        )
    _dated(goals, "achieved_date")
    _dated(matches, "start_date", "end_date")
    _dated(mentors, "start_date", "end_date")
    _dated(mentees, "referral_date", "exit_date")
    _dated(sessions, "session_date")
    with engine.connect() as conn:
        assessments = pd.read_sql_query(
            text("SELECT id, mentee_id, site_id, instrument_id, assessed_on FROM assessments"),
            conn,
        )
        scores = pd.read_sql_query(
            text("SELECT assessment_id, domain_id, score FROM assessment_scores"), conn
        )
        instruments = pd.read_sql_query(text("SELECT id, code FROM instruments"), conn)
    assessments["assessed_on"] = pd.to_datetime(
        assessments["assessed_on"].astype("string").str[:10]
    )
    for name, frame in (
        ("assessments", assessments),
        ("assessment_scores", scores),
        ("instruments", instruments),
    ):
        duck.register(f"{name}_frame", frame)
        duck.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_frame")
        duck.unregister(f"{name}_frame")
    for name, frame in (
        ("goals", goals),
        ("matches", matches),
        ("mentors", mentors),
        ("mentees", mentees),
        ("group_sessions", sessions),
        ("group_facilitators", facilitators),
    ):
        duck.register(f"{name}_frame", frame)
        duck.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_frame")
        duck.unregister(f"{name}_frame")
    return duck


def _sites_sql(filters: Filters) -> str:
    sites = filters.effective_site_ids
    if sites is None:
        return "TRUE"
    return f"site_id IN ({', '.join(str(int(s)) for s in sorted(sites)) or 'NULL'})"


# --- the equivalents ---------------------------------------------------------------------
# Each returns a small dict of totals for the cross-check.

Totals = dict[str, float]


def _duck_monthly(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    rows = duck.execute(
        "SELECT year(contact_date) * 100 + month(contact_date) AS ym, count(*), sum(minutes), "
        "count(DISTINCT mentee_id) FROM contacts "
        f"WHERE contact_date BETWEEN ? AND ? AND {_sites_sql(f)} GROUP BY ym",
        [f.start, f.end],
    ).fetchall()
    goals = duck.execute(
        "SELECT year(achieved_date) * 100 + month(achieved_date) AS ym, count(*) FROM goals "
        f"WHERE achieved_date BETWEEN ? AND ? AND {_sites_sql(f)} GROUP BY ym",
        [f.start, f.end],
    ).fetchall()
    return {
        "contacts": sum(r[1] for r in rows),
        "hours": round(sum(r[2] for r in rows) / 60.0, 3),
        "mentee-months": sum(r[3] for r in rows),
        "milestones": sum(r[1] for r in goals),
    }


def _project_monthly(df: pd.DataFrame) -> Totals:
    return {
        "contacts": int(df["contacts"].sum()),
        "hours": round(float(df["contact_hours"].sum()), 3),
        "mentee-months": int(df["active_mentees"].sum()),
        "milestones": int(df["milestones"].sum()),
    }


def _raw_rows(engine: Engine, f: Filters, columns: str = CONTACT_COLUMNS) -> pd.DataFrame:
    return pd.read_sql_query(
        text(
            f"SELECT {columns} FROM contacts WHERE contact_date BETWEEN :start AND :end "
            f"AND {_sites_sql(f)}"
        ),
        engine,
        params={"start": f.start, "end": f.end},
    )


def _pandas_monthly(engine: Engine, f: Filters) -> Totals:
    df = _raw_rows(engine, f)
    month = pd.to_datetime(df["contact_date"].astype(str).str[:10]).dt.to_period("M")
    by_month = df.groupby(month).agg(
        contacts=("mentee_id", "size"), minutes=("minutes", "sum"), mentees=("mentee_id", "nunique")
    )
    return {
        "contacts": int(by_month["contacts"].sum()),
        "hours": round(float(by_month["minutes"].sum()) / 60.0, 3),
        "mentee-months": int(by_month["mentees"].sum()),
    }


WORKLOAD_SQL = """
WITH c AS (
    SELECT mentor_id, count(*) AS contacts, sum(minutes) AS minutes,
        sum(CASE WHEN contact_type = 'crisis_call' THEN 1 ELSE 0 END) AS crisis,
        sum(after_hours) AS after_hours
    FROM contacts WHERE contact_date BETWEEN $start AND $end AND {sites}
    GROUP BY mentor_id
),
g AS (
    SELECT f.mentor_id, count(*) AS sessions
    FROM group_facilitators f JOIN group_sessions s ON s.id = f.session_id
    WHERE s.session_date BETWEEN $start AND $end AND {session_sites}
    GROUP BY f.mentor_id
),
k AS (
    SELECT mentor_id, count(DISTINCT mentee_id) AS mentees FROM matches
    WHERE start_date <= $end AND (end_date IS NULL OR end_date >= $end) AND {sites}
    GROUP BY mentor_id
)
SELECT m.id, coalesce(c.contacts, 0), coalesce(c.minutes, 0), coalesce(c.crisis, 0),
    coalesce(c.after_hours, 0), coalesce(g.sessions, 0), coalesce(k.mentees, 0)
FROM mentors m
LEFT JOIN c ON c.mentor_id = m.id
LEFT JOIN g ON g.mentor_id = m.id
LEFT JOIN k ON k.mentor_id = m.id
WHERE {mentor_sites} AND (
    (m.start_date <= $start AND (m.end_date IS NULL OR m.end_date >= $start))
    OR m.start_date BETWEEN $start AND $end
    OR c.contacts > 0 OR g.sessions > 0 OR k.mentees > 0
)
"""


def _duck_workload(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    sites = _sites_sql(f)
    rows = duck.execute(
        WORKLOAD_SQL.format(
            sites=sites,
            session_sites=sites.replace("site_id", "s.site_id"),
            mentor_sites=sites.replace("site_id", "m.site_id"),
        ),
        {"start": f.start, "end": f.end},
    ).fetchall()
    return {
        "mentors listed": len(rows),
        "mentors with contacts": sum(1 for r in rows if r[1] > 0),
        "contacts": sum(r[1] for r in rows),
        "hours": round(sum(r[2] for r in rows) / 60.0, 3),
        "crisis calls": sum(r[3] for r in rows),
        "after hours": sum(r[4] for r in rows),
        "group sessions": sum(r[5] for r in rows),
        "caseload": sum(r[6] for r in rows),
    }


def _project_workload(df: pd.DataFrame) -> Totals:
    return {
        "mentors listed": len(df),
        "mentors with contacts": int((df["contacts"] > 0).sum()),
        "contacts": int(df["contacts"].sum()),
        "hours": round(float(df["hours"].sum()), 3),
        "crisis calls": int(df["crisis_calls"].sum()),
        "after hours": int(df["after_hours"].sum()),
        "group sessions": int(df["group_sessions"].sum()),
        "caseload": int(df["caseload"].sum()),
    }


def _pandas_workload(engine: Engine, f: Filters) -> Totals:
    df = _raw_rows(engine, f)
    df["crisis"] = (df["contact_type"] == "crisis_call").astype(int)
    per = df.groupby("mentor_id").agg(
        contacts=("mentee_id", "size"),
        minutes=("minutes", "sum"),
        crisis=("crisis", "sum"),
        after_hours=("after_hours", "sum"),
    )
    sites = _sites_sql(f).replace("site_id", "s.site_id")
    sessions = _dated(
        pd.read_sql_query(
            text(
                "SELECT f.mentor_id, s.session_date FROM group_facilitators f "
                f"JOIN group_sessions s ON s.id = f.session_id WHERE {sites}"
            ),
            engine,
        ),
        "session_date",
    )
    in_period = sessions["session_date"].between(pd.Timestamp(f.start), pd.Timestamp(f.end))
    groups = sessions[in_period].groupby("mentor_id").size()
    matches = _dated(
        pd.read_sql_query(
            text(
                "SELECT mentor_id, mentee_id, start_date, end_date FROM matches "
                f"WHERE {_sites_sql(f)}"
            ),
            engine,
        ),
        "start_date",
        "end_date",
    )
    end = pd.Timestamp(f.end)
    is_open = (matches["start_date"] <= end) & (
        matches["end_date"].isna() | (matches["end_date"] >= end)
    )
    caseload = matches[is_open].groupby("mentor_id")["mentee_id"].nunique()
    return {
        "contacts": int(per["contacts"].sum()),
        "group sessions": int(groups.sum()),
        "caseload": int(caseload.sum()),
    }


def _duck_types(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    # As the function answers: each mentor's name beside their rows, ordered by name.
    rows = duck.execute(
        "SELECT t.mentor_id, m.display_name, t.contact_type, t.n, t.minutes FROM ("
        "SELECT mentor_id, contact_type, count(*) AS n, sum(minutes) AS minutes FROM contacts "
        f"WHERE contact_date BETWEEN ? AND ? AND {_sites_sql(f)} GROUP BY mentor_id, contact_type"
        ") t JOIN mentors m ON m.id = t.mentor_id ORDER BY m.display_name, t.mentor_id, "
        "t.contact_type",
        [f.start, f.end],
    ).fetchall()
    return {
        "mentor x type rows": len(rows),
        "contacts": sum(r[3] for r in rows),
        "hours": round(sum(r[4] for r in rows) / 60.0, 3),
    }


def _project_types(df: pd.DataFrame) -> Totals:
    return {
        "mentor x type rows": len(df),
        "contacts": int(df["contacts"].sum()),
        "hours": round(float(df["hours"].sum()), 3),
    }


def _pandas_types(engine: Engine, f: Filters) -> Totals:
    df = _raw_rows(engine, f)
    per = df.groupby(["mentor_id", "contact_type"], as_index=False).agg(
        contacts=("mentee_id", "size"), minutes=("minutes", "sum")
    )
    names = pd.read_sql_query(text("SELECT id AS mentor_id, display_name FROM mentors"), engine)
    per = per.merge(names, on="mentor_id").sort_values(
        ["display_name", "mentor_id", "contact_type"]
    )
    return {"contacts": int(per["contacts"].sum())}


WAITING_SQL = """
WITH waiting AS (
    SELECT coalesce(max(x.end_date) FILTER (WHERE x.end_date <= $day), m.referral_date) AS since
    FROM mentees m LEFT JOIN matches x ON x.mentee_id = m.id
    WHERE {sites} AND m.referral_date <= $day
      AND (m.exit_date > $day OR (m.exit_date IS NULL AND m.status <> 'exited'))
    GROUP BY m.id, m.referral_date
    HAVING count(*) FILTER (
        WHERE x.start_date <= $day AND (x.end_date IS NULL OR x.end_date >= $day)
    ) = 0
)
SELECT count(*), median(date_diff('day', since::DATE, $day::DATE)) FROM waiting
"""


def _duck_headline(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    first, end, sites = month_start(f.end), f.end, _sites_sql(f)
    contacts, minutes = duck.execute(
        "SELECT count(*), coalesce(sum(minutes), 0) FROM contacts "
        f"WHERE contact_date BETWEEN ? AND ? AND {sites}",
        [first, end],
    ).fetchone()
    open_on = "start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
    (mentees,) = duck.execute(
        f"SELECT count(DISTINCT mentee_id) FROM matches WHERE {open_on} AND {sites}", [end, end]
    ).fetchone()
    (mentors,) = duck.execute(
        f"SELECT count(*) FROM mentors WHERE status = 'active' AND {open_on} AND {sites}",
        [end, end],
    ).fetchone()
    (milestones,) = duck.execute(
        f"SELECT count(*) FROM goals WHERE achieved_date BETWEEN ? AND ? AND {sites}",
        [first, end],
    ).fetchone()
    waiting, median_wait = duck.execute(
        WAITING_SQL.format(sites=sites.replace("site_id", "m.site_id")), {"day": end}
    ).fetchone()
    return {
        "active mentees": mentees,
        "active mentors": mentors,
        "waiting": waiting,
        "median wait days": round(float(median_wait), 1) if waiting else None,
        "contacts this month": contacts,
        "hours this month": round(minutes / 60.0, 3),
        "milestones this month": milestones,
    }


def _project_headline(df: pd.DataFrame) -> Totals:
    row = df.iloc[0]
    waiting = int(row["waiting_for_mentor"])
    return {
        "active mentees": int(row["active_mentees"]),
        "active mentors": int(row["active_mentors"]),
        "waiting": waiting,
        "median wait days": round(float(row["median_wait_days"]), 1) if waiting else None,
        "contacts this month": int(row["contacts_this_month"]),
        "hours this month": round(float(row["contact_hours_this_month"]), 3),
        "milestones this month": int(row["milestones_this_month"]),
    }


def _pandas_headline(engine: Engine, f: Filters) -> Totals:
    month = Filters(month_start(f.end), f.end, scope=f.scope)
    df = _raw_rows(engine, month)
    sites = _sites_sql(f)
    matches = _dated(
        pd.read_sql_query(
            text(f"SELECT mentee_id, start_date, end_date FROM matches WHERE {sites}"), engine
        ),
        "start_date",
        "end_date",
    )
    mentors = _dated(
        pd.read_sql_query(
            text(f"SELECT status, start_date, end_date FROM mentors WHERE {sites}"), engine
        ),
        "start_date",
        "end_date",
    )
    mentees = _dated(
        pd.read_sql_query(
            text(f"SELECT id, referral_date, exit_date, status FROM mentees WHERE {sites}"),
            engine,
        ),
        "referral_date",
        "exit_date",
    )
    goals = _dated(
        pd.read_sql_query(text(f"SELECT achieved_date FROM goals WHERE {sites}"), engine),
        "achieved_date",
    )
    end, first = pd.Timestamp(f.end), pd.Timestamp(month_start(f.end))

    def open_on(frame: pd.DataFrame) -> pd.Series:
        return (frame["start_date"] <= end) & (
            frame["end_date"].isna() | (frame["end_date"] >= end)
        )

    open_matches = matches[open_on(matches)]
    referred = mentees[
        (mentees["referral_date"] <= end)
        & (
            (mentees["exit_date"] > end)
            | (mentees["exit_date"].isna() & (mentees["status"] != "exited"))
        )
        & ~mentees["id"].isin(open_matches["mentee_id"])
    ]
    closed = matches[matches["end_date"] <= end].groupby("mentee_id")["end_date"].max()
    since = referred["id"].map(closed).fillna(referred["referral_date"])
    return {
        "active mentees": int(open_matches["mentee_id"].nunique()),
        "active mentors": int((open_on(mentors) & (mentors["status"] == "active")).sum()),
        "waiting": len(referred),
        "milestones this month": int(goals["achieved_date"].between(first, end).sum()),
        "contacts": len(df),
        "median wait": float((end - since).dt.days.median()) if len(since) else 0.0,
    }


def _dated(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column].astype("string").str[:10])
    return frame


DISTANCE_SQL = """
WITH a AS (
    SELECT id, mentee_id, assessed_on FROM assessments
    WHERE instrument_id = (SELECT id FROM instruments WHERE code = ?)
      AND assessed_on <= ? AND {sites}
),
ranked AS (
    SELECT *,
        row_number() OVER (PARTITION BY mentee_id ORDER BY assessed_on, id DESC) AS first_rank,
        row_number() OVER (PARTITION BY mentee_id ORDER BY assessed_on DESC, id DESC) AS last_rank
    FROM a
),
pairs AS (
    SELECT f.id AS first_id, l.id AS last_id
    FROM ranked f JOIN ranked l ON l.mentee_id = f.mentee_id AND l.last_rank = 1
    WHERE f.first_rank = 1 AND l.assessed_on >= ? AND l.assessed_on <> f.assessed_on
)
SELECT b.domain_id, count(*), sum(b.score), sum(l.score)
FROM pairs p
JOIN assessment_scores b ON b.assessment_id = p.first_id
JOIN assessment_scores l ON l.assessment_id = p.last_id AND l.domain_id = b.domain_id
GROUP BY b.domain_id
"""


def _duck_distance(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    rows = duck.execute(
        DISTANCE_SQL.format(sites=_sites_sql(f)), [DEFAULT_INSTRUMENT, f.end, f.start]
    ).fetchall()
    return {
        "domain pairs": sum(int(r[1]) for r in rows),
        "baseline points": int(sum(r[2] for r in rows)),
        "latest points": int(sum(r[3] for r in rows)),
    }


def _project_distance(df: pd.DataFrame) -> Totals:
    domains = df[df["domain"] != "Total"]
    n = domains["n"].astype("Int64").fillna(0)
    return {
        "domain pairs": int(n.sum()),
        "baseline points": round(float((domains["baseline_mean"] * n).sum())),
        "latest points": round(float((domains["latest_mean"] * n).sum())),
    }


def _pandas_distance(engine: Engine, f: Filters) -> Totals:
    a = pd.read_sql_query(
        text(
            "SELECT a.id, a.mentee_id, a.assessed_on FROM assessments a "
            "JOIN instruments i ON i.id = a.instrument_id "
            f"WHERE i.code = :code AND a.assessed_on <= :end AND {_sites_sql(f)}"
        ),
        engine,
        params={"code": DEFAULT_INSTRUMENT, "end": f.end},
    )
    scores = pd.read_sql_query(
        text("SELECT assessment_id, domain_id, score FROM assessment_scores"), engine
    )
    a["day"] = pd.to_datetime(a["assessed_on"].astype("string").str[:10])
    a = a.sort_values(["mentee_id", "day", "id"], ascending=[True, True, False])
    first = a.groupby("mentee_id").head(1).set_index("mentee_id")
    last = (
        a.sort_values(["mentee_id", "day", "id"], ascending=[True, False, False])
        .groupby("mentee_id")
        .head(1)
        .set_index("mentee_id")
    )
    both = first.join(last, lsuffix="_first", rsuffix="_last")
    both = both[
        (both["day_last"] >= pd.Timestamp(f.start)) & (both["day_last"] != both["day_first"])
    ]
    base = scores.merge(both[["id_first"]], left_on="assessment_id", right_on="id_first")
    return {"domain pairs": len(base)}


@dataclass(frozen=True)
class Comparison:
    """One question answered three ways, and how to read its totals from the project."""

    name: str
    duck: Callable[..., Totals]
    pandas: Callable[[Engine, Filters], Totals]
    project_totals: Callable[[pd.DataFrame], Totals]


COMPARISONS = [
    Comparison("headline_figures", _duck_headline, _pandas_headline, _project_headline),
    Comparison("monthly_activity", _duck_monthly, _pandas_monthly, _project_monthly),
    Comparison("workload_by_mentor", _duck_workload, _pandas_workload, _project_workload),
    Comparison("contact_types_by_mentor", _duck_types, _pandas_types, _project_types),
    Comparison("distance_travelled", _duck_distance, _pandas_distance, _project_distance),
]


def _median_ms(fn: Callable[[], object], repeat: int, warm_up: bool = True) -> tuple[float, object]:
    result = fn() if warm_up else None  # warm-up, and the answer for the cross-check
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - began) * 1000.0)
    return statistics.median(samples), result


def pandas_calls(contacts: int, repeat: int) -> int:
    """Timed calls of the raw-rows-into-pandas pattern: up to 3, and one (no warm-up) above a
    million contacts, where each call reads millions of rows (seconds to a minute)."""
    return 1 if contacts > 1_000_000 else max(1, min(repeat, 3))


@dataclass(frozen=True)
class CompareRow:
    """One question, scope and period: the three medians and the cross-check."""

    query: str
    scope: str
    period: str
    project_ms: float
    duck_ms: float
    pandas_ms: float | None
    check: str

    @property
    def ratio(self) -> float:
        """Project time over DuckDB's time (1.0 or less: at or under DuckDB)."""
        return self.project_ms / self.duck_ms if self.duck_ms else float("inf")


def _cross_check(project: Totals, duck: Totals) -> str:
    differing = [k for k in duck if project.get(k) != duck[k]]
    if differing:
        return "DIFFERENT: " + "; ".join(f"{k} {project.get(k)} vs {duck[k]}" for k in differing)
    return "same: " + ", ".join(f"{k} {v:,}" for k, v in duck.items())


def scopes(engine: Engine) -> dict[str, AccessScope]:
    """The admin scope (every site) and a supervisor's one-site scope (the first site)."""
    with engine.connect() as conn:
        first_site = conn.execute(text("SELECT min(id) FROM sites")).scalar_one()
    return {
        "admin": AccessScope("admin", all_sites=True, see_identities=True, username="bench"),
        "one site": AccessScope(
            "supervisor", site_ids=frozenset({int(first_site)}), see_identities=True,
            username="bench",
        ),
    }  # fmt: skip


def run(
    engine: Engine, today: dt.date, first_day: dt.date, repeat: int
) -> tuple[list[CompareRow], int]:
    """Load DuckDB and time every comparison for each scope and period."""
    began = time.perf_counter()
    duck = load_duckdb(engine)
    (n,) = duck.execute("SELECT count(*) FROM contacts").fetchone()
    print(f"DuckDB loaded with {n:,} contacts in {time.perf_counter() - began:.1f} s", flush=True)
    periods = {
        "last 12 months": default_period(today),
        f"whole range ({first_day:%Y-%m}..)": (first_day, today),
    }
    pandas_repeat = pandas_calls(n, repeat)
    rows = []
    for comparison in COMPARISONS:
        fn = FILTER_QUERIES[comparison.name]
        for scope_label, scope in scopes(engine).items():
            for period_label, (start, end) in periods.items():
                f = Filters(start, end, scope=scope)
                c = comparison
                project_ms, project_df = _median_ms(lambda f=f, fn=fn: fn(engine, f), repeat)
                duck_ms, duck_totals = _median_ms(lambda f=f, c=c: c.duck(duck, f), repeat)
                (rows_in_period,) = duck.execute(
                    "SELECT count(*) FROM contacts "
                    f"WHERE contact_date BETWEEN ? AND ? AND {_sites_sql(f)}",
                    [f.start, f.end],
                ).fetchone()
                pandas_ms = None
                if rows_in_period <= PANDAS_MAX_ROWS:
                    pandas_ms, _ = _median_ms(
                        lambda f=f, c=c: c.pandas(engine, f),
                        pandas_repeat,
                        warm_up=pandas_repeat > 1,
                    )
                check = _cross_check(c.project_totals(project_df), duck_totals)
                row = CompareRow(
                    c.name, scope_label, period_label, project_ms, duck_ms, pandas_ms, check
                )
                rows.append(row)
                print(
                    f"  {c.name} {scope_label} {period_label}: project {project_ms:.1f}, "
                    f"DuckDB {duck_ms:.1f}, pandas {pandas_ms or 0:.1f} ms; {check}",
                    flush=True,
                )
    duck.close()
    return rows, pandas_repeat


def report_lines(rows: list[CompareRow], repeat: int, pandas_repeat: int) -> list[str]:
    """The Markdown table of the comparison, with its cross-check column."""
    at_or_under = sum(1 for r in rows if r.ratio <= 1.0)
    pandas_note = (
        f"{pandas_repeat} after a warm-up" if pandas_repeat > 1 else "one call, no warm-up"
    )
    lines = [
        "",
        f"Beside a columnar engine (`--compare`): medians of {repeat} calls after a warm-up "
        f"(raw rows into pandas: {pandas_note}). DuckDB answers an equivalent GROUP "
        "BY over the same contacts loaded into memory; 'raw rows into pandas' reads the "
        "period's rows with `pandas.read_sql` and groups them in pandas (not run above "
        f"{PANDAS_MAX_ROWS:,} rows: minutes per call). Ratio = project / "
        f"DuckDB (at or under 1.0 in {at_or_under} of {len(rows)}). The cross-check compares "
        "the project's totals with DuckDB's.",
        "",
        "| query | scope | period | project ms | DuckDB ms | raw rows into pandas ms "
        "| project / DuckDB | cross-check |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        pandas_ms = f"{r.pandas_ms:,.1f}" if r.pandas_ms is not None else "not run"
        lines.append(
            f"| {r.query} | {r.scope} | {r.period} | {r.project_ms:,.1f} | {r.duck_ms:,.1f} "
            f"| {pandas_ms} | {r.ratio:.1f}x | {r.check} |"
        )
    return lines


def section(backend: str, args: argparse.Namespace, meta: dict, lines: list[str]) -> str:
    """The Markdown section of one comparison run (kept apart from the query table)."""
    head = [
        f"## {backend}, scale {args.scale}, seed {args.seed}: beside DuckDB and pandas",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; data as of {meta['today']} "
        f"(`{meta['key']}`); {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        f"- Command: `python -m bench.run {' '.join(sys.argv[1:])}`",
    ]
    return "\n".join(head + lines) + "\n"
