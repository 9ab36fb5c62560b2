"""Pieces of the Consultation notes page built from query results handed over by callbacks.

Plain functions of plain values (dicts, lists, strings): no data access. Note text is shown
through ``layouts.note_text`` (Markdown made safe, then components), search snippets as text
with ``html.Mark`` around the words found; nothing is ever inserted as HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from data.labels import NOTE_KIND_LABELS as KIND_LABELS
from layouts.ids import NotesIds as ids
from layouts.note_text import note_body

KIND_HEADINGS = {
    "accomplishment": "Accomplishments",
    "positive_impact": "Positive impacts",
    "challenge": "Challenges",
    "action_item": "Action items",
}
KIND_COLOURS = {
    "accomplishment": "success",
    "positive_impact": "primary",
    "challenge": "warning",
    "action_item": "secondary",
}
SNIPPET_CHARS = 240

Row = Mapping[str, object]


def row_button(label: str, kind: str, index: int, class_name: str, says: str) -> Component:
    """A button of one row of a list (a note, a suggested line), its id pattern-matched by
    ``kind`` and the row's ``index``; ``says`` is what a screen reader hears."""
    return html.Button(
        label,
        id={"type": kind, "index": index},
        className=class_name,
        **{"aria-label": says},
    )


def _month(value: object) -> str:
    text = str(value)[:10]
    try:
        return dt.date.fromisoformat(text).strftime("%B %Y")
    except ValueError:
        return text


# Meetings listed at once. Each is a link, and drawing them costs the browser: 240 (an admin's
# year of 20 sites) took Chromium 1.25 s; a month's meetings fit well under this.
MAX_LISTED_MEETINGS = 24


def meeting_links(meetings: Sequence[Row], href_for: Mapping[int, str], chosen: int | None):  # type: ignore[no-untyped-def]
    """The meetings as a list of links (the chosen one marked as current): the
    ``MAX_LISTED_MEETINGS`` first (newest) ones, then a line that says how many more there are
    and how to see them."""
    if not meetings:
        return html.P(
            "No meetings in this period at these sites yet. Start one below.",
            className="text-body-secondary",
        )
    listed = list(meetings[:MAX_LISTED_MEETINGS])
    items = []
    for m in listed:
        meeting_id = int(m["meeting_id"])  # type: ignore[call-overload]
        current = meeting_id == chosen
        label = f"{_month(m['month'])} · {m['site']}"
        detail = f"held {str(m['held_on'])[:10]} · {m['attendees']} attending · {m['notes']} notes"
        items.append(
            html.Li(
                [
                    dcc.Link(
                        label + (" (open)" if current else ""),
                        href=href_for[meeting_id],
                        className="fw-semibold",
                    ),
                    html.Div(detail, className="small text-body-secondary"),
                ],
                className="list-group-item" + (" active-meeting" if current else ""),
            )
        )
    links = html.Ul(items, className="list-group list-group-flush")
    if len(meetings) <= len(listed):
        return links
    more = html.P(
        f"The {len(listed)} newest of {len(meetings)} meetings are listed. Choose a month above "
        "to see that month's meetings, or fewer sites.",
        className="small text-body-secondary mt-2",
        id=ids.MEETING_LIST_MORE,
    )
    return html.Div([links, more])


def note_item(note: Row) -> Component:
    """One note: its mentor, rendered text, action-item details and its buttons."""
    note_id = int(note["note_id"])  # type: ignore[call-overload]
    kind = str(note["kind"])
    header: list[object] = []
    if note.get("mentor_id") is not None and note.get("mentor"):
        header.append(
            dcc.Link(
                str(note["mentor"]), href=f"/mentors/{note['mentor_id']}", className="fw-semibold"
            )
        )
    if note.get("origin") == "suggested":
        header.append(
            dbc.Badge(
                "from the suggested agenda", color="light", text_color="dark", className="ms-2"
            )
        )
    if kind == "challenge" and note.get("shown_in_room"):
        header.append(
            dbc.Badge("shown in the room", color="info", text_color="dark", className="ms-2")
        )
    cleared = bool(note.get("cleared"))
    header.append(
        dbc.Badge("cleared for the room", color="success", className="ms-2")
        if cleared
        else dbc.Badge(
            "not cleared for the room", color="light", text_color="dark", className="ms-2"
        )
    )
    details = []
    if kind == "action_item":
        owner = (
            f"Owner: {note.get('mentor') or 'mentor'}"
            if note.get("owner") == "mentor"
            else "Owner: the supervisor"
        )
        due = f"due {_month(note['due_month'])}" if note.get("due_month") else "no due month"
        details.append(
            html.Div(
                f"{owner} · {due} · {note.get('status') or 'open'}",
                className="small text-body-secondary",
            )
        )
    label = KIND_LABELS.get(kind, "note").lower()
    buttons = html.Div(
        [
            row_button(
                "Edit",
                ids.EDIT_BUTTON,
                note_id,
                "btn btn-sm btn-outline-primary me-1",
                f"Edit {label} {note_id}",
            ),
            row_button(
                "History",
                ids.HISTORY_BUTTON,
                note_id,
                "btn btn-sm btn-outline-secondary me-1",
                f"History of {label} {note_id}",
            ),
            row_button(
                "Withdraw from the room" if cleared else "Clear for the room",
                ids.CLEAR_BUTTON,
                note_id,
                "btn btn-sm btn-outline-success me-1",
                f"Clear {label} {note_id} for the room, or withdraw it",
            ),
            row_button(
                "Delete",
                ids.DELETE_BUTTON,
                note_id,
                "btn btn-sm btn-outline-danger",
                f"Delete {label} {note_id}",
            ),
        ],
        className="mt-2",
    )
    return html.Li(
        [html.Div(header), note_body(str(note["text"])), *details, buttons],
        className="list-group-item note-item",
        id=f"notes-note-{note_id}",
        **{"data-note-id": str(note_id), "data-version": str(note.get("version"))},
    )


def notes_by_kind(notes: Sequence[Row]) -> Component:
    """The meeting's notes grouped by kind, strengths first (kinds with none say so)."""
    sections = []
    for kind, heading in KIND_HEADINGS.items():
        of_kind = [n for n in notes if n["kind"] == kind]
        body: Component = (
            html.Ul([note_item(n) for n in of_kind], className="list-group mb-3")
            if of_kind
            else html.P(f"No {heading.lower()} yet.", className="text-body-secondary small")
        )
        sections.append(
            html.Section(
                [html.H3(heading, className="h6 mt-3"), body],
                className=f"notes-kind notes-kind-{kind}",
            )
        )
    return html.Div(sections)


def _owner(item: Row) -> str:
    if item.get("owner") == "mentor" and item.get("mentor"):
        return f"owner {item['mentor']}"
    return "owner the supervisor"


def carried_over(items: Sequence[Row]) -> Component | None:
    """Open action items from earlier meetings, shown at the top of the next one, each with
    a button that marks it done."""
    if not items:
        return None
    return dbc.Alert(
        [
            html.H3("Carried over: open action items", className="h6 alert-heading"),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(f"{_month(i['month'])}: ", className="fw-semibold"),
                            note_body(str(i["text"]), "note-text d-inline-block"),
                            html.Span(
                                f" ({_owner(i)}"
                                + (f", due {_month(i['due_month'])}" if i.get("due_month") else "")
                                + ")",
                                className="small",
                            ),
                            row_button(
                                "Mark done",
                                ids.CARRIED_DONE,
                                int(i["note_id"]),  # type: ignore[call-overload]
                                "btn btn-sm btn-outline-success ms-2",
                                f"Mark action item {i['note_id']} done",
                            ),
                        ],
                        className="mb-1",
                    )
                    for i in items
                ],
                className="mb-0",
            ),
        ],
        color="light",
        className="border carried-over",
    )


def history_list(note_id: int, revisions: Sequence[Row]) -> Component:
    """Every saved state of a note, newest first."""
    if not revisions:
        return dbc.Alert("No history for this note.", color="light")
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(f"History of note {note_id}", className="h6 card-title"),
                html.Ol(
                    [
                        html.Li(
                            [
                                html.Div(
                                    f"Version {r['version']} · {r['edited_by']} · "
                                    f"{r['edited_at']} UTC · {KIND_LABELS.get(str(r['kind']))}",
                                    className="small text-body-secondary",
                                ),
                                html.Pre(str(r["text"]), className="note-revision-text"),
                            ]
                        )
                        for r in revisions
                    ],
                    reversed=True,
                    className="mb-0",
                ),
            ]
        ),
        className="mb-3 note-history",
    )


def conflict_panel(author: str, theirs: str, yours: str, deleted: bool) -> Component:
    """Both texts after a refused save: theirs as saved, yours as typed (still in the form)."""
    what = "deleted this note" if deleted else "saved this note"
    advice = (
        "Your text is still in the form: Save adds it as a new note."
        if deleted
        else "Your text is still in the form. Copy or merge what you need, then press "
        "'Continue from their version' and Save: their version stays in the history."
    )
    return dbc.Alert(
        [
            html.H3(f"{author or 'Someone'} {what} while you were editing", className="h6"),
            html.P(f"Nothing of yours was saved yet. {advice}"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H4("Their version", className="h6"),
                            html.Pre(theirs, className="conflict-theirs"),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            html.H4("Your text (not saved)", className="h6"),
                            html.Pre(yours, className="conflict-yours"),
                        ],
                        md=6,
                    ),
                ]
            ),
        ],
        color="warning",
        className="notes-conflict",
    )


def highlighted(text: str, terms: Iterable[str]) -> list[object]:
    """``text`` (cut to a snippet around the first match) with each word that starts with a
    search term wrapped in ``html.Mark``."""
    words = [re.escape(t) for t in terms if t]
    if not words:
        return [text[:SNIPPET_CHARS]]
    pattern = re.compile(r"\b(?:" + "|".join(words) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - 60) if first and len(text) > SNIPPET_CHARS else 0
    snippet = text[start : start + SNIPPET_CHARS]
    parts: list[object] = ["…"] if start else []
    position = 0
    for match in pattern.finditer(snippet):
        parts.append(snippet[position : match.start()])
        parts.append(html.Mark(match.group(0)))
        position = match.end()
    parts.append(snippet[position:])
    if start + SNIPPET_CHARS < len(text):
        parts.append("…")
    return [p for p in parts if p != ""]


def search_results(
    rows: Sequence[Row], terms: Sequence[str], href_for: Mapping[int, str], more: bool
) -> Component:
    """The matching notes, newest meeting first, words found highlighted."""
    if not terms:
        return html.P(
            "Type one or more words to search the notes.", className="text-body-secondary"
        )
    if not rows:
        return html.P(
            "No notes in this period and these sites contain all of: " + ", ".join(terms) + ".",
            className="text-body-secondary",
        )
    count = f"{len(rows)}{'+' if more else ''} notes found" + (" (newest shown)" if more else "")
    return html.Div(
        [
            html.P(count, className="small text-body-secondary"),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Div(
                                [
                                    dcc.Link(
                                        f"{_month(r['month'])} · {r['site']}",
                                        href=href_for[int(r["meeting_id"])],  # type: ignore[call-overload]
                                    ),
                                    f" · {KIND_LABELS.get(str(r['kind']), '')}",
                                    f" · {r['mentor']}" if r.get("mentor") else "",
                                ],
                                className="small",
                            ),
                            html.P(highlighted(str(r["text"]), terms), className="mb-0"),
                        ],
                        className="list-group-item search-result",
                    )
                    for r in rows
                ],
                className="list-group",
            ),
        ]
    )


def suggestion_rows(suggestions: Sequence[Row]) -> Component:
    """Each drafted line as an editable field with Accept and Drop."""
    if not suggestions:
        return html.P(
            "Nothing left to suggest for this month.", className="text-body-secondary small"
        )
    rows = []
    for s in suggestions:
        key = int(s["key"])  # type: ignore[call-overload]
        text_id = {"type": ids.SUGGESTION_TEXT, "index": key}
        rows.append(
            html.Div(
                [
                    html.Label(
                        [
                            html.Span(f"Suggested line {key + 1}", className="visually-hidden"),
                            dbc.Input(id=text_id, value=str(s["text"]), maxLength=4000),
                        ],
                        className="flex-grow-1 mb-0",
                    ),
                    row_button(
                        "Accept",
                        ids.SUGGESTION_ACCEPT,
                        key,
                        "btn btn-success",
                        f"Accept suggested line {key + 1}",
                    ),
                    row_button(
                        "Drop",
                        ids.SUGGESTION_DROP,
                        key,
                        "btn btn-outline-secondary",
                        f"Drop suggested line {key + 1}",
                    ),
                ],
                className="d-flex gap-2 mb-2 suggestion-row",
            )
        )
    return html.Div(rows)


def mentor_notes_list(notes: Sequence[Row], href_for: Mapping[int, str]) -> Component:
    """The notes about one mentor (newest meetings first) by kind, accomplishments first,
    each with a link to its meeting; under the mentor page's own heading, so kinds are h3."""
    if not notes:
        return html.Div(
            [
                html.P(
                    "No consultation notes about this mentor in this period.",
                    className="text-body-secondary",
                ),
            ]
        )
    sections: list[Component] = []
    for kind, title in KIND_HEADINGS.items():
        of_kind = [n for n in notes if n["kind"] == kind]
        if not of_kind:
            continue
        sections.append(html.H3(title, className="h6 mt-3"))
        sections.append(
            html.Ul(
                [
                    html.Li(
                        [
                            dcc.Link(
                                f"{n['month']:%B %Y} · {n['site']}",
                                href=href_for[int(n["meeting_id"])],  # type: ignore[call-overload]
                                className="small",
                            ),
                            note_body(str(n["text"])),
                        ],
                        className="list-group-item",
                    )
                    for n in of_kind
                ],
                className="list-group mentor-notes",
            )
        )
    return html.Div(sections)
