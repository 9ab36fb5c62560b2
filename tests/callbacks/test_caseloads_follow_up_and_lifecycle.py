"""The lower half of Caseloads (follow-up list, new mentor needed, places against waits, match
lifecycle, click-through, exports), called directly on the demo data."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from sqlalchemy import func, select

from callbacks import caseloads as cb
from callbacks.exports import export_table
from data import clock
from data.filters import AccessScope, FilterError
from data.schema import AuditEvent, Contact, Match
from layouts.ids import CaseloadsIds as ids
from tests.callbacks.conftest import make_ctx

# The half-year that ended five months before today's month began, where the demo data (made
# relative to data.clock's today) has settled matches, contacts and closures.
_BEFORE = clock.today().replace(day=1) - dt.timedelta(days=1)
END = (_BEFORE.replace(day=1) - dt.timedelta(days=120)).replace(day=1) - dt.timedelta(days=1)
START = (END - dt.timedelta(days=170)).replace(day=1)
QUERY = {"start": START.isoformat(), "end": END.isoformat()}


def _silent_mentees(engine, days: int, site_ids=None) -> int:  # type: ignore[no-untyped-def]
    """Mentees in open matches on END with no contact in the ``days`` days up to it, counted
    here independently of the query layer (in Python over raw rows)."""
    with engine.connect() as conn:
        matches = conn.execute(
            select(Match.mentee_id, Match.site_id).where(
                Match.start_date <= END, (Match.end_date.is_(None)) | (Match.end_date >= END)
            )
        ).all()
        last = dict(
            conn.execute(
                select(Contact.mentee_id, func.max(Contact.contact_date))
                .where(Contact.contact_date <= END)
                .group_by(Contact.mentee_id)
            ).all()
        )
    cutoff = END - dt.timedelta(days=days)
    silent = set()
    for mentee_id, site_id in matches:
        if site_ids and site_id not in site_ids:
            continue
        seen = last.get(mentee_id)
        seen = dt.date.fromisoformat(str(seen)[:10]) if seen is not None else None
        if seen is None or seen <= cutoff:
            silent.add(mentee_id)
    return len(silent)


@pytest.mark.parametrize("days", [7, 14, 60])
def test_the_follow_up_list_matches_an_independent_count(admin_ctx, days):
    rows, note, store, search = cb.update_follow_up(QUERY, days, ids.DAYS, admin_ctx)
    assert len(rows) == _silent_mentees(admin_ctx.engine, days)
    assert store == {**QUERY, "days": days}
    assert search == f"?start={START}&end={END}&days={days}"
    assert note == cb.follow_up_note(len(rows), days)
    if rows:
        assert rows[0]["mentee_code"].startswith("[") and "/mentees/" in rows[0]["mentee_code"]


def test_the_follow_up_url_is_left_alone_on_first_load(admin_ctx):
    *_rest, search = cb.update_follow_up(QUERY, 14, None, admin_ctx)
    assert search is cb.no_update


@pytest.mark.parametrize("bad", ["0", "366", "1.5", "abc", True, "9" * 40, -3])
def test_a_bad_number_of_days_is_explained(admin_ctx, bad):
    rows, note, store, _ = cb.update_follow_up(QUERY, bad, ids.DAYS, admin_ctx)
    assert rows == [] and note == cb.DAYS_MESSAGE and store is None
    with pytest.raises(FilterError):
        cb.parse_days(bad)


def test_lifecycle_places_and_new_mentor_for_a_supervisor(supervisor_ctx, admin_ctx):
    out = cb.update_lifecycle(QUERY, supervisor_ctx)
    new_rows, note, places_fig, places_caption, places_rows, closures, retention, caption = out
    site = next(iter(supervisor_ctx.signed_in.site_ids))
    assert len(places_rows) == 1
    free = places_rows[0]["free_places"]
    places = (
        "free place" if free == 1 else "free places"
    )  # both forms: test_lifecycle_caption_wording
    assert places_caption.startswith(f"{free:,} {places} with available mentors across 1 site.")
    everyone = cb.update_lifecycle(QUERY, admin_ctx)[4]
    assert len(everyone) > 1 and places_rows[0] in everyone
    assert places_fig.layout.title.text and closures.layout.title.text
    assert retention.layout.title.text and "matches started" in caption
    with supervisor_ctx.engine.connect() as conn:
        closed = conn.scalar(
            select(func.count()).where(
                Match.site_id == site,
                Match.end_date.between(START, END),
            )
        )
    assert sum(closures.data[0].x) == closed if closed else not closures.data
    assert note == cb.new_mentor_note(len(new_rows))


def test_a_click_on_a_capacity_bar_opens_the_mentor(admin_ctx, viewer_ctx):
    click = {"points": [{"customdata": [12, 4, 1]}]}
    assert cb.navigate(click, {"sites": "3"}, admin_ctx) == "/mentors/12?sites=3"
    assert cb.navigate(click, {}, viewer_ctx) is cb.no_update
    assert cb.navigate({"points": [{"customdata": "x"}]}, {}, admin_ctx) is cb.no_update


def test_a_supervisors_export_holds_only_their_sites(supervisor_ctx):
    data, message = export_table(
        supervisor_ctx, cb._frame(cb.caseload_queries.places_against_waits), cb.PLACES_EXPORT,
        "caseloads", "places-against-waits", "csv", QUERY,
    )  # fmt: skip
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Site,Mentors available") and len(lines) == 2
    assert message == "Exported 1 rows."
    with supervisor_ctx.engine.connect() as conn:
        detail = conn.scalar(select(AuditEvent.detail).order_by(AuditEvent.id.desc()).limit(1))
    site = next(iter(supervisor_ctx.signed_in.site_ids))
    assert detail == f"format=csv rows=1 columns=8 sites {site}"


def test_an_export_without_identities_has_no_identity_columns(demo_db, settings):
    # A meeting scope (what meeting mode uses for anyone) may not see identities: even a
    # table with mentee codes exports without them.
    scope = AccessScope(role="admin", all_sites=True, see_identities=False, username="m")
    ctx = make_ctx(demo_db, settings, scope)
    data, _message = export_table(
        ctx, cb.follow_up_frame, cb.FOLLOW_UP_EXPORT, "caseloads", "follow-up", "csv",
        {**QUERY, "days": 14},
    )  # fmt: skip
    header = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()[0]
    assert header == "Mentor,Last contact,Days since"


def test_the_viewer_cannot_export_caseload_tables(viewer_ctx):
    data, message = export_table(
        viewer_ctx, cb._waiting_frame, cb.WAITING_EXPORT, "caseloads", "waiting-list", "csv",
        QUERY,
    )  # fmt: skip
    assert data is cb.no_update and message == "You do not have access to this page."
