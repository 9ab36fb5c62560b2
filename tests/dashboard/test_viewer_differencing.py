"""A meeting viewer cannot recover a hidden count by adding or subtracting what they are shown.

A copy of the demo database gets planted small cells at the first site in last month: a new
mentor with exactly one contact (one mentee), and a new peer group whose one session had one
person. Then, signed in as the demo meeting viewer, every callback of every page the role may
open (Overview, Workload, Outcomes, Meeting mode), the Workload exports and the meeting pack are
requested over HTTP for several periods and site choices, both heatmap measures and every
outcome view. Every count in the answers (chart values, table cells and counts named in
captions) is collected, and the test fails if a planted hidden count equals a count, a sum
or difference of two counts, or a shown percentage of a shown count. By the query layer's
rule (``data/queries/plumbing/disclosure.py``) every shown count is 0 or a multiple of the
threshold, which is what makes each check hold; the test asserts that too, so a count that
escapes the rule is named.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, create_engine, func, select

from dashboard import create_app
from dashboard.settings import Settings
from data import clock
from data.db import session_scope
from data.schema import (
    Contact,
    GroupFacilitator,
    GroupSession,
    Match,
    Mentee,
    Mentor,
    PeerGroup,
    Site,
)
from data.services.users import ensure_demo_users
from data.summaries import rebuild_all
from tests.fixtures_app import _signed_in_clients
from tests.support import callback_body, callback_keys, same_origin_headers

THRESHOLD = 5
PLANTED = (1,)  # the hidden counts planted: one contact, one person at a session
VIEWER_PAGES = ("overview-", "workload-", "outcomes-", "meeting-")
# A number told as a count of people or events in a caption, a tile or a slide.
COUNTED = re.compile(
    r"(?<![\d.,%])(\d[\d,]*)\s+(?:more\s+|fewer\s+|new\s+|other\s+)?"
    r"(contacts?|mentees?|people|person|attendances?|milestones?|matches|match|"
    r"assessments?|events?|calls?|episodes?|admissions?|relapses?|goals?|intakes?)\b"
)
BARE_NUMBER = re.compile(r"\d[\d,]*")
PERCENT_OF = re.compile(r"(\d+(?:\.\d+)?)%\s+of\s+(?:the\s+)?(\d[\d,]*)")
# Columns and chart traces that count people or events (not scores, hours, days or shares).
# Mentors and the group sessions they lead are staff's work, not people supported: not counted.
COUNT_NAME = re.compile(
    r"contact|mentee|people|attend|waiting|milestone|match|assessment|event|crisis|"
    r"after.hours|due|on.time|late|missing|achieved|started|closed|count|\bn\b",
    re.IGNORECASE,
)
NOT_COUNT_NAME = re.compile(
    r"hour|minute|day|score|share|rate|per.100|%|percent|mean|median|change|capacity|"
    r"mentor_id|week|month|year|date|_id\b|\bid\b|spare",
    re.IGNORECASE,
)


def _last_month() -> tuple[dt.date, dt.date]:
    first_of_this = clock.today().replace(day=1)
    last = first_of_this - dt.timedelta(days=1)
    return last.replace(day=1), last


@pytest.fixture
def planted_engine(demo_engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A copy of the demo database with the planted small cells, summaries rebuilt."""
    source = demo_engine.url.database
    assert source, "the demo database is a SQLite file"
    target = tmp_path / "planted.sqlite"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    engine = create_engine(f"sqlite:///{target}")
    first, _ = _last_month()
    day = first + dt.timedelta(days=9)
    with session_scope(engine) as session:
        site = session.scalars(select(Site.id).order_by(Site.id)).first()
        assert site is not None
        mentor = Mentor(
            site_id=site,
            code="PLANTED-MENTOR",
            display_name="Planted Mentor",
            start_date=first - dt.timedelta(days=400),
            capacity=4,
        )
        mentee = Mentee(
            site_id=site,
            code="P-99001",
            display_name="Planted Mentee",
            referral_date=first - dt.timedelta(days=60),
            intake_date=first - dt.timedelta(days=30),
            status="matched",
        )
        session.add_all([mentor, mentee])
        session.flush()
        match = Match(site_id=site, mentor_id=mentor.id, mentee_id=mentee.id, start_date=first)
        group = PeerGroup(site_id=site, name="Planted group", topic="Planted")
        session.add_all([match, group])
        session.flush()
        session.add(
            Contact(
                match_id=match.id,
                site_id=site,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                occurred_at=dt.datetime.combine(day, dt.time(10, 0)),
                contact_date=day,
                minutes=50,
                mode="in_person",
                contact_type="practical_living_skills",
            )
        )
        sitting = GroupSession(
            group_id=group.id, site_id=site, session_date=day, topic="Planted", attendance=1
        )
        session.add(sitting)
        session.flush()
        session.add(GroupFacilitator(session_id=sitting.id, mentor_id=mentor.id))
    with engine.begin() as conn:
        rebuild_all(conn)
    with engine.connect() as conn:
        planted = conn.scalar(
            select(func.count()).select_from(Contact).where(Contact.mentor_id == mentor.id)
        )
    assert planted == 1
    yield engine
    engine.dispose()


@pytest.fixture
def planted_app(planted_engine: Engine, settings: Settings) -> Dash:
    ensure_demo_users(planted_engine, settings)
    return create_app(settings=settings, engine=planted_engine)


def _numbers_in(value: object, name: str = "") -> Iterator[tuple[str, float]]:
    """(name, number) for every count-like number in a callback answer, with the nearest name."""
    if isinstance(value, dict):
        if "type" in value and "props" in value and "namespace" in value:  # a component
            yield from _numbers_in(value["props"], name)
            return
        if isinstance(value.get("data"), list) and "layout" in value:  # a figure
            yield from _figure_counts(value)
            return
        for key, item in value.items():
            yield from _numbers_in(item, key if isinstance(item, int | float) else name)
        return
    if isinstance(value, list):
        for item in value:
            yield from _numbers_in(item, name)
        return
    if isinstance(value, str):
        yield from _text_counts(value)
        return
    if isinstance(value, bool):
        return
    if (
        isinstance(value, int | float)
        and COUNT_NAME.search(name)
        and not NOT_COUNT_NAME.search(name)
    ):
        yield name, float(value)


def _text_counts(text: str) -> Iterator[tuple[str, float]]:
    for number, noun in COUNTED.findall(text):
        yield noun, float(number.replace(",", ""))


# A hover template's field that holds a count: "n = %{y}", "%{customdata[0]} events",
# "%{customdata[0]} of %{customdata[1]} mentees", "%{text} contacts".
PLACEHOLDER = re.compile(
    r"(n = )?%\{(x|y|z|text|customdata)(?:\[(\d+)\])?(?::[^}]*)?\}(\s+(?:of\b|\w[\w-]*))?"
)
COUNT_NOUN = re.compile(
    r"contacts?|mentees?|people|attended|attendances?|milestones?|matches|assessments?|"
    r"events?|late|missing|on|of|crisis|after-hours|practical|emotional"
)


def _figure_counts(figure: dict) -> Iterator[tuple[str, float]]:
    """The counts of a figure's traces: the fields its hover template says are counts."""
    for trace in figure["data"]:
        template = trace.get("hovertemplate") or ""
        for n_equals, field, index, after in PLACEHOLDER.findall(template):
            noun = after.strip().split(" ")[0] if after else ""
            if "hour" in noun or "session" in noun:
                continue  # hours are not people; sessions are staff's work
            if not (n_equals or COUNT_NOUN.fullmatch(noun)):
                continue
            values = trace.get(field)
            if isinstance(values, dict):  # plotly's typed arrays
                values = _typed_array(values)
            for number in _flat(values, int(index) if index else None):
                yield f"{trace.get('name') or ''} {field} {noun}".strip(), number


def _flat(values: object, index: int | None) -> Iterator[float]:
    """Numbers of a trace field (lists of lists for heatmaps and customdata columns)."""
    if not isinstance(values, list):
        return
    for item in values:
        if isinstance(item, list) and index is not None:
            item = item[index] if len(item) > index else None
        if isinstance(item, list):
            yield from _flat(item, None)
        elif isinstance(item, str) and BARE_NUMBER.fullmatch(item.strip()):
            yield float(item.replace(",", ""))
        elif isinstance(item, int | float) and not isinstance(item, bool) and item == item:
            yield float(item)  # (NaN is not equal to itself: a hidden value, skipped)


def _typed_array(encoded: dict) -> list:
    import numpy as np

    raw = np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"])
    shape = encoded.get("shape")
    if shape:
        raw = raw.reshape([int(s) for s in str(shape).split(",")])
    return raw.tolist()


def _export_counts(download: dict) -> Iterator[tuple[str, float]]:
    content = download.get("content") or ""
    data = base64.b64decode(content) if download.get("base64") else content.encode()
    if str(download.get("filename", "")).endswith(".xlsx"):
        frame = pd.read_excel(io.BytesIO(data))
    else:
        frame = pd.read_csv(io.BytesIO(data))
    for column in frame.columns:
        if COUNT_NAME.search(column) and not NOT_COUNT_NAME.search(column):
            for value in pd.to_numeric(frame[column], errors="coerce").dropna():
                yield column, float(value)


def _viewer_answers(app: Dash, client: FlaskClient) -> Iterator[tuple[str, object]]:
    first, last = _last_month()
    periods = [
        (first, last),
        (first - dt.timedelta(days=62), last),
        (first - dt.timedelta(days=400), last),
    ]
    site_choices: list[list[int]] = [[], [1]]
    keys = [k for k in callback_keys(app) if any(p in k for p in VIEWER_PAGES)]
    assert len(keys) >= 20, keys
    for (start, end), sites in itertools.product(periods, site_choices):
        query = {"start": start.isoformat(), "end": end.isoformat(), "sites": sites}
        room = {"month": f"{start:%Y-%m}", "sites": ",".join(map(str, sites))}
        for key in keys:
            for extra in _variants(key):
                values = {
                    "overview-query.data": query,
                    "workload-query.data": query,
                    "outcomes-query.data": query,
                    "meeting-query.data": room,
                    **extra,
                }
                body = callback_body(app, key, values)
                response = client.post(
                    "/_dash-update-component", json=body, headers=same_origin_headers()
                )
                assert response.status_code in (200, 204), (key, response.status_code)
                if response.status_code == 200:
                    yield key, response.get_json()
        pack = client.get(f"/meeting/pack.html?month={start:%Y-%m}")
        assert pack.status_code == 200
        yield "pack", re.sub(r"<script.*?</script>", "", pack.get_data(as_text=True), flags=re.S)


def _variants(key: str) -> list[dict[str, object]]:
    """Extra input values a key is asked with: both heatmap measures, an export click."""
    if "workload-heatmap" in key:
        return [{"workload-measure.value": "contacts"}, {"workload-measure.value": "hours"}]
    if "download" in key or "export" in key:
        return [{}]
    return [{}]


def _counts(answer: object) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    if isinstance(answer, dict) and "response" in answer:
        for component_id, output in answer["response"].items():
            for prop, value in output.items():
                if isinstance(value, dict) and "content" in value and "filename" in value:
                    found.extend(_export_counts(value))
                elif isinstance(value, str) and BARE_NUMBER.fullmatch(value.strip()):
                    # A headline tile: the number alone, its component says what it counts.
                    found.extend(_numbers_in(float(value.replace(",", "")), component_id))
                else:
                    found.extend(_numbers_in(value, prop))
    elif isinstance(answer, str):
        found.extend(_text_counts(re.sub(r"<[^>]+>", " ", answer)))
    return found


def _percentages(answer: object) -> list[tuple[float, float]]:
    text = json.dumps(answer) if not isinstance(answer, str) else answer
    return [(float(p), float(n.replace(",", ""))) for p, n in PERCENT_OF.findall(text)]


def test_no_hidden_count_is_a_sum_or_difference_of_what_a_viewer_sees(
    planted_app: Dash, settings: Settings
) -> None:
    client = _signed_in_clients(planted_app, settings)("meeting_viewer")
    counts: set[float] = {0.0}
    off_base: list[tuple[str, str, float]] = []
    percentages: set[tuple[float, float]] = set()
    answers = 0
    seen: dict[str, int] = {}
    for key, answer in _viewer_answers(planted_app, client):
        answers += 1
        for name, number in _counts(answer):
            seen[f"{key[:40]}|{name[:30]}"] = seen.get(f"{key[:40]}|{name[:30]}", 0) + 1
            counts.add(number)
            if number % THRESHOLD:
                off_base.append((key, name, number))
        percentages.update(_percentages(answer))
    if __import__("os").environ.get("SHOW_SWEEP"):
        print(sorted(seen.items()))
    assert answers > 60
    assert len(counts) > 10, "the sweep found too few counts to mean anything"
    shown = "\n".join(f"{k[:70]} | {n} | {v}" for k, n, v in sorted(set(off_base)))
    assert off_base == [], f"counts a viewer sees that are not multiples of {THRESHOLD}:\n{shown}"
    for hidden in PLANTED:
        assert hidden not in counts
        sums = {a + b for a, b in itertools.combinations_with_replacement(counts, 2)}
        differences = {abs(a - b) for a, b in itertools.combinations(counts, 2)}
        assert hidden not in sums | differences
        recovered = {round(p * n / 100) for p, n in percentages}
        assert hidden not in recovered, "a shown percentage of a shown n gives a hidden count"
