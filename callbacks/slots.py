"""What a page callback's outputs show when the request is refused (a bad filter, no access).

Each output of a page callback is a ``Slot``: the component property it fills and what it
shows then: an empty figure with the chart's title and the problem in words, no caption, an
alert, no rows. ``callbacks.page_update.PageUpdate`` takes its outputs from its slots, so the
outputs and their empty states are declared once, side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dash import Output

from dashboard.charts.common import empty_figure
from layouts.components import problem_alert

ComponentId = str | dict[str, object]


@dataclass(frozen=True)
class Slot:
    """One output of a page callback, and what it shows when the request is refused
    (``when_refused`` turns the problem, in words, into the output's value)."""

    component_id: ComponentId
    prop: str
    when_refused: Callable[[str], object]

    def output(self) -> Output:
        """The Dash output this slot fills."""
        return Output(self.component_id, self.prop)


def graph(graph_id: str, title: str) -> Slot:
    """A graph: refused, an empty figure with its ``title`` that says why."""
    return Slot(graph_id, "figure", lambda message: empty_figure(message, title))


def text(component_id: ComponentId, prop: str = "children") -> Slot:
    """A text (a caption, a note): refused, empty."""
    return Slot(component_id, prop, lambda _message: "")


def message(component_id: ComponentId) -> Slot:
    """A text that, refused, says why."""
    return Slot(component_id, "children", lambda said: said)


def alert(component_id: ComponentId) -> Slot:
    """The page's alert area: refused, an alert that says why; else empty."""
    return Slot(component_id, "children", problem_alert)


def fixed(component_id: ComponentId, prop: str, value: object) -> Slot:
    """An output that, refused, shows ``value`` (no rows, no options, hidden...)."""
    return Slot(component_id, prop, lambda _message: value)


def chart(graph_id: str, caption_id: str, title: str) -> tuple[Slot, Slot]:
    """A graph and the caption that says it in words: refused, an empty figure and no
    caption."""
    return graph(graph_id, title), text(caption_id)


def refused(said: str, slots: Sequence[Slot]) -> object:
    """Every slot's value for a refused request (a lone slot's value unwrapped, as Dash
    expects of a callback with a single output)."""
    values = tuple(slot.when_refused(said) for slot in slots)
    return values[0] if len(values) == 1 else values
