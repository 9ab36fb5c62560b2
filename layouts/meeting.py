"""Meeting mode: the month on a shared screen, one slide at a time, strengths first.

The deck covers the whole window (the navbar and filter bar stay underneath) and is drawn on
a 1920x1080 stage that ``assets/meeting.js`` scales to fit any screen, so a slide looks the
same on a projector, a TV or a laptop and never scrolls. The same script moves between
slides with the keyboard or a presentation clicker (arrows, Page Up/Down, space, Home/End),
keeps the slide counter, auto-advances when asked and toggles full screen. Slide contents
come by callback (``callbacks.meeting.deck``); this module reads no data.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.ids import MeetingIds as ids
from layouts.meeting_slides import slide_section, slide_title

TITLE = "Meeting mode"
AUTO_ADVANCE_CHOICES = (
    ("0", "Off"),
    ("20", "Every 20 s"),
    ("45", "Every 45 s"),
    ("90", "Every 90 s"),
)
NOTE_KIND_CHOICES = (
    ("accomplishment", "Accomplishment"),
    ("positive_impact", "Positive impact"),
    ("challenge", "Challenge (kept off the shared screen)"),
    ("action_item", "Action item"),
)


def _text(value: object, limit: int = 40) -> str:
    return value[:limit] if isinstance(value, str) else ""


def month_value(month: object) -> str:
    """The month the URL asks for as 'YYYY-MM' text (unchecked: callbacks validate it); empty
    when it names none, so that the callbacks open the month to review (the last complete
    one, per the program's meeting day)."""
    return _text(month, 7)


def pack_href(kind: str, month: str, sites: str) -> str:
    """Where the meeting pack of ``kind`` ('html' or 'pdf') is downloaded for these filters."""
    params = {"month": month} if month else {}
    if sites:
        params["sites"] = sites
    return dash.get_relative_path(f"/meeting/pack.{kind}") + "?" + urlencode(params, safe=",")


def pack_link(label: str, link_id: str, kind: str, month: str, sites: str) -> Component:
    """A link that downloads the meeting pack of ``kind`` for these filters."""
    return html.A(label, id=link_id, href=pack_href(kind, month, sites), className="meeting-link")


def loading_slide(slide_id: str, title: str) -> Component:
    """A slide whose content a callback fills in; says what it will show meanwhile."""
    return slide_section(slide_title(title), slide_id, title)


def _button(label: str, button_id: str, action: str, **extra: object) -> Component:
    return html.Button(
        label,
        id=button_id,
        type="button",
        className="meeting-button",
        **{"data-deck-action": action},
        **extra,
    )


def toolbar(month: str) -> Component:
    """The deck's top bar: what it shows, the slide controls and the way out."""
    return html.Div(
        [
            html.Div(
                [
                    html.H1(TITLE, id=ids.HEADING, className="meeting-heading"),
                    html.Span("", id=ids.MONTH_LABEL, className="meeting-month-label"),
                ],
                className="meeting-toolbar-title",
            ),
            html.Div(
                [
                    html.Label(
                        [
                            html.Span("Month to review", className="visually-hidden"),
                            dcc.Dropdown(
                                id=ids.MONTH_CHOICE,
                                options=[],
                                clearable=False,
                                searchable=False,
                                placeholder="Month",
                                className="meeting-month-choice",
                            ),
                        ],
                        className="d-block m-0",
                    ),
                    # A new month is a new deck: the page loads again for it.
                    dcc.Location(id=ids.MONTH_NAV, refresh=True),
                ],
                className="meeting-month-picker",
            ),
            html.Nav(
                [
                    _button("‹ Back", ids.PREV, "prev", **{"aria-label": "Previous slide"}),
                    html.Span(
                        id=ids.COUNTER,
                        className="meeting-counter",
                        role="status",
                        **{"aria-live": "polite", "aria-atomic": "true"},
                    ),
                    _button("Next ›", ids.NEXT, "next", **{"aria-label": "Next slide"}),
                    html.Label(
                        [
                            "Auto-advance ",
                            html.Select(
                                [
                                    html.Option(label, value=value)
                                    for value, label in AUTO_ADVANCE_CHOICES
                                ],
                                id=ids.AUTO_ADVANCE,
                                className="meeting-select",
                            ),
                        ],
                        className="meeting-auto-label",
                    ),
                    _button(
                        "Full screen",
                        ids.FULL_SCREEN,
                        "fullscreen",
                        **{"aria-pressed": "false", "title": "Full screen (F)"},
                    ),
                    html.A(
                        "Exit",
                        id=ids.EXIT,
                        href=dash.get_relative_path("/"),
                        className="meeting-button meeting-exit",
                    ),
                ],
                className="meeting-controls",
                **{"aria-label": "Slide controls"},
            ),
        ],
        id=ids.TOOLBAR,
        className="meeting-toolbar",
        **{"data-month": month},
    )


def capture_slide(month: str, sites: str) -> Component:
    """The slide where the supervisor writes this month's notes live, and the pack links."""
    form = html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Site", html_for=ids.CAPTURE_SITE),
                            dbc.Select(id=ids.CAPTURE_SITE, options=[], className="meeting-select"),
                        ],
                        width=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("About a mentor (optional)", html_for=ids.CAPTURE_MENTOR),
                            dbc.Select(
                                id=ids.CAPTURE_MENTOR,
                                options=[],
                                value="none",
                                className="meeting-select",
                            ),
                        ],
                        width=6,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dbc.Label("Kind of note", html_for=ids.CAPTURE_KIND),
            dbc.Select(
                id=ids.CAPTURE_KIND,
                options=[{"label": label, "value": value} for value, label in NOTE_KIND_CHOICES],
                value="accomplishment",
                className="meeting-select mb-3",
            ),
            dbc.Label("Note", html_for=ids.CAPTURE_TEXT),
            dbc.Textarea(
                id=ids.CAPTURE_TEXT,
                rows=3,
                maxLength=2000,
                placeholder="Say what happened without naming a mentee",
                className="meeting-textarea mb-3",
            ),
            html.Button(
                "Save note",
                id=ids.CAPTURE_SAVE,
                type="button",
                className="meeting-button meeting-save",
            ),
            html.Div(
                id=ids.CAPTURE_STATUS,
                className="meeting-capture-status",
                role="status",
                **{"aria-live": "polite"},
            ),
        ],
        id=ids.CAPTURE_FORM,
        hidden=True,
        className="meeting-capture-form",
    )
    title = "Capture this month's meeting"
    return slide_section(
        [
            slide_title(title),
            html.Div(
                [
                    html.Div(
                        [html.P("", id=ids.CAPTURE_ROLE_NOTE, className="meeting-lead"), form],
                        className="meeting-capture-left",
                    ),
                    html.Div(
                        [
                            html.H3("Recorded this month", className="meeting-subtitle"),
                            html.Div(id=ids.CAPTURE_LIST, className="meeting-capture-list"),
                            html.P(
                                [
                                    "Meeting pack for those who could not come: ",
                                    pack_link("web page", ids.PACK_HTML, "html", month, sites),
                                    " or ",
                                    pack_link("PDF", ids.PACK_PDF, "pdf", month, sites),
                                ],
                                className="meeting-pack-links",
                            ),
                        ],
                        className="meeting-capture-right",
                    ),
                ],
                className="meeting-two-columns",
            ),
            dcc.Store(id=ids.CAPTURE_SAVED, data=0),
        ],
        ids.CAPTURE,
        title,
    )


def layout(month: object = None, sites: object = None, **_query: object) -> Component:
    """The deck for ``month`` ('YYYY-MM'; default the month to review) at ``sites`` (default:
    all the user may see). Slide contents come by callback."""
    month_text = month_value(month)
    sites_text = _text(sites, 400)
    return html.Div(
        [
            dcc.Store(id=ids.QUERY, data={"month": month_text, "sites": sites_text}),
            html.Div(
                [
                    toolbar(month_text),
                    html.Div(
                        [
                            loading_slide(ids.GLANCE, "The month at a glance"),
                            loading_slide(ids.WINS, "Wins this month"),
                            loading_slide(ids.NOTES, "Accomplishments and positive impacts"),
                            html.Div(
                                loading_slide("meeting-slide-mentors-1", "What each mentor gave"),
                                id=ids.MENTORS,
                                className="meeting-slide-group",
                            ),
                            loading_slide(ids.OUTCOMES, "Outcomes for the program"),
                            # Challenges a supervisor marked for the room (no slide if none).
                            html.Div(id=ids.CHALLENGES, className="meeting-slide-group"),
                            loading_slide(ids.ACTIONS, "Action items carried over"),
                            capture_slide(month_text, sites_text),
                        ],
                        id=ids.SLIDES,
                        className="meeting-slides",
                        role="region",
                        **{"aria-label": "Slides"},
                    ),
                ],
                id=ids.STAGE,
                className="meeting-stage",
            ),
        ],
        id=ids.DECK,
        className="meeting-deck",
        tabIndex=-1,
    )
