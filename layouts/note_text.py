"""A note's sanitised HTML (``dashboard.note_markdown``) as Dash components.

Each allowed tag becomes its ``dash.html`` component and text stays text, so nothing is ever
inserted into the page as markup: a note holding ``<script>`` shows those characters.
"""

from __future__ import annotations

from html.parser import HTMLParser

from dash import html
from dash.development.base_component import Component

from dashboard.note_markdown import render_note_html

_COMPONENTS = {
    "p": html.P,
    "br": html.Br,
    "strong": html.Strong,
    "em": html.Em,
    "ul": html.Ul,
    "ol": html.Ol,
    "li": html.Li,
    "code": html.Code,
    "pre": html.Pre,
    "blockquote": html.Blockquote,
    "a": html.A,
    "hr": html.Hr,
    "del": html.Del,
}
_VOID = {"br", "hr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str], list[object]]] = [("root", {}, [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _COMPONENTS:
            return
        if tag in _VOID:
            self.stack[-1][2].append(_COMPONENTS[tag]())
            return
        self.stack.append((tag, {k: v or "" for k, v in attrs}, []))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _COMPONENTS or tag in _VOID or len(self.stack) == 1:
            return
        name, attrs, children = self.stack.pop()
        props: dict[str, object] = {}
        if name == "a":
            props = {"href": attrs.get("href", ""), "rel": attrs.get("rel", ""), "target": "_blank"}
        self.stack[-1][2].append(_COMPONENTS[name](children, **props))

    def handle_data(self, data: str) -> None:
        self.stack[-1][2].append(data)


def note_components(text: str) -> list[object]:
    """The note's Markdown ``text`` as a list of components and strings, safe to render."""
    builder = _Builder()
    builder.feed(render_note_html(text))
    builder.close()
    while len(builder.stack) > 1:  # unclosed tags (nh3 output is balanced; be safe anyway)
        name, _, children = builder.stack.pop()
        builder.stack[-1][2].append(_COMPONENTS[name](children))
    return [c for c in builder.stack[0][2] if not (isinstance(c, str) and not c.strip())]


def note_body(text: str, class_name: str = "note-text") -> Component:
    """A Div holding the rendered note."""
    return html.Div(note_components(text), className=class_name)
