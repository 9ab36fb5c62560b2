"""Consultation notes are Markdown: rendered by markdown-it-py, then cleaned by nh3.

markdown-it-py runs with raw HTML off (``<script>`` or ``<img onerror=...>`` typed in a note
comes out as escaped text), without images (nothing is fetched from elsewhere) and without
headings (the page keeps its one ``h1`` and its outline); nh3 (the Rust ``ammonia`` sanitiser)
then keeps only the tags and attributes below, as a second line of defence. The result is
turned into Dash components by ``layouts.note_text``: no HTML string ever reaches the browser
as markup.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "a", "hr", "del"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
    ["image", "heading", "lheading", "html_block", "html_inline"]
)


def render_note_html(text: str) -> str:
    """Sanitised HTML for a note's Markdown ``text`` (only ALLOWED_TAGS survive)."""
    rendered = _MARKDOWN.render(text or "")
    return nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
