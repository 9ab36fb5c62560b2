"""Meeting mode's callbacks called directly, its capture slide, and its meeting pack.

The privacy test signs in as an admin, a supervisor and a meeting viewer, sends every
meeting-mode callback the request the browser sends, downloads the pack, and finds no mentee
name or code in any answer.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import plotly.io as pio
import pytest
from dash import no_update
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from callbacks.filters import FORBIDDEN_MESSAGE
from callbacks.meeting import capture
from callbacks.meeting import deck as cb
from data import clock
from data.filters import AccessScope
from data.schema import AuditEvent, ConsultationNote, Mentor, NoteRevision
from layouts import meeting_pack
from tests.callbacks.conftest import make_ctx
from tests.support import callback_body, callback_keys, mentee_identities, same_origin_headers

TODAY = clock.today()
LAST_MONTH = f"{TODAY.replace(day=1) - dt.timedelta(days=1):%Y-%m}"
THIS_MONTH = f"{TODAY:%Y-%m}"


def _text(node: object) -> str:
    """Every string in a component tree (or figure), as the browser would receive it."""
    return json.dumps(node, cls=PlotlyJSONEncoder, ensure_ascii=False)


def _slides(ctx, query):  # type: ignore[no-untyped-def]
    glance, label = cb.update_glance(query, ctx)
    wins, notes = cb.update_wins(query, ctx)
    mentors = cb.update_mentors(query, ctx)
    outcomes, actions = cb.update_outcomes(query, ctx), cb.update_actions(query, ctx)
    return [glance, wins, notes, mentors, outcomes, actions], label


@pytest.mark.parametrize("role", ["admin", "supervisor", "meeting_viewer"])
def test_every_slide_fills_for_every_role(admin_ctx, supervisor_ctx, viewer_ctx, role):
    ctx = {"admin": admin_ctx, "supervisor": supervisor_ctx, "meeting_viewer": viewer_ctx}[role]
    slides, label = _slides(ctx, {"month": LAST_MONTH, "sites": ""})
    month = dt.date.fromisoformat(LAST_MONTH + "-01").strftime("%B %Y")
    assert label.startswith(month)
    text = _text(slides)
    assert f"{month} at a glance" in text
    assert "Wins this month" in text and "What each mentor gave" in text
    assert "Recovery outcomes for the program" in text and "Action items carried over" in text
    assert "meeting-problem" not in text


def test_an_admin_and_a_viewer_of_one_site_see_the_same_slides(admin_ctx, viewer_ctx):
    site = str(next(iter(viewer_ctx.signed_in.site_ids)))
    query = {"month": LAST_MONTH, "sites": site}
    assert _text(_slides(admin_ctx, query)) == _text(_slides(viewer_ctx, query))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"month": "2026-13"}, "must look like"),
        ({"month": "<script>"}, "must look like"),
        ({"month": LAST_MONTH, "sites": "abc"}, "must be numbers"),
        ({"month": LAST_MONTH, "sites": "999999"}, "do not have access"),
        ("not a dict", None),
    ],
)
def test_bad_input_gives_a_message_on_every_slide(supervisor_ctx, query, message):
    slides, _label = _slides(supervisor_ctx, query)
    if message is None:  # a malformed store falls back to this month
        assert "meeting-problem" not in _text(slides)
        return
    for slide in slides:
        assert message in _text(slide)


def test_the_deck_opens_on_the_month_to_review_and_offers_this_month(viewer_ctx):
    """No month asked: the last complete month (MEETING_DAY 1), never the month just begun;
    the toolbar offers this month so far and the months before it."""
    review = dt.date.fromisoformat(LAST_MONTH + "-01")
    _, label = cb.update_glance({"month": "", "sites": ""}, viewer_ctx)
    assert label.startswith(f"{review:%B %Y} ·") and "so far" not in label
    options, value = cb.month_choices({"month": "", "sites": ""}, viewer_ctx)
    assert value == LAST_MONTH
    assert options[0] == {"label": f"{TODAY:%B %Y} (so far)", "value": THIS_MONTH}
    assert options[1]["value"] == LAST_MONTH and len(options) == cb.MONTHS_OFFERED + 1
    # This month, when chosen, is compared with the same days of the months before.
    glance, _ = cb.update_glance({"month": THIS_MONTH}, viewer_ctx)
    assert "so far at a glance" in _text(glance) and "the same days" in _text(glance)


def test_choosing_a_month_loads_its_deck_and_keeps_the_sites(viewer_ctx):
    query = {"month": "", "sites": ""}
    assert cb.month_href(LAST_MONTH, query, viewer_ctx) is no_update  # already on screen
    assert cb.month_href(THIS_MONTH, query, viewer_ctx) == f"/meeting?month={THIS_MONTH}"
    site = str(viewer_ctx.signed_in.site_ids and min(viewer_ctx.signed_in.site_ids))
    with_sites = {"month": LAST_MONTH, "sites": site}
    assert cb.month_href(THIS_MONTH, with_sites, viewer_ctx) == (
        f"/meeting?month={THIS_MONTH}&sites={site}"
    )
    for hostile in ("2999-01", "1999-12", "'; drop", None, 7, ["2026-01"]):
        assert cb.month_href(hostile, query, viewer_ctx) is no_update, hostile


def test_nobody_signed_in_is_refused(anonymous_ctx):
    slides, label = _slides(anonymous_ctx, {"month": LAST_MONTH})
    assert label == "Meeting mode"
    assert FORBIDDEN_MESSAGE in _text(slides[0])
    note, hidden, *_ = capture.update_capture_setup({"month": LAST_MONTH}, anonymous_ctx)
    assert hidden is True and note == FORBIDDEN_MESSAGE


def test_the_capture_form_is_offered_to_staff_only(supervisor_ctx, viewer_ctx):
    note, hidden, sites, value, mentors = capture.update_capture_setup(
        {"month": THIS_MONTH}, supervisor_ctx
    )
    assert hidden is False and value == sites[0]["value"] and len(sites) == 1
    assert mentors[0]["value"] == "none" and len(mentors) > 1
    note, hidden, sites, _value, mentors = capture.update_capture_setup(
        {"month": THIS_MONTH}, viewer_ctx
    )
    assert hidden is True and sites == [] and mentors == [] and "only watch" in note


# --- capture: writes go to a database of their own ------------------------------------------


@pytest.fixture
def capture_ctx(small_engine, settings):  # type: ignore[no-untyped-def]
    with small_engine.begin() as conn:
        conn.execute(
            Mentor.__table__.insert(),
            [
                dict(id=1, site_id=1, display_name="Alex Mentor", start_date=dt.date(2024, 1, 1),
                     status="active", capacity=3),
                dict(id=2, site_id=2, display_name="Bo Mentor", start_date=dt.date(2024, 1, 1),
                     status="active", capacity=3),
            ],
        )  # fmt: skip
    scope = AccessScope(
        role="supervisor", site_ids=frozenset({1}), see_identities=True, username="sup"
    )
    return make_ctx(small_engine, settings, scope)


def _save(ctx, text, site="1", mentor="none", kind="accomplishment", month=THIS_MONTH):  # type: ignore[no-untyped-def]
    return capture.save_note(1, {"month": month}, site, mentor, kind, text, 0, ctx)


def test_a_captured_note_is_saved_audited_and_listed(capture_ctx):
    status, text, saved = _save(
        capture_ctx, "  Alex walked with a mentee to the bank.  ", mentor="1"
    )
    assert (status, text, saved) == ("Saved. Thank you!", "", 1)
    with capture_ctx.engine.connect() as conn:
        note = conn.execute(select(ConsultationNote)).one()
        revisions = conn.execute(select(NoteRevision)).all()
        events = conn.scalars(select(AuditEvent.event)).all()
    assert note.text == "Alex walked with a mentee to the bank." and note.mentor_id == 1
    assert note.author == "sup" and len(revisions) == 1 and "note_edit" in events
    listed = _text(capture.update_captured({"month": THIS_MONTH}, 1, capture_ctx))
    assert "Alex walked with a mentee to the bank." in listed


def test_a_challenge_is_saved_but_only_counted_on_the_screen(capture_ctx):
    assert _save(capture_ctx, "Hard month for the team.", kind="challenge")[0].startswith("Saved")
    listed = _text(capture.update_captured({"month": THIS_MONTH}, 1, capture_ctx))
    assert "Hard month for the team." not in listed
    assert "1 challenge is kept off the shared screen" in listed
    assert "So far: 1 challenge." in listed


@pytest.mark.parametrize(
    ("site", "mentor", "kind", "text", "message"),
    [
        ("2", "none", "accomplishment", "Fine words.", "one of your sites"),
        ("1", "2", "accomplishment", "Fine words.", "not at the chosen site"),
        ("1", "none", "gossip", "Fine words.", "what kind of note"),
        ("1", "none", "accomplishment", "   ", "Write the note"),
        ("1", "none", "accomplishment", "x" * 2001, "at most 2000"),
        ("x'; drop", "none", "accomplishment", "Fine words.", "Choose the site"),
        ("1", ["1"], "accomplishment", "Fine words.", "Choose a mentor"),
    ],
)
def test_bad_capture_input_saves_nothing_and_keeps_the_text(
    capture_ctx, site, mentor, kind, text, message
):
    status, kept, saved = _save(capture_ctx, text, site=site, mentor=mentor, kind=kind)
    assert message in status and kept is no_update and saved is no_update
    with capture_ctx.engine.connect() as conn:
        assert conn.execute(select(ConsultationNote)).all() == []


def test_a_meeting_viewer_cannot_capture(capture_ctx):
    capture_ctx.signed_in = AccessScope(
        role="meeting_viewer", site_ids=frozenset({1}), small_cell_min=5, username="viewer"
    )
    status, kept, _ = _save(capture_ctx, "Fine words.")
    assert "not write notes" in status and kept is no_update


def test_a_database_fault_keeps_the_typed_text(capture_ctx, monkeypatch):
    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(capture, "add_meeting_note", fail)
    status, kept, saved = _save(capture_ctx, "Words worth keeping.")
    assert "still in the box" in status and kept is no_update and saved is no_update


def test_a_challenge_marked_for_the_room_gets_its_own_slide(capture_ctx):
    assert cb.update_challenges({"month": THIS_MONTH}, capture_ctx) == []
    _save(capture_ctx, "Transport costs keep mentees from the group.", kind="challenge")
    assert cb.update_challenges({"month": THIS_MONTH}, capture_ctx) == []  # not marked
    with capture_ctx.engine.begin() as conn:
        conn.execute(ConsultationNote.__table__.update().values(shown_in_room=True))
    capture_ctx.signed_in = AccessScope(
        role="meeting_viewer", site_ids=frozenset({1}), small_cell_min=5, username="viewer"
    )
    slide = cb.update_challenges({"month": THIS_MONTH}, capture_ctx)
    assert len(slide) == 1
    assert "Transport costs keep mentees from the group." in _text(slide)
    assert cb.update_challenges({"month": "2026-13"}, capture_ctx) == []


def test_no_click_changes_nothing(capture_ctx):
    assert capture.save_note(None, {}, "1", "none", "accomplishment", "x", 0, capture_ctx) == (
        no_update,
        no_update,
        no_update,
    )


# --- the privacy sweep and the pack ---------------------------------------------------------


def _meeting_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    keys = [k for k in callback_keys(app) if "meeting-" in k]
    assert len(keys) >= 6
    return keys


@pytest.mark.parametrize("role", ["admin", "supervisor", "meeting_viewer"])
def test_no_meeting_answer_or_pack_names_a_mentee(demo_app, client_for, demo_engine, role):
    identities = mentee_identities(demo_engine)
    client = client_for(role)
    answers = []
    for month in (LAST_MONTH, THIS_MONTH):
        query = {"month": month, "sites": ""}
        for key in _meeting_keys(demo_app):
            body = callback_body(demo_app, key, {"meeting-query.data": query})
            response = client.post(
                "/_dash-update-component", json=body, headers=same_origin_headers()
            )
            assert response.status_code in (200, 204), (key, response.status_code)
            answers.append(response.get_data(as_text=True))
    page = client.get(f"/meeting?month={LAST_MONTH}")
    assert page.status_code == 200
    pack = client.get(f"/meeting/pack.html?month={LAST_MONTH}")
    assert pack.status_code == 200
    from plotly.offline import get_plotlyjs

    # The inlined library holds no program data; searching 4 MB of it per name is slow.
    answers.append(pack.get_data(as_text=True).replace(get_plotlyjs(), ""))
    names = "|".join(re.escape(i) for i in sorted(identities, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])({names})(?![\w-])")
    for text in answers:
        assert pattern.findall(text) == []


def test_the_html_pack_is_self_contained_and_audited(demo_app, client_for, demo_engine):
    response = client_for("supervisor").get(f"/meeting/pack.html?month={LAST_MONTH}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "attachment" in response.headers["Content-Disposition"]
    document = response.get_data(as_text=True)
    assert re.search(r"plotly\.js v\d", document)  # the library itself, inlined
    from plotly.offline import get_plotlyjs

    own = document.replace(get_plotlyjs(), "")  # the library's own docs links are not loads
    assert len(own) < len(document) - 1_000_000
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", own)
    assert "<script src" not in own and "<link" not in own
    assert document.count('class="meeting-slide pack-slide"') >= 7
    assert document.count("Plotly.newPlot") == 3  # milestones, trend, distance
    with demo_engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent.username, AuditEvent.target).where(AuditEvent.event == "export")
        ).all()
    assert ("supervisor", "meeting pack (html)") in [tuple(e) for e in events]


def test_the_pack_refuses_bad_input_and_the_signed_out(demo_app, client_for):
    client = client_for("supervisor")
    assert client.get("/meeting/pack.html?month=2026-13").status_code == 400
    assert client.get("/meeting/pack.html?sites=999999").status_code == 400
    assert client.get("/meeting/pack.doc").status_code == 404
    anonymous = demo_app.server.test_client()
    assert anonymous.get(f"/meeting/pack.html?month={LAST_MONTH}").status_code in (302, 401)


def test_the_pdf_has_one_page_per_slide(demo_app, client_for):
    client = client_for("admin")
    document = client.get(f"/meeting/pack.html?month={LAST_MONTH}").get_data(as_text=True)
    slides = document.count('class="meeting-slide pack-slide"')
    response = client.get(f"/meeting/pack.pdf?month={LAST_MONTH}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == slides


def test_component_html_escapes_text_and_attributes():
    from dash import html

    node = html.Div(["<b>", html.Span("x", title='"q"')], className="a&b")
    assert meeting_pack.component_html(node) == (
        '<div class="a&amp;b">&lt;b&gt;<span title="&quot;q&quot;">x</span></div>'
    )
    figure = pio.from_json(json.dumps({"data": [], "layout": {}}))
    from dash import dcc

    assert "Plotly.newPlot" in meeting_pack.component_html(dcc.Graph(id="g", figure=figure))


SPELLINGS = [
    "Henry Perkins", "HENRY\u00a0PERKINS", "Henry\nPerkins", "Hеnry Perkins", "H. P.",
    "Mr Perkins", "M-00003", "M 3", "m3", "#00003", "00003", "M\u201300003", "M_00003",
]  # fmt: skip


def test_a_note_naming_another_sites_mentee_reaches_no_pack(small_app, small_client_for):  # type: ignore[no-untyped-def]
    """A site-1 note names a site-2 mentee in every spelling: the site-1 viewer's pack (and
    the admin's) shows none of them; the sentence around them arrives intact."""
    from plotly.offline import get_plotlyjs
    from sqlalchemy import insert

    from data import schema as s
    from data.versioning import bump

    engine = small_app.server.extensions["peer_mentoring"].engine
    month = dt.date.fromisoformat(LAST_MONTH + "-01")
    text = "Went out with " + ", ".join(SPELLINGS) + " to the library."
    with engine.begin() as conn:
        conn.execute(
            insert(s.Mentor).values(
                id=1,
                site_id=1,
                display_name="Alex Mentor",
                start_date=dt.date(2020, 1, 1),
                status="active",
                capacity=4,
            )
        )
        conn.execute(
            insert(s.Mentee).values(
                id=1,
                site_id=2,
                code="M-00003",
                display_name="Henry Perkins",
                referral_date=dt.date(2020, 1, 1),
                status="matched",
            )
        )
        conn.execute(
            insert(s.ConsultationMeeting).values(id=1, site_id=1, month=month, held_on=month)
        )
        conn.execute(
            insert(s.ConsultationNote).values(
                meeting_id=1,
                site_id=1,
                mentor_id=1,
                kind="accomplishment",
                text=text,
                author="sam",
                version=1,
                cleared_version=1,
                cleared_by="sam",
            )
        )
        bump(conn)
    for role in ("viewer", "admin"):
        pack = small_client_for(role).get(f"/meeting/pack.html?month={LAST_MONTH}")
        assert pack.status_code == 200
        document = pack.get_data(as_text=True).replace(get_plotlyjs(), "")
        assert "Went out with a mentee, a mentee" in document and "to the library." in document
        for spelled in ["Henry", "Perkins", "00003", "M 3", "m3", "H. P."]:
            found = re.search(rf"(?<![\w-]){re.escape(spelled)}(?![\w-])", document, re.I)
            assert found is None, (role, spelled)
    # The PDF, as its text reads: the same sentence, nobody named.
    pdf = small_client_for("viewer").get(f"/meeting/pack.pdf?month={LAST_MONTH}")
    assert pdf.status_code == 200
    from pypdf import PdfReader

    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    words = " ".join(words.split())
    assert "Went out with a mentee" in words and "library" in words
    for spelled in ["Henry", "Perkins", "00003", "M 3", "m3", "H. P."]:
        found = re.search(rf"(?<![\w-]){re.escape(spelled)}(?![\w-])", words, re.I)
        assert found is None, ("pdf", spelled)
