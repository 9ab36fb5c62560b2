"""``python -m bench.run --compare``: the query layer beside DuckDB and pandas on the raw rows.

Loads the benchmark database's contacts (and the small goals and matches tables) into an
in-memory DuckDB (the ``[bench]`` extra; nothing is downloaded, no extension is loaded), then
for each compared question, scope and period times three ways of answering it:

- **project**: the query-layer function itself (no cache), as the app calls it;
- **DuckDB**: an equivalent GROUP BY over the raw rows in DuckDB's columnar tables;
- **raw rows into pandas**: the common Dash pattern: read the period's raw rows with
  ``pandas.read_sql`` from the same database and group them in pandas.

Each row ends with a cross-check that the project and DuckDB give the same totals (the
equivalents cover the contact figures of each question; the project's other columns, such as
group sessions and caseloads, come from small tables and are not compared).
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
from data.queries._time import month_start

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
    for frame, columns in ((goals, ["achieved_date"]), (matches, ["start_date", "end_date"])):
        for column in columns:
            frame[column] = pd.to_datetime(frame[column].astype("string").str[:10])
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
    duck.register("goals_frame", goals)
    duck.register("matches_frame", matches)
    duck.execute("CREATE TABLE goals AS SELECT * FROM goals_frame")
    duck.execute("CREATE TABLE matches AS SELECT * FROM matches_frame")
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


def _duck_workload(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    rows = duck.execute(
        "SELECT mentor_id, count(*), sum(minutes), "
        "sum(CASE WHEN contact_type = 'crisis_call' THEN 1 ELSE 0 END), sum(after_hours) "
        f"FROM contacts WHERE contact_date BETWEEN ? AND ? AND {_sites_sql(f)} GROUP BY mentor_id",
        [f.start, f.end],
    ).fetchall()
    return {
        "mentors with contacts": len(rows),
        "contacts": sum(r[1] for r in rows),
        "hours": round(sum(r[2] for r in rows) / 60.0, 3),
        "crisis calls": sum(r[3] for r in rows),
        "after hours": sum(r[4] for r in rows),
    }


def _project_workload(df: pd.DataFrame) -> Totals:
    return {
        "mentors with contacts": int((df["contacts"] > 0).sum()),
        "contacts": int(df["contacts"].sum()),
        "hours": round(float(df["hours"].sum()), 3),
        "crisis calls": int(df["crisis_calls"].sum()),
        "after hours": int(df["after_hours"].sum()),
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
    return {"contacts": int(per["contacts"].sum())}


def _duck_types(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    rows = duck.execute(
        "SELECT mentor_id, contact_type, count(*), sum(minutes) FROM contacts "
        f"WHERE contact_date BETWEEN ? AND ? AND {_sites_sql(f)} GROUP BY mentor_id, contact_type",
        [f.start, f.end],
    ).fetchall()
    return {
        "mentor x type rows": len(rows),
        "contacts": sum(r[2] for r in rows),
        "hours": round(sum(r[3] for r in rows) / 60.0, 3),
    }


def _project_types(df: pd.DataFrame) -> Totals:
    return {
        "mentor x type rows": len(df),
        "contacts": int(df["contacts"].sum()),
        "hours": round(float(df["hours"].sum()), 3),
    }


def _pandas_types(engine: Engine, f: Filters) -> Totals:
    df = _raw_rows(engine, f)
    per = df.groupby(["mentor_id", "contact_type"]).agg(
        contacts=("mentee_id", "size"), minutes=("minutes", "sum")
    )
    return {"contacts": int(per["contacts"].sum())}


def _duck_headline(duck, f: Filters) -> Totals:  # type: ignore[no-untyped-def]
    first = month_start(f.end)
    contacts, minutes = duck.execute(
        "SELECT count(*), coalesce(sum(minutes), 0) FROM contacts "
        f"WHERE contact_date BETWEEN ? AND ? AND {_sites_sql(f)}",
        [first, f.end],
    ).fetchone()
    (mentees,) = duck.execute(
        "SELECT count(DISTINCT mentee_id) FROM matches WHERE start_date <= ? "
        f"AND (end_date IS NULL OR end_date >= ?) AND {_sites_sql(f)}",
        [f.end, f.end],
    ).fetchone()
    return {
        "active mentees": mentees,
        "contacts this month": contacts,
        "hours this month": round(minutes / 60.0, 3),
    }


def _project_headline(df: pd.DataFrame) -> Totals:
    row = df.iloc[0]
    return {
        "active mentees": int(row["active_mentees"]),
        "contacts this month": int(row["contacts_this_month"]),
        "hours this month": round(float(row["contact_hours_this_month"]), 3),
    }


def _pandas_headline(engine: Engine, f: Filters) -> Totals:
    month = Filters(month_start(f.end), f.end, scope=f.scope)
    df = _raw_rows(engine, month)
    matches = pd.read_sql_query(
        text(f"SELECT mentee_id, start_date, end_date FROM matches WHERE {_sites_sql(f)}"), engine
    )
    end = pd.Timestamp(f.end)
    starts = pd.to_datetime(matches["start_date"].astype("string").str[:10])
    ends = pd.to_datetime(matches["end_date"].astype("string").str[:10])
    open_ = matches[(starts <= end) & (ends.isna() | (ends >= end))]
    return {"active mentees": int(open_["mentee_id"].nunique()), "contacts": len(df)}


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
    from data.queries.outcome_common import DEFAULT_INSTRUMENT

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
    from data.queries.outcome_common import DEFAULT_INSTRUMENT

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
