"""The attention list's pieces, built from the items ``callbacks.attention`` hands over.

Plain functions of plain values (each item a dict of one row of the attention query, its
link already worked out): the week's wins, the counts by kind, one section per kind of items
with their buttons, and the Overview's card. No data access here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from layouts.ids import AttentionIds as ids

Row = Mapping[str, Any]
# (the words of a link, its address)
Link = tuple[str, str]
NOTHING_NEEDS_ATTENTION = "Nothing needs attention at these sites right now."
WINS = (
    ("milestones", "milestone reached", "milestones reached"),
    ("new_matches", "new match", "new matches"),
    ("six_months", "match reached six months", "matches reached six months"),
    ("twelve_months", "match reached a year", "matches reached a year"),
)


def text_of(value: object) -> str:
    """A row's value as text: '' for a missing one."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def item_id(row: Row) -> str:
    """The id an item's buttons carry: 'kind|item_key'."""
    return f"{row['kind']}|{row['item_key']}"


def who_line(row: Row) -> str:
    """Whom the item is about: the mentee (code and name, for staff) and their mentor, the
    mentor, or the site."""
    mentee = " ".join(
        p for p in (text_of(row.get("mentee_code")), text_of(row.get("mentee_name"))) if p
    )
    mentor = text_of(row.get("mentor"))
    site = text_of(row.get("site"))
    if mentee:
        return f"{mentee} · mentor {mentor} · {site}" if mentor else f"{mentee} · {site}"
    if mentor:
        return f"{mentor} · {site}"
    return site


def mark_line(row: Row) -> str:
    """Who marked the item and how ('' when unmarked)."""
    mark = text_of(row.get("mark"))
    by, at = text_of(row.get("marked_by")), text_of(row.get("marked_at"))
    if mark == "seen":
        return f"Seen by {by} on {at}."
    if mark == "snoozed":
        until = row.get("snooze_until")
        when = f"{until.day} {until:%b %Y}" if isinstance(until, dt.date) else text_of(until)
        reason = text_of(row.get("mark_reason"))
        return f"Snoozed by {by} until {when}" + (f": {reason}" if reason else ".")
    return ""


def sentence(text: str) -> str:
    """``text`` with its first letter in capitals (names inside keep theirs)."""
    return text[:1].upper() + text[1:]


def _button(row: Row, action: str, label: str) -> Component:
    return dbc.Button(
        label,
        id={"type": ids.ITEM_ACTION, "item": item_id(row), "action": action},
        size="sm",
        color="secondary",
        outline=True,
        className="ms-2",
    )


def item_component(row: Row, link: Link) -> Component:
    """One item: whom it is about, what and since when, its mark, a link to where one acts
    on it and its buttons (mark seen or clear the mark, snooze)."""
    label, href = link
    since = row.get("since")
    since_text = ""
    if isinstance(since, dt.date) and f"{since.day} {since:%b %Y}" not in text_of(row["detail"]):
        since_text = f"Since {since.day} {since:%b %Y}. "
    buttons = [_button(row, "snooze", "Snooze…")]
    if text_of(row.get("mark")):
        buttons.append(_button(row, "cleared", "Clear mark"))
    else:
        buttons.insert(0, _button(row, "seen", "Mark seen"))
    marked = mark_line(row)
    return html.Li(
        [
            html.Div(who_line(row), className="fw-semibold"),
            html.Div(sentence(text_of(row.get("detail")))),
            html.Div(
                [since_text, html.Span(marked, className="fst-italic") if marked else None],
                className="small text-body-secondary",
            ),
            html.Div(
                [
                    dcc.Link(label, href=href, id={"type": ids.ITEM_LINK, "item": item_id(row)}),
                    *buttons,
                ],
                className="mt-2 d-flex flex-wrap align-items-center gap-1",
            ),
        ],
        className="list-group-item attention-item",
        **{"data-item": item_id(row), "data-mark": text_of(row.get("mark")) or "open"},
    )


def kind_section(
    kind: str,
    label: str,
    total: int,
    shown: Sequence[tuple[Row, Link]],
    more: Link | None,
) -> Component:
    """The items of one kind: a heading with their ``total``, the ``shown`` ones with their
    links, and, when some are not shown, a line with a link (``more``) to all of them."""
    children: list[Component] = [
        html.H2(f"{label} ({total})", className="h5 mt-4"),
        html.Ul([item_component(row, link) for row, link in shown], className="list-group mb-2"),
    ]
    if more is not None:
        title, href = more
        children.append(
            html.P(
                [
                    f"{total - len(shown)} more not shown here; ",
                    dcc.Link(f"open {title}", href=href),
                    " for all of them, or choose fewer sites.",
                ],
                className="small text-body-secondary",
            )
        )
    return html.Section(children, id=f"attention-kind-{kind}")


def marked(message: str) -> Component:
    """What the page says once an item was marked (or its mark cleared)."""
    return dbc.Alert(message, color="success")


def nothing_needs_attention() -> list[Component]:
    """The list when no item is open."""
    return [html.P(NOTHING_NEEDS_ATTENTION, className="text-body-secondary")]


def wins_line(counts: Mapping[str, int]) -> Component:
    """The last seven days' wins in one sentence (strengths first)."""
    said = [
        f"{counts[key]} {one if counts[key] == 1 else many}"
        for key, one, many in WINS
        if counts[key]
    ]
    if not said:
        text = "No milestones or new matches were recorded in the last seven days."
    else:
        text = "Wins in the last seven days: " + ", ".join(said) + "."
    return dbc.Alert(text, color="success", className="mb-0 py-2")


def counts_line(open_items: int, snoozed: int, by_kind: Sequence[tuple[str, int]]) -> Component:
    """How many items are open, of each kind (``by_kind``: label and count), and how many
    are snoozed besides."""
    if not open_items:
        summary = "No open items."
    else:
        summary = f"{open_items} open {'item' if open_items == 1 else 'items'}"
        summary += f" ({snoozed} snoozed)." if snoozed else "."
    badges = [
        html.Li(
            f"{label}: {count}",
            className="list-inline-item badge text-bg-light border me-1",
        )
        for label, count in by_kind
    ]
    return html.Div(
        [html.P(summary, className="mb-1"), html.Ul(badges, className="list-inline mb-0")]
    )


def overview_card(open_counts: Sequence[tuple[str, int]], href: str) -> Component:
    """The Overview's card of open items by kind (label and count), linking to the list."""
    total = sum(n for _, n in open_counts)
    heading = (
        f"{total} {'item needs' if total == 1 else 'items need'} attention"
        if total
        else "Nothing needs attention"
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(heading, className="h5 card-title"),
                html.Ul(
                    [html.Li(f"{label}: {n}") for label, n in open_counts],
                    className="mb-2",
                )
                if open_counts
                else None,
                dcc.Link("Open the list", href=href, id=f"{ids.OVERVIEW_CARD}-link"),
            ]
        ),
        className="shadow-sm mb-4 border-warning-subtle",
    )
