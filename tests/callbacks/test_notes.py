"""The Consultation notes callbacks, called directly on their own database (the hand-made
program plus three meetings, tests/data/notes_fixture.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import dash
import pytest
from dash import no_update
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError

from callbacks.filters import FORBIDDEN_MESSAGE
from callbacks.notes import agenda as notes_agenda
from callbacks.notes import carried as notes_carried
from callbacks.notes import clearing as notes_clearing
from callbacks.notes import deleting, editor, meetings, mentor_notes, saving
from callbacks.notes import reading as notes_callbacks
from callbacks.notes.common import DATABASE_DOWN, draft_key, page_href, parse_month, positive_id
from dashboard.charts.notes import action_items_caption, attendance_caption, strengths_caption
from dashboard.settings import Settings
from data.schema import ConsultationMeeting, ConsultationNote
from layouts.ids import NotesIds as ids
from tests.callbacks.conftest import make_ctx
from tests.data import notes_fixture as nf

# The fixture's meetings are in February and March 2026: the tests ask for that half-year, not
# for the default period (which moves with data.clock's today).
PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.fixture
def program(any_engine: Engine) -> tuple[Engine, dict[str, int]]:
    return any_engine, nf.load_meetings(any_engine)


@pytest.fixture
def sup(program, settings: Settings):  # type: ignore[no-untyped-def]
    return make_ctx(program[0], settings, nf.RIVERSIDE_SUPERVISOR)


def _text(component: object) -> str:
    """All the text inside a component tree (as the browser would show it)."""
    return json.dumps(
        component.to_plotly_json() if hasattr(component, "to_plotly_json") else component,
        default=lambda c: c.to_plotly_json(),
    )


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def _save(ctx, meeting: int, text: str, editing=None, **fields):  # type: ignore[no-untyped-def]
    editing = editing or {"meeting_id": meeting, "note_id": None, "version": None}
    return saving.save_note(
        1,
        editing,
        fields.get("kind", "accomplishment"),
        fields.get("mentor"),
        text,
        fields.get("owner", "supervisor"),
        fields.get("due"),
        fields.get("status", "open"),
        fields.get("room", []),
        {"meeting": str(meeting)},
        fields.get("drafts", {}),
        3,
        ctx,
    )


def test_overview_offers_only_the_supervisors_site_and_captions_the_charts(sup) -> None:
    alert, _months, _month, sites, site, _new_months, new_month = notes_callbacks.update_overview(
        PERIOD, 0, sup
    )
    assert alert is None
    assert sites == [{"label": "Riverside", "value": 1}] and site == 1
    assert new_month
    strengths, _ = notes_callbacks.update_chart("strengths", PERIOD, 0, sup)
    assert strengths.layout.title.text.startswith("Accomplishments and positive impacts")
    attendance, caption = notes_callbacks.update_chart("attendance", PERIOD, 0, sup)
    assert "2 meetings in this period" in caption
    assert len(attendance.data[0].x) == 2
    actions, _ = notes_callbacks.update_chart("actions", PERIOD, 0, sup)
    assert actions.data


def test_meeting_viewers_get_no_note_text(program, settings) -> None:
    ctx = make_ctx(program[0], settings, nf.VIEWER)
    assert notes_callbacks.update_overview({}, 0, ctx)[0].children == FORBIDDEN_MESSAGE
    figure, caption = notes_callbacks.update_chart("strengths", {}, 0, ctx)
    assert caption == FORBIDDEN_MESSAGE and not figure.data
    title, hidden, *_ = notes_callbacks.update_meeting({"meeting": "1"}, 0, ctx)
    assert (title, hidden) == (FORBIDDEN_MESSAGE, True)
    assert FORBIDDEN_MESSAGE in _text(notes_callbacks.run_search(1, "bank", {}, ctx))
    assert FORBIDDEN_MESSAGE in _text(mentor_notes.mentor_notes("/mentors/1", "", ctx))


def test_a_meeting_shows_its_notes_strengths_first_and_carried_over_items(program, sup) -> None:
    _, ids_ = program
    title, hidden, options, attended, carried, note_list, mentors, due = (
        notes_callbacks.update_meeting({"meeting": str(ids_["march"])}, 0, sup)
    )
    assert title.startswith("Riverside · March 2026") and hidden is False
    assert attended == [1] and [o["value"] for o in options] == [1, 2] == [
        m["value"] for m in mentors
    ]
    assert "Alex to find a cheaper bus pass route." in _text(carried)
    text = _text(note_list)
    assert text.index("Accomplishments") < text.index("Challenges")
    assert due[0]["value"] == "2026-03"
    other = notes_callbacks.update_meeting({"meeting": str(ids_["hilltop"])}, 0, sup)
    assert other[:2] == ("That meeting is not available to you", True)
    assert notes_callbacks.update_meeting({"meeting": "<script>"}, 0, sup)[1] is True


def test_save_adds_a_note_and_clears_the_form_and_its_draft(program, sup) -> None:
    engine, ids_ = program
    key = draft_key({"meeting_id": ids_["march"], "note_id": None})
    result = _save(sup, ids_["march"], "Bea ran the **whole** group.", drafts={key: {"text": "x"}})
    feedback, *_errors, editing, text, drafts, refresh, title = (
        result[0],
        *result[1:8],
        result[8],
        result[9],
        result[10],
        result[11],
        result[12],
    )
    assert "Note saved" in _text(feedback)
    assert text == "" and drafts == {} and refresh == 4 and title == "New note"
    assert editing["note_id"] is None
    with engine.connect() as conn:
        author = conn.execute(
            select(ConsultationNote.author).where(ConsultationNote.text.like("Bea ran%"))
        ).scalar_one()
    assert author == "sam"


def test_invalid_input_is_shown_beside_its_field_and_nothing_is_saved(program, sup) -> None:
    engine, ids_ = program
    before = _count(engine, ConsultationNote)
    result = _save(sup, ids_["march"], "   ")
    assert "Write the note" in result[3]
    assert result[9] is no_update  # the form keeps what was typed
    result = _save(sup, ids_["march"], "A win", mentor=3)  # Cal is at Hilltop
    assert "does not belong" in result[2]
    result = _save(sup, ids_["march"], "Call", kind="action_item", owner="mentor")
    assert "Choose the mentor" in result[4]
    result = _save(sup, ids_["march"], "A win", mentor="'; drop")
    assert "Choose a mentor" in result[2]
    assert _count(engine, ConsultationNote) == before


def test_a_conflict_shows_both_texts_and_keeps_the_typed_text(program, sup) -> None:
    engine, ids_ = program
    with engine.connect() as conn:
        note_id = conn.execute(
            select(ConsultationNote.id).where(ConsultationNote.text.like("Alex supported%"))
        ).scalar_one()
    editing = {"meeting_id": ids_["february"], "note_id": note_id, "version": 1}
    _save(sup, ids_["february"], "Theirs, saved first.", editing=dict(editing), mentor=1)
    result = _save(sup, ids_["february"], "Mine, typed meanwhile.", editing=dict(editing), mentor=1)
    panel = _text(result[5])
    assert "Theirs, saved first." in panel and "Mine, typed meanwhile." in panel
    assert result[6] == saving.SHOWN_BUTTON and result[7] == 2
    assert result[8] is no_update and result[9] is no_update  # editing and text untouched
    editing_now, _panel, button, feedback = saving.continue_from_theirs(1, 2, editing)
    assert editing_now["version"] == 2 and button == saving.HIDDEN_BUTTON
    assert "version 3" in _text(feedback)
    saved = _save(sup, ids_["february"], "Mine, typed meanwhile.", editing=editing_now, mentor=1)
    assert "version 3" in _text(saved[0])


def test_a_database_failure_mid_save_keeps_the_text_and_says_so(program, sup) -> None:
    engine, ids_ = program
    before = _count(engine, ConsultationNote)

    def gone(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO NOTE_REVISIONS"):
            raise OperationalError(statement, parameters, Exception("connection lost"))

    event.listen(engine, "before_cursor_execute", gone)
    try:
        result = _save(sup, ids_["march"], "Typed during an outage.")
    finally:
        event.remove(engine, "before_cursor_execute", gone)
    assert DATABASE_DOWN in _text(result[0])
    assert result[9] is no_update and result[10] is no_update  # text and draft stay
    assert _count(engine, ConsultationNote) == before


def test_the_editor_restores_drafts_and_loads_a_note(program, sup) -> None:
    engine, ids_ = program
    query = {"meeting": str(ids_["march"])}
    key = draft_key({"meeting_id": ids_["march"], "note_id": None})
    drafts = {key: {"text": "Unsaved thought", "kind": "challenge", "mentor_id": 2}}
    state = editor.start_editing(None, [], query, drafts, sup, None)
    assert state[2:5] == ("challenge", 2, "Unsaved thought")
    assert "Restored" in _text(state[9])
    with engine.connect() as conn:
        note_id = conn.execute(
            select(ConsultationNote.id).where(ConsultationNote.meeting_id == ids_["march"])
        ).scalar_one()
    trigger = {"type": ids.EDIT_BUTTON, "index": note_id}
    state = editor.start_editing(None, [1], query, {}, sup, trigger)
    assert state[0] == {
        "meeting_id": ids_["march"],
        "note_id": note_id,
        "version": 1,
        "original": "Alex visited the housing office with a mentee.",
    }
    assert state[4] == "Alex visited the housing office with a mentee."
    with pytest.raises(dash.exceptions.PreventUpdate):  # buttons drawn again, none pressed
        editor.start_editing(None, [None], query, {}, sup, trigger)


def test_delete_and_undo(program, sup) -> None:
    engine, ids_ = program
    with engine.connect() as conn:
        note_id = conn.execute(
            select(ConsultationNote.id).where(ConsultationNote.meeting_id == ids_["march"])
        ).scalar_one()
    query = {"meeting": str(ids_["march"])}
    trigger = {"type": ids.DELETE_BUTTON, "index": note_id}
    status, undo_class, undo_note, refresh = deleting.delete_note([1], query, 0, sup, trigger)
    assert "Accomplishment deleted" in _text(status) and undo_class == "" and undo_note == note_id
    assert "housing office" not in _text(notes_callbacks.update_meeting(query, 1, sup)[5])
    status, undo_class, _, _ = deleting.undo_delete(1, note_id, query, refresh, sup)
    assert "restored" in _text(status) and undo_class == "d-none"
    assert "housing office" in _text(notes_callbacks.update_meeting(query, 2, sup)[5])
    foreign = {"type": ids.DELETE_BUTTON, "index": 999999}
    assert "not available" in _text(deleting.delete_note([1], query, 0, sup, foreign)[0])


def test_a_note_about_no_mentor_opens_in_the_editor(program, sup) -> None:
    """A note without a mentor has NA in the frame's mentor column (it cannot be compared with
    itself): the editor opens it with no mentor chosen instead of failing."""
    engine, ids_ = program
    with engine.connect() as conn:
        note_id = conn.execute(
            select(ConsultationNote.id).where(
                ConsultationNote.meeting_id == ids_["february"],
                ConsultationNote.mentor_id.is_(None),
                ConsultationNote.text.startswith("Transport"),
            )
        ).scalar_one()
    trigger = {"type": ids.EDIT_BUTTON, "index": note_id}
    query = {"meeting": str(ids_["february"])}
    state = editor.start_editing(None, [1], query, {}, sup, trigger)
    assert state[0]["note_id"] == note_id and state[2:5] == (
        "challenge",
        None,
        "Transport to the **clinic** is hard to find.",
    )


def test_suggested_lines_are_accepted_edited_or_dropped(program, sup) -> None:
    engine, ids_ = program
    query = {"meeting": str(ids_["february"])}
    store, _rows, feedback = notes_agenda.suggest(1, query, sup)
    assert "6 lines drafted for February 2026" in _text(feedback)
    assert store[0]["text"] == "Alex Mentor's mentees reached 1 milestone."
    accept = {"type": ids.SUGGESTION_ACCEPT, "index": 0}
    left, _rows, feedback, refresh = notes_agenda.decide(
        accept, [1], [None], {0: "Alex's mentee travels to work alone now."}, store, query, 0, sup
    )
    assert len(left) == 5 and refresh == 1 and "Added" in _text(feedback)
    with engine.connect() as conn:
        origin, mentor = conn.execute(
            select(ConsultationNote.origin, ConsultationNote.mentor_id).where(
                ConsultationNote.text == "Alex's mentee travels to work alone now."
            )
        ).one()
    assert (origin, mentor) == ("suggested", 1)
    drop = {"type": ids.SUGGESTION_DROP, "index": left[0]["key"]}
    after_drop, *_ = notes_agenda.decide(drop, [None], [1], {}, left, query, 1, sup)
    assert len(after_drop) == 4
    with pytest.raises(dash.exceptions.PreventUpdate):
        notes_agenda.decide(drop, [None], [1], {}, after_drop, query, 1, sup)  # gone already


def test_search_highlights_matching_words(sup) -> None:
    results = notes_callbacks.run_search(1, "visit", PERIOD, sup)
    text = _text(results)
    assert "2 notes found" in text
    assert '{"props": {"children": "visits"}, "type": "Mark"' in text
    assert '{"props": {"children": "visited"}, "type": "Mark"' in text


def test_creating_a_meeting_goes_to_it_and_refuses_a_second(program, sup) -> None:
    engine, _ = program
    feedback, href = meetings.create_meeting(1, {}, 1, "2026-04", None, sup)
    with engine.connect() as conn:
        meeting_id = conn.execute(
            select(ConsultationMeeting.id).where(
                ConsultationMeeting.month == parse_month("2026-04")
            )
        ).scalar_one()
    assert f"meeting={meeting_id}" in href and "created" in _text(feedback)
    feedback, href = meetings.create_meeting(1, {}, 1, "2026-04", None, sup)
    assert "already has a meeting for April 2026" in _text(feedback) and href is no_update
    feedback, _ = meetings.create_meeting(1, {}, 2, "2026-05", None, sup)
    assert "may not write" in _text(feedback)


def test_mentor_page_notes_put_accomplishments_first(sup) -> None:
    text = _text(mentor_notes.mentor_notes("/mentors/1", "?start=2026-01-01&end=2026-06-30", sup))
    assert text.index("Accomplishments") < text.index("Action items")
    assert "bank account" in text
    with pytest.raises(dash.exceptions.PreventUpdate):
        mentor_notes.mentor_notes("/mentors/abc", "", sup)
    empty = _text(mentor_notes.mentor_notes("/mentors/3", "?start=2026-01-01", sup))
    assert "No consultation notes" in empty


def test_input_parsers_refuse_anything_odd() -> None:
    assert positive_id("12") == 12
    assert [positive_id(v) for v in (True, -1, "1e3", "", None, 2**40, {"a": 1})] == [None] * 7
    assert parse_month("2026-13") is None and parse_month("2026/11") is None
    assert page_href({"start": "2026-01-01"}, meeting=5) == "/notes?start=2026-01-01&meeting=5"


def test_captions_say_the_numbers_in_words(program, sup) -> None:
    from data.filters import Filters
    from data.queries.notes import trends as notes_trends

    engine, _ = program
    filters = Filters.parse(nf.RIVERSIDE_SUPERVISOR, "2026-01-01", "2026-06-15")
    attendance = notes_trends.attendance_by_meeting(engine, filters)
    assert attendance_caption(attendance) == (
        "2 meetings in this period; mentors attended 3 of 4 possible places (75%)."
    )
    strengths = notes_trends.strengths_by_month(engine, filters)
    assert strengths_caption(strengths) == (
        "2 accomplishments and 1 positive impacts were recorded over 2 months of meetings."
    )
    actions = notes_trends.action_items_by_month(engine, filters)
    assert action_items_caption(actions) == (
        "1 action items were opened and 0 closed in this period."
    )
    assert attendance_caption(attendance.head(0)).startswith("No consultation meetings")


def test_a_chosen_month_goes_into_the_url_with_the_filters_and_meeting() -> None:
    query = {"start": "2026-01-01", "sites": "1", "meeting": "7", "month": None}
    href = notes_callbacks.month_in_url("2026-02", query)
    assert href == "/notes?start=2026-01-01&sites=1&month=2026-02&meeting=7"
    with pytest.raises(dash.exceptions.PreventUpdate):
        notes_callbacks.month_in_url("2026-02", {**query, "month": "2026-02"})
    assert "month" not in notes_callbacks.month_in_url(None, {**query, "month": "2026-02"})


def test_a_carried_over_action_item_is_marked_done_from_the_next_meeting(program, sup) -> None:
    engine, ids_ = program
    query = {"meeting": str(ids_["march"])}
    carried = _text(notes_callbacks.update_meeting(query, 0, sup)[4])
    assert "Alex to find a cheaper bus pass route." in carried and "owner Alex Mentor" in carried
    with engine.connect() as conn:
        note_id = conn.execute(
            select(ConsultationNote.id).where(ConsultationNote.kind == "action_item")
        ).scalar_one()
    trigger = {"type": ids.CARRIED_DONE, "index": note_id}
    status, refresh = notes_carried.close_carried_item([1], query, 4, sup, trigger)
    assert "marked done" in _text(status) and refresh == 5
    assert notes_callbacks.update_meeting(query, 5, sup)[4] is None
    with engine.connect() as conn:
        item = conn.execute(select(ConsultationNote).where(ConsultationNote.id == note_id)).one()
    assert (item.status, item.version, item.text) == (
        "done",
        2,
        "Alex to find a cheaper bus pass route.",
    )
    assert item.closed_at is not None
    not_an_item = {"type": ids.CARRIED_DONE, "index": note_id - 1}
    assert "not available" in _text(
        notes_carried.close_carried_item([1], query, 5, sup, not_an_item)[0]
    )


def test_a_long_meeting_list_shows_the_newest_and_says_how_to_see_the_rest() -> None:
    import datetime as dt

    from dash import dcc

    from layouts.notes_parts import MAX_LISTED_MEETINGS, meeting_links

    def rows(n: int) -> list[dict]:
        return [
            {"meeting_id": i, "month": dt.date(2026, 10, 1), "site": f"Site {i}",
             "held_on": dt.date(2026, 10, 6), "attendees": 4, "notes": 7}
            for i in range(1, n + 1)
        ]  # fmt: skip

    def links(component) -> list:  # type: ignore[no-untyped-def]
        found = []
        stack = [component]
        while stack:
            item = stack.pop()
            if isinstance(item, dcc.Link):
                found.append(item)
            children = getattr(item, "children", None)
            stack.extend(children if isinstance(children, list) else [children] if children else [])
        return found

    many = rows(MAX_LISTED_MEETINGS + 6)
    shown = meeting_links(
        many, {r["meeting_id"]: f"/notes?meeting={r['meeting_id']}" for r in many}, 1
    )
    assert len(links(shown)) == MAX_LISTED_MEETINGS
    assert f"The {MAX_LISTED_MEETINGS} newest of {MAX_LISTED_MEETINGS + 6} meetings" in str(shown)
    few = rows(3)
    listed = meeting_links(few, {r["meeting_id"]: "/notes" for r in few}, None)
    assert len(links(listed)) == 3
    assert "newest of" not in str(listed)


def test_a_note_is_read_as_the_room_would_then_cleared_for_it(program, sup) -> None:
    """The clearing panel strikes out what redaction replaces and highlights what still looks
    like a name or a number; clearing lets the note into meeting mode, withdrawing takes it
    out again."""
    from data.queries import meeting as room
    from data.services.notes import NoteDraft, add_note
    from tests.data.notes_fixture import SAM

    engine, ids_ = program
    text = "Alex helped Synthetic Person 1 (RS-002) meet Dr Okafor at 10:30."
    saved = add_note(
        engine, nf.RIVERSIDE_SUPERVISOR, ids_["march"], NoteDraft("accomplishment", text, 1), SAM
    )
    trigger = {"type": ids.CLEAR_BUTTON, "index": saved.note_id}
    query = {"meeting": str(ids_["march"])}
    panel, target = notes_clearing.show_clearing([1], query, sup, trigger)
    shown = _text(panel)
    assert '"type": "Del"' in shown and shown.count('"children": "a mentee"') == 2
    assert '{"props": {"children": "Okafor"' in shown and "10" in shown
    assert target == {"note_id": saved.note_id, "version": 1, "cleared": False}
    filters = room.meeting_filters(nf.RIVERSIDE_SUPERVISOR, "2026-03")
    assert text not in set(room.room_notes(engine, filters)["text"])  # not yet cleared
    result, store, refresh = notes_clearing.confirm_clearing(
        1, target, query, 3, sup, ids.CLEAR_CONFIRM
    )
    assert "Cleared" in _text(result) and store is None and refresh == 4
    assert "Alex helped a mentee (a mentee) meet Dr Okafor at 10:30." in set(
        room.room_notes(engine, filters)["text"]
    )
    _panel, target = notes_clearing.show_clearing([1], query, sup, trigger)
    assert target["cleared"] is True
    result, *_ = notes_clearing.confirm_clearing(1, target, query, 4, sup, ids.CLEAR_CONFIRM)
    assert "Withdrawn" in _text(result)
    assert room.room_notes(engine, filters)["text"].str.contains("Okafor").sum() == 0


def test_clearing_an_edited_note_or_as_a_viewer_changes_nothing(program, sup, settings) -> None:
    engine, ids_ = program
    query = {"meeting": str(ids_["march"])}
    with engine.connect() as conn:
        note_id = conn.execute(
            select(ConsultationNote.id).where(ConsultationNote.meeting_id == ids_["march"])
        ).scalar_one()
    stale = {"note_id": note_id, "version": 7, "cleared": False}
    with pytest.raises(dash.exceptions.PreventUpdate):  # the panel's buttons appearing, unpressed
        notes_clearing.confirm_clearing(None, stale, query, 0, sup, ids.CLEAR_CONFIRM)
    result, *_ = notes_clearing.confirm_clearing(1, stale, query, 0, sup, ids.CLEAR_CONFIRM)
    assert "edited meanwhile" in _text(result)
    viewer = make_ctx(engine, settings, nf.VIEWER)
    fresh = {"note_id": note_id, "version": 1, "cleared": False}
    result, *_ = notes_clearing.confirm_clearing(1, fresh, query, 0, viewer, ids.CLEAR_CONFIRM)
    assert FORBIDDEN_MESSAGE in _text(result)
    trigger = {"type": ids.CLEAR_BUTTON, "index": note_id}
    panel, target = notes_clearing.show_clearing([1], query, viewer, trigger)
    assert FORBIDDEN_MESSAGE in _text(panel) and target is None
    with engine.connect() as conn:
        cleared = conn.execute(
            select(ConsultationNote.cleared_version).where(ConsultationNote.id == note_id)
        ).scalar_one()
    assert cleared is None
