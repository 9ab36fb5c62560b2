"""Meeting mode's query layer: one de-identified scope for every role, small counts hidden,
identities kept out of note text, challenges off the shared screen, and numbers that agree
with the queries they reuse. On SQLite always and on PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import Engine, func, insert, select

from data import clock
from data import schema as s
from data.filters import AccessScope, FilterError, Filters, ScopeMissing
from data.queries import meeting as room
from data.queries.meeting._redaction import build_redactor
from data.queries.overview import monthly_activity
from data.queries.plumbing.disclosure import shown_count
from data.queries.plumbing.months import add_months
from data.queries.workload import workload_by_mentor
from tests.conftest import BACKENDS
from tests.support import mentee_identities

TODAY = clock.today()
ADMIN = AccessScope(role="admin", all_sites=True, see_identities=True, username="admin")
ROOM_QUERIES = [
    room.month_at_a_glance,
    room.milestones_for_room,
    room.match_anniversaries,
    room.mentor_contributions,
    room.outcomes_for_room,
    room.distance_for_room,
    room.room_notes,
    room.carried_over_actions,
    room.month_note_counts,
    room.room_sites,
    room.contact_mix,
    room.latest_room_notes,
]


@pytest.fixture(params=BACKENDS)
def demo_db(request: pytest.FixtureRequest) -> Engine:
    name = "demo_engine" if request.param == "sqlite" else "demo_pg_engine"
    return request.getfixturevalue(name)


def _first_site(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.min(s.Site.id))))


def _last_month() -> str:
    first = TODAY.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def _scopes(engine: Engine) -> dict[str, AccessScope]:
    site = frozenset({_first_site(engine)})
    return {
        "admin": ADMIN,
        "supervisor": AccessScope(
            role="supervisor", site_ids=site, see_identities=True, username="sup"
        ),
        "meeting_viewer": AccessScope(
            role="meeting_viewer", site_ids=site, small_cell_min=5, username="viewer"
        ),
    }


def test_meeting_scope_keeps_sites_and_drops_identities_for_every_role():
    supervisor = AccessScope(role="supervisor", site_ids=frozenset({3}), see_identities=True)
    scoped = room.meeting_scope(supervisor, 5)
    assert scoped.site_ids == frozenset({3}) and not scoped.all_sites
    assert scoped.see_identities is False and scoped.small_cell_min == 5
    assert room.meeting_scope(ADMIN, 5).all_sites is True
    assert room.meeting_scope(ADMIN, 5).see_identities is False
    assert room.meeting_scope(ADMIN, 1).small_cell_min == 2  # a count of one never shows
    with pytest.raises(ScopeMissing):
        room.meeting_scope(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "must look like"),
        ("26-10", "must look like"),
        ("2026-1", "must look like"),
        ("1999-12", "between January 2000"),
        (f"{TODAY.year + 1}-01", "between January 2000"),
        (["2026-10"], "must look like"),
    ],
)
def test_a_bad_month_is_refused_with_a_message(month, message):
    with pytest.raises(FilterError, match=message):
        room.meeting_filters(ADMIN, month)


def test_meeting_filters_cover_the_month_and_refuse_other_sites():
    filters = room.meeting_filters(ADMIN, "2026-02", today=dt.date(2026, 11, 25))
    assert (filters.start, filters.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    current = room.meeting_filters(ADMIN, "2026-11", today=dt.date(2026, 11, 25))
    assert (current.start, current.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    to_review = room.meeting_filters(ADMIN, "", today=dt.date(2026, 11, 25))
    assert (to_review.start, to_review.end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.mark.parametrize(
    ("today", "meeting_day", "month"),
    [
        (dt.date(2026, 12, 7), 1, dt.date(2026, 11, 1)),  # the last complete month
        (dt.date(2026, 12, 1), 1, dt.date(2026, 11, 1)),
        (dt.date(2026, 12, 7), 10, dt.date(2026, 10, 1)),  # before the meeting's day
        (dt.date(2026, 12, 10), 10, dt.date(2026, 11, 1)),  # on it
        (dt.date(2027, 1, 3), 10, dt.date(2026, 11, 1)),  # across the year
        (dt.date(2027, 1, 31), 1, dt.date(2026, 12, 1)),
        (dt.date(2028, 3, 1), 28, dt.date(2028, 1, 1)),
    ],
)
def test_meeting_mode_opens_on_the_month_to_review(today, meeting_day, month):
    assert room.default_month(today, meeting_day) == month
    filters = room.meeting_filters(ADMIN, None, today=today, meeting_day=meeting_day)
    assert filters.start == month
    supervisor = AccessScope(role="supervisor", site_ids=frozenset({1}), see_identities=True)
    with pytest.raises(FilterError, match="do not have access"):
        room.meeting_filters(supervisor, "2026-02", sites="2")
    with pytest.raises(ScopeMissing):
        room.meeting_filters(None, "2026-02")


def test_comparison_periods_are_the_same_days_a_month_and_a_year_before():
    filters = room.meeting_filters(ADMIN, "2026-03", today=dt.date(2026, 3, 31))
    assert room.comparison_periods(filters, today=dt.date(2026, 3, 31)) == [
        ("this_month", dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
        ("last_month", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("last_year", dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
    ]
    # A short month that is over, against the whole of the longer month before it.
    february = room.meeting_filters(ADMIN, "2026-02", today=dt.date(2026, 3, 31))
    assert room.comparison_periods(february, today=dt.date(2026, 3, 31))[1] == (
        "last_month",
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
    )
    # A month not over yet: its first days, against the same days before (never whole months).
    today = dt.date(2026, 3, 7)
    current = room.meeting_filters(ADMIN, "2026-03", today=today)
    assert room.comparison_periods(current, today=today) == [
        ("this_month", dt.date(2026, 3, 1), dt.date(2026, 3, 7)),
        ("last_month", dt.date(2026, 2, 1), dt.date(2026, 2, 7)),
        ("last_year", dt.date(2025, 3, 1), dt.date(2025, 3, 7)),
    ]


def test_the_month_so_far_is_compared_with_the_same_days_of_earlier_months(demo_db):
    """The glance of the current month counts last month's first days only, not all of it."""
    today = clock.today()
    filters = room.meeting_filters(ADMIN, f"{today:%Y-%m}")
    glance = room.month_at_a_glance(demo_db, filters).set_index("period")
    start, end = glance.loc["last_month", "start"], glance.loc["last_month", "end"]
    assert glance.loc["this_month", "end"] == today
    assert start == (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert end == add_months(today, -1)  # the same day of last month (clipped)
    exact = replace(filters.scope, small_cell_min=0)
    days = monthly_activity(demo_db, replace(filters, scope=exact, start=start, end=end))
    shown = glance.loc["last_month", "contacts"]
    assert _or_none(shown) == shown_count(int(days["contacts"].sum()), 5)


@pytest.mark.parametrize("query", ROOM_QUERIES, ids=lambda q: q.__name__)
def test_room_queries_refuse_a_scope_that_could_identify(demo_engine, query):
    plain = Filters.parse(ADMIN, "2026-01-01", "2026-01-31")
    with pytest.raises(room.MeetingScopeRequired):
        query(demo_engine, plain)


@pytest.mark.parametrize("query", ROOM_QUERIES, ids=lambda q: q.__name__)
def test_an_admin_presenting_gets_what_a_viewer_of_the_same_sites_gets(demo_db, query):
    site = str(_first_site(demo_db))
    scopes = _scopes(demo_db)
    answers = [
        query(demo_db, room.meeting_filters(scopes[role], _last_month(), sites=site))
        for role in ("admin", "supervisor", "meeting_viewer")
    ]
    for other in answers[1:]:
        pd.testing.assert_frame_equal(answers[0], other)


def test_no_room_answer_holds_a_mentee_name_or_code(demo_db):
    identities = mentee_identities(demo_db)
    filters = room.meeting_filters(ADMIN, _last_month())
    for query in ROOM_QUERIES:
        text = query(demo_db, filters).to_csv()
        assert [i for i in identities if i in text] == [], query.__name__


def _or_none(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def test_glance_counts_agree_with_monthly_activity_and_hide_small_ones(demo_db):
    filters = room.meeting_filters(ADMIN, _last_month())
    glance = room.month_at_a_glance(demo_db, filters).set_index("period")
    raw = replace(filters, scope=replace(filters.scope, small_cell_min=0))
    activity = monthly_activity(demo_db, raw)
    contacts = glance.loc["this_month", "contacts"]
    assert shown_count(int(activity["contacts"].sum()), 5) == _or_none(contacts)
    people = int(activity["active_mentees"].sum())
    shown = glance.loc["this_month", "people_supported"]
    assert (pd.isna(shown) and 0 < people < 5) or int(shown) == shown_count(people, 5)
    for column in ("people_supported", "contacts", "milestones"):
        values = glance[column].dropna()
        assert not ((values > 0) & (values < 5)).any(), column
        assert (values % 5 == 0).all(), column  # rounded to base 5


def test_contact_mix_adds_up_to_the_month_s_contacts(demo_db):
    """The mix's parts add up to the month's contacts within what the room's disclosure
    rules allow, whatever the day's demo data: each part is rounded on its own to the nearest
    5 (at most 2 off) and a part under 5 is hidden (at most 4 missing)."""
    filters = room.meeting_filters(ADMIN, _last_month())
    raw = replace(filters, scope=replace(filters.scope, small_cell_min=0))
    true_total = int(monthly_activity(demo_db, raw)["contacts"].sum())
    mix = room.contact_mix(demo_db, filters)
    glance = room.month_at_a_glance(demo_db, filters).set_index("period")
    assert shown_count(true_total, 5) == _or_none(glance.loc["this_month", "contacts"])
    shown = mix.dropna(subset=["contacts"])
    hidden = int(mix["contacts"].isna().sum())
    missing = true_total - int(shown["contacts"].sum())
    assert -2 * len(shown) <= missing <= 2 * len(shown) + 4 * hidden
    # Each share is its shown part of the shown total (exact shares would give the hidden
    # total back), so together they are the shown parts' sum over the shown total.
    total = shown_count(true_total, 5)
    assert shown["share"].sum() == pytest.approx(int(shown["contacts"].sum()) / total)
    assert not ((shown["contacts"] > 0) & (shown["contacts"] < 5)).any()


def test_mentor_contributions_follow_workload_in_name_order(demo_db):
    filters = room.meeting_filters(ADMIN, _last_month())
    contributions = room.mentor_contributions(demo_db, filters)
    raw = replace(filters, scope=replace(filters.scope, small_cell_min=0))
    workload = workload_by_mentor(demo_db, raw).set_index("mentor_id")
    assert set(contributions["mentor_id"]) == set(workload.index)
    ordered = contributions.sort_values(["site", "mentor", "mentor_id"])
    assert list(contributions["mentor_id"]) == list(ordered["mentor_id"])
    previous = room.meeting_filters(ADMIN, f"{filters.start - dt.timedelta(days=1):%Y-%m}")
    before = workload_by_mentor(
        demo_db, replace(previous, scope=replace(previous.scope, small_cell_min=0))
    ).set_index("mentor_id")["contacts"]
    for row in contributions.itertuples():
        last = int(before.get(row.mentor_id, 0))
        assert _or_none(row.contacts_last_month) == shown_count(last, 5)
        expected = int(workload.loc[row.mentor_id, "contacts"])
        assert _or_none(row.contacts) == shown_count(expected, 5)
        if not pd.isna(row.contacts):
            assert int(row.group_sessions) == int(workload.loc[row.mentor_id, "group_sessions"])


def test_averages_over_few_mentees_are_hidden(demo_db):
    filters = room.meeting_filters(ADMIN, _last_month(), small_cell_min=10_000)
    trend = room.outcomes_for_room(demo_db, filters)
    distance = room.distance_for_room(demo_db, filters)
    assert len(trend) and trend["mean_score"].isna().all() and trend["n_mentees"].isna().all()
    assert len(distance) and distance["change"].isna().all() and distance["n"].isna().all()
    shown = room.distance_for_room(demo_db, room.meeting_filters(ADMIN, _last_month()))
    assert (shown["n"].dropna() >= 5).all()
    assert "Total" not in set(shown["domain"])


# --- hand-made notes: redaction, challenges, carried-over action items ----------------------


def _program(engine: Engine) -> None:
    month = dt.date(2026, 9, 1)
    with engine.begin() as conn:
        conn.execute(insert(s.Site), [{"id": 1, "code": "RS", "name": "Riverside"}])
        conn.execute(
            insert(s.Mentor),
            [
                dict(id=1, site_id=1, display_name="Alex Mentor", start_date=dt.date(2024, 1, 1),
                     status="active", capacity=3),
            ],
        )  # fmt: skip
        conn.execute(
            insert(s.Mentee),
            [
                dict(id=1, site_id=1, code="MT-0042", display_name="Jordan Quill",
                     referral_date=dt.date(2025, 1, 1), status="matched"),
            ],
        )  # fmt: skip
        conn.execute(
            insert(s.ConsultationMeeting),
            [
                {
                    "id": 1,
                    "site_id": 1,
                    "month": dt.date(2026, 8, 1),
                    "held_on": dt.date(2026, 8, 5),
                },
                {"id": 2, "site_id": 1, "month": month, "held_on": dt.date(2026, 9, 8)},
            ],
        )
        notes = [
            (1, 1, "action_item", "Alex to call Jordan Quill about the bus pass.", 1, "open"),
            (2, 1, "action_item", "Finished item.", None, "done"),
            (3, 2, "accomplishment", "MT-0042 and jordan got a library card.", 1, None),
            (4, 2, "challenge", "A hard month for the team.", None, None),
            (5, 2, "positive_impact", "A mentee says the group helps.", None, None),
        ]
        conn.execute(
            insert(s.ConsultationNote),
            [
                dict(id=i, meeting_id=m, site_id=1, mentor_id=mentor, kind=k, text=t,
                     author="Sam Supervisor", is_done=status == "done", status=status,
                     owner=("mentor" if mentor else "supervisor") if status else None,
                     due_month=dt.date(2026, 10, 1) if status == "open" else None,
                     version=1, cleared_version=1, cleared_by="Sam Supervisor")
                for i, m, k, t, mentor, status in notes
            ],
        )  # fmt: skip


def test_note_text_reaches_the_room_without_mentee_names_or_codes(any_engine):
    _program(any_engine)
    filters = room.meeting_filters(ADMIN, "2026-09")
    notes = room.room_notes(any_engine, filters)
    assert list(notes["kind"]) == ["accomplishment", "positive_impact"]
    assert notes.loc[0, "text"] == "a mentee and a mentee got a library card."
    assert notes.loc[0, "mentor"] == "Alex Mentor" and notes.loc[1, "mentor"] == ""
    actions = room.carried_over_actions(any_engine, filters)
    assert list(actions["text"]) == ["Alex to call a mentee about the bus pass."]
    assert actions.loc[0, "owner"] == "Alex Mentor" and int(actions.loc[0, "total"]) == 1
    assert actions.loc[0, "from_month"] == dt.date(2026, 8, 1)
    assert actions.loc[0, "due_month"] == dt.date(2026, 10, 1)


def test_challenges_stay_off_the_shared_screen_unless_marked(any_engine):
    _program(any_engine)
    filters = room.meeting_filters(ADMIN, "2026-09")
    kinds = ("accomplishment", "positive_impact", "challenge", "action_item")
    assert "challenge" not in set(room.room_notes(any_engine, filters, kinds=kinds)["kind"])
    latest = room.latest_room_notes(any_engine, filters)
    assert list(latest["kind"]) == ["positive_impact", "accomplishment"]  # newest first
    assert latest.loc[1, "text"] == "a mentee and a mentee got a library card."
    counts = room.month_note_counts(any_engine, filters).set_index("kind")
    assert int(counts.loc["challenge", "notes"]) == 1
    assert int(counts.loc["challenge", "off_screen"]) == 1
    if hasattr(s.ConsultationNote, "shown_in_room"):
        with any_engine.begin() as conn:
            conn.execute(
                s.ConsultationNote.__table__.update()
                .where(s.ConsultationNote.id == 4)
                .values(shown_in_room=True)
            )
        shown = room.room_notes(any_engine, filters, kinds=kinds)
        assert "A hard month for the team." in set(shown["text"])


def test_redaction_replaces_whole_words_only():
    redactor = build_redactor([("Jordan Quill", "MT-0042")], [])
    assert redactor.redact("Jordan Quill met MT-0042.") == "a mentee met a mentee."
    assert redactor.redact("Jordanna went out.") == "Jordanna went out."


def test_surnames_and_hand_typed_codes_are_redacted_too(any_engine):
    _program(any_engine)
    typed = "Mr Quill and J. Quill met; so did mt 0042 and MT0042. Alex Mentor helped."
    assert (
        room.redact_identities(any_engine, typed)
        == "Mr a mentee and J. a mentee met; so did a mentee and a mentee. Alex Mentor helped."
    )
    # From the index's candidates: the same redaction as with every identity and mentor.
    with any_engine.connect() as conn:
        everyone = conn.execute(select(s.Mentee.display_name, s.Mentee.code)).all()
        mentors = conn.execute(select(s.Mentor.display_name)).scalars().all()
    whole = build_redactor(everyone, mentors)
    for text in (typed, "MT-0042 and m.0042 called", "jordan quill", "Nobody named here."):
        assert room.redact_identities(any_engine, text) == whole.redact(text)


def test_only_notes_cleared_for_the_room_as_they_are_now_reach_it(any_engine):
    from data.services.notes import Editor, NoteConflict, NoteDraft, clear_for_room, edit_note

    _program(any_engine)
    filters = room.meeting_filters(ADMIN, "2026-09")
    editor = Editor("sam", None, "10.0.0.1")
    clear_for_room(any_engine, ADMIN, 5, 1, editor, cleared=False)  # withdrawn
    assert "A mentee says the group helps." not in set(room.room_notes(any_engine, filters)["text"])
    assert int(room.month_note_counts(any_engine, filters).set_index("kind").loc[
        "positive_impact", "off_screen"]) == 1  # fmt: skip
    clear_for_room(any_engine, ADMIN, 5, 1, editor)
    assert "A mentee says the group helps." in set(room.room_notes(any_engine, filters)["text"])
    # An edit needs clearing again; a clearing of an older version is refused.
    edit_note(any_engine, ADMIN, 5, 1, NoteDraft("positive_impact", "Jordan Quill smiled."), editor)
    assert list(room.room_notes(any_engine, filters)["kind"]) == ["accomplishment"]
    with pytest.raises(NoteConflict):
        clear_for_room(any_engine, ADMIN, 5, 1, editor)
    clear_for_room(any_engine, ADMIN, 5, 2, editor)
    assert "a mentee smiled." in set(room.room_notes(any_engine, filters)["text"])
    # Carried-over action items too.
    clear_for_room(any_engine, ADMIN, 1, 1, editor, cleared=False)
    assert room.carried_over_actions(any_engine, filters).empty
    with any_engine.connect() as conn:
        details = (
            conn.execute(select(s.AuditEvent.detail).where(s.AuditEvent.target == "note 5"))
            .scalars()
            .all()
        )
    assert "cleared for the room, version 2" in details


def test_a_viewer_cannot_clear_a_note(any_engine):
    from data.services.notes import Editor, NotePermission, clear_for_room

    _program(any_engine)
    viewer = AccessScope("meeting_viewer", frozenset({1}), small_cell_min=5, username="vic")
    with pytest.raises(NotePermission):
        clear_for_room(any_engine, viewer, 5, 1, Editor("vic", None, ""), cleared=False)
