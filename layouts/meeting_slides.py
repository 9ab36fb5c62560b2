"""Meeting mode's slides as components, from the room's query results (no data access here).

Each function takes the small frames of ``data.queries.meeting`` (handed over by
``callbacks.meeting.content``) and returns the children of one slide (or whole slides, for
the mentors). The live deck and the meeting pack use the same functions, so the pack shows
what the room saw.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.charts import meeting as words
from layouts.ids import MeetingIds as ids

MENTORS_PER_SLIDE = 6
MAX_MENTOR_SLIDES = 8
NOTES_PER_COLUMN = 4
ROOM_GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "staticPlot": False}
GLANCE_MEASURES = (
    ("people_supported", "People supported", "people"),
    ("contacts", "Contacts", "contacts"),
    ("contact_hours", "Hours of support", "hours"),
    ("group_sessions", "Group sessions", "group sessions"),
    ("milestones", "Milestones reached", "milestones"),
)


def slide_title(text: str) -> Component:
    """A slide's heading."""
    return html.H2(text, className="meeting-slide-title")


def slide_section(children: object, slide_id: str, label: str) -> Component:
    """A whole slide: a section the deck's script moves between, named for screen readers."""
    return html.Section(
        children,
        id=slide_id,
        className="meeting-slide",
        **{"aria-roledescription": "slide", "aria-label": label},
    )


def problem_slide(title: str, message: str) -> list[Component]:
    """A slide that says what is wrong (bad month, no access) instead of its content."""
    return [slide_title(title), html.P(message, className="meeting-problem", role="alert")]


def problem_line(message: str) -> Component:
    """What is wrong (bad month, no access), in a line of its own beside a slide's form."""
    return html.P(message, className="meeting-problem")


def mentors_problem(title: str, message: str) -> list[Component]:
    """The mentors' slides when the request was refused: one slide that says why."""
    return [slide_section(problem_slide(title, message), "meeting-slide-mentors-1", title)]


def room_figure(graph_id: str, title: str, figure: object, caption: str, height: int) -> Component:
    """A figure for the room: its title, the chart and the caption that says it in words."""
    return html.Figure(
        [
            html.H3(title, className="meeting-figure-title"),
            dcc.Graph(
                id=graph_id,
                figure=figure,
                config=ROOM_GRAPH_CONFIG,
                style={"height": f"{height}px"},
                className="meeting-graph",
            ),
            html.Figcaption(caption, className="meeting-caption"),
        ],
        className="meeting-figure",
    )


def _period_names(glance: pd.DataFrame) -> dict[str, str]:
    names = {}
    for row in glance.itertuples(index=False):
        whole = row.start.day == 1 and (row.end + dt.timedelta(days=1)).day == 1
        names[row.period] = words.period_name(row.start, row.end, whole)
    return names


def _tile_value(row: pd.Series, column: str, hidden_below: int) -> str:
    value = row[column]
    if column == "contact_hours":
        return "hidden" if words.missing(value) else f"{float(value):,.0f}"
    return words.count_text(value, hidden_below)


def glance_slide(
    glance: pd.DataFrame, month_label: str, hidden_below: int, mix: pd.DataFrame | None = None
) -> list[Component]:
    """Slide 1: the month in big numbers, each compared in words with last month and last year,
    and what kind of support the contacts gave (``mix``, from ``contact_mix``)."""
    by_period = {row["period"]: row for _, row in glance.iterrows()}
    now, last, year_ago = by_period["this_month"], by_period["last_month"], by_period["last_year"]
    names = _period_names(glance)
    tiles = []
    for column, label, noun in GLANCE_MEASURES:
        if column == "contact_hours":
            comparisons = [
                _hours_words(now[column], before[column], names[period])
                for period, before in (("last_month", last), ("last_year", year_ago))
            ]
        else:
            comparisons = [
                words.compare_words(now[column], before[column], noun, names[period])
                for period, before in (("last_month", last), ("last_year", year_ago))
            ]
        tiles.append(
            html.Div(
                [
                    html.Div(label, className="meeting-tile-label"),
                    html.Div(
                        _tile_value(now, column, hidden_below),
                        className="meeting-tile-value"
                        + (" meeting-tile-hidden" if words.missing(now[column]) else ""),
                    ),
                    html.Ul(
                        [html.Li(_capitalise(text)) for text in comparisons],
                        className="meeting-tile-compare",
                    ),
                ],
                className="meeting-tile",
            )
        )
    lead = _glance_lead(now, names, last, year_ago, hidden_below)
    if mix is not None:
        lead = f"{lead} {words.contact_mix_sentence(mix)}".strip()
    so_far = month_label.endswith(" so far")
    # The periods' names carry their days ("1–7 November 2026") when the month is not over.
    compared = f"Compared with {names['last_month']} and {names['last_year']}"
    if so_far:
        compared += ": the same days, as this month is not over yet"
    return [
        slide_title(f"{month_label} at a glance"),
        html.P(lead, className="meeting-lead"),
        html.Div(tiles, className="meeting-tiles"),
        html.P(
            f"{compared}. " + words.rounding_note(hidden_below),
            className="meeting-footnote",
        ),
    ]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _hours_words(now: object, before: object, then: str) -> str:
    if words.missing(now) or words.missing(before):
        return f"too few hours to compare with {then}"
    difference = round(float(now) - float(before))  # type: ignore[arg-type]
    if difference > 0:
        return f"{difference:,} more hours than {then}"
    if difference < 0:
        return f"{-difference:,} fewer hours than {then}"
    return f"about the same hours as {then}"


def _glance_lead(
    now: pd.Series,
    names: dict[str, str],
    last: pd.Series,
    year_ago: pd.Series,
    hidden_below: int,
) -> str:
    """The month in one or two sentences, strengths first: a rise is told, a fall is left to
    the tiles."""
    people = words.count_text(now["people_supported"], hidden_below, "people")
    contacts = words.count_text(now["contacts"], hidden_below, "contacts")
    milestones = words.count_text(now["milestones"], hidden_below, "milestones")
    sentence = f"In {names['this_month']} mentors supported {people} through {contacts}"
    sentence += f", and mentees reached {milestones}."
    for before, period in ((last, "last_month"), (year_ago, "last_year")):
        change = words.compare_words(now["contacts"], before["contacts"], "contacts", names[period])
        if " more " in change:
            sentence += f" That is {change}."
            break
    return sentence


def wins_slide(
    milestones: pd.DataFrame, anniversaries: pd.DataFrame, hidden_below: int
) -> list[Component]:
    """Slide 2: milestones reached by life area, and matches that reached 6 or 12 months."""
    bars = int((milestones["achieved"].isna() | (milestones["achieved"].fillna(0) > 0)).sum())
    height = min(600, max(300, 90 * bars + 80))
    figure = words.milestones_figure(milestones, hidden_below, height=height)
    caption = words.milestones_caption(milestones, hidden_below)
    sentences = words.anniversary_sentences(anniversaries, hidden_below)
    if not sentences:
        sentences = ["No match reached 6 or 12 months together this month."]
    return [
        slide_title("Wins this month: congratulations!"),
        html.Div(
            [
                room_figure(ids.MILESTONES_GRAPH, words.MILESTONES_TITLE, figure, caption, height),
                html.Div(
                    [
                        html.H3("Matches going strong", className="meeting-subtitle"),
                        html.Ul(
                            [html.Li(s) for s in sentences], className="meeting-list meeting-wins"
                        ),
                        html.P(
                            "Every milestone is a step someone took with a mentor beside them.",
                            className="meeting-footnote",
                        ),
                    ],
                    className="meeting-side",
                ),
            ],
            className="meeting-two-columns meeting-wide-left",
        ),
    ]


def _note_column(title: str, notes: pd.DataFrame, empty: str) -> Component:
    items = []
    for row in notes.head(NOTES_PER_COLUMN).itertuples(index=False):
        who = f" — about {row.mentor}" if row.mentor else ""
        items.append(html.Li([html.Span(row.text, className="meeting-note-text"), who]))
    more = len(notes) - NOTES_PER_COLUMN
    children: list[Component] = [html.H3(title, className="meeting-subtitle")]
    children.append(
        html.Ul(items, className="meeting-list meeting-notes")
        if items
        else html.P(empty, className="meeting-empty")
    )
    if more > 0:
        children.append(html.P(f"And {more} more in the notes.", className="meeting-footnote"))
    return html.Div(children, className="meeting-column")


def notes_slide(notes: pd.DataFrame) -> list[Component]:
    """Slide 3: accomplishments and positive impacts recorded for the month."""
    accomplishments = notes[notes["kind"] == "accomplishment"]
    impacts = notes[notes["kind"] == "positive_impact"]
    return [
        slide_title("Accomplishments and positive impacts"),
        html.Div(
            [
                _note_column(
                    "Accomplishments",
                    accomplishments,
                    "None recorded yet: add them on the last slide.",
                ),
                _note_column(
                    "Positive impact on mentees",
                    impacts,
                    "None recorded yet: add them on the last slide.",
                ),
            ],
            className="meeting-two-columns",
        ),
    ]


def mentor_slides(contributions: pd.DataFrame, hidden_below: int) -> list[Component]:
    """Slides 4..: each mentor's month told as strengths, by name (never ranked or compared)."""
    title = "What each mentor gave this month"
    if contributions.empty:
        empty = [slide_title(title), html.P("No mentors in post at these sites this month.")]
        return [slide_section(empty, "meeting-slide-mentors-1", title)]
    chunks = [
        contributions.iloc[i : i + MENTORS_PER_SLIDE]
        for i in range(0, len(contributions), MENTORS_PER_SLIDE)
    ]
    shown = chunks[:MAX_MENTOR_SLIDES]
    left_out = len(contributions) - sum(len(c) for c in shown)
    slides = []
    for number, chunk in enumerate(shown, start=1):
        cards = [
            html.Div(
                [
                    html.H3(row["mentor"], className="meeting-card-name"),
                    html.Div(row["site"], className="meeting-card-site"),
                    html.Ul(
                        [html.Li(line) for line in words.contribution_lines(row, hidden_below)],
                        className="meeting-card-lines",
                    ),
                ],
                className="meeting-card",
            )
            for _, row in chunk.iterrows()
        ]
        part = f" ({number} of {len(shown)})" if len(shown) > 1 else ""
        children: list[Component] = [
            slide_title(f"{title}{part}"),
            html.Div(cards, className="meeting-cards"),
        ]
        if left_out and number == len(shown):
            children.append(
                html.P(
                    f"And {left_out} more mentors: choose one site to see everyone.",
                    className="meeting-footnote",
                )
            )
        slides.append(slide_section(children, f"meeting-slide-mentors-{number}", f"{title}{part}"))
    return slides


def outcomes_slide(
    trend: pd.DataFrame, distance: pd.DataFrame, hidden_below: int
) -> list[Component]:
    """Slide: the program's average recovery score over the year, and distance travelled."""
    return [
        slide_title("Recovery outcomes for the program"),
        html.Div(
            [
                room_figure(
                    graph_id, title, figure(frame, height=560), caption(frame, hidden_below), 560
                )
                for graph_id, title, figure, caption, frame in (
                    (
                        ids.TREND_GRAPH,
                        words.TREND_TITLE,
                        words.trend_figure,
                        words.trend_caption,
                        trend,
                    ),
                    (
                        ids.DISTANCE_GRAPH,
                        words.DISTANCE_TITLE,
                        words.distance_figure,
                        words.distance_caption,
                        distance,
                    ),
                )
            ],
            className="meeting-two-columns",
        ),
    ]


def challenge_slides(challenges: pd.DataFrame) -> list[Component]:
    """A slide of the challenges a supervisor marked for the room, or none when there are none.

    Challenges come after every strength; other challenges never reach the shared screen.
    """
    if challenges.empty:
        return []
    title = "Challenges the team brought to the room"
    children = [slide_title(title), *_note_column("", challenges, "").children[1:]]
    return [slide_section(children, "meeting-slide-challenges", title)]


def actions_slide(actions: pd.DataFrame) -> list[Component]:
    """Slide: action items still open from earlier meetings, with who owns each."""
    title = "Action items carried over"
    if actions.empty:
        return [
            slide_title(title),
            html.P(
                "Every action item from earlier meetings is done. Well done!",
                className="meeting-lead",
            ),
        ]
    total = int(actions["total"].iloc[0])
    items = [
        html.Li(
            [
                html.Span(row.text, className="meeting-note-text"),
                html.Span(
                    f"Owner: {row.owner}{_due(row.due_month)} · from "
                    f"{row.from_month.strftime('%B %Y')} · {row.site}",
                    className="meeting-note-meta",
                ),
            ]
        )
        for row in actions.itertuples(index=False)
    ]
    more = total - len(actions)
    children: list[Component] = [
        slide_title(title),
        html.P(
            f"{total} action item{'s are' if total != 1 else ' is'} still open "
            "from earlier meetings.",
            className="meeting-lead",
        ),
        html.Ul(items, className="meeting-list meeting-actions"),
    ]
    if more > 0:
        children.append(
            html.P(f"And {more} more on the Consultation notes page.", className="meeting-footnote")
        )
    return children


def recorded_slide(captured: list[Component]) -> list[Component]:
    """The pack's last slide: what this month's meeting recorded (``captured_list``)."""
    return [
        slide_title("Recorded at this month's meeting"),
        html.Div(captured, className="meeting-column"),
    ]


def _due(month: object) -> str:
    return f" · due {month.strftime('%B %Y')}" if isinstance(month, dt.date) else ""


def captured_list(notes: pd.DataFrame, counts: pd.DataFrame) -> list[Component]:
    """What this month's meeting has recorded: how many of each kind, and the latest notes
    (``notes``, newest first; challenges only when marked for the room)."""
    labels = {
        "accomplishment": ("accomplishment", "accomplishments"),
        "positive_impact": ("positive impact", "positive impacts"),
        "challenge": ("challenge", "challenges"),
        "action_item": ("action item", "action items"),
    }
    parts = []
    for row in counts.itertuples(index=False):
        if row.notes:
            one, many = labels.get(row.kind, (row.kind, row.kind))
            parts.append(f"{row.notes} {one if row.notes == 1 else many}")
    children: list[Component] = []
    if not parts:
        children.append(html.P("Nothing recorded yet this month.", className="meeting-empty"))
        return children
    children.append(html.P("So far: " + ", ".join(parts) + ".", className="meeting-summary"))
    children.append(
        html.Ul(
            [
                html.Li([html.Strong(f"{labels.get(r.kind, (r.kind,))[0].capitalize()}: "), r.text])
                for r in notes.itertuples(index=False)
            ],
            className="meeting-list meeting-notes",
        )
    )
    kept = int(counts.loc[counts["kind"] == "challenge", "off_screen"].sum())
    if kept:
        noun = "challenge is" if kept == 1 else "challenges are"
        children.append(
            html.P(f"{kept} {noun} kept off the shared screen.", className="meeting-footnote")
        )
    return children
