"""A page callback declared once: what it fills, what each output shows when the request is
refused, what it listens to, and what it draws from the page's filters.

Most page callbacks have one shape: the URL's filters (and a choice or two) in; the filters
validated for the page (``callbacks.filters.filters_for_page``: the role check, then the
period and sites); queries, then figures and captions out; or, when the request is refused,
every output in its empty state saying why (an empty figure with its title and the message,
no caption, an alert, no rows). ``PageUpdate`` is that shape. Its ``Slot``s give both the
callback's outputs and their empty states, so the two cannot drift apart, and ``register``
wires it with ``app.callback``. A ``PageUpdate`` is called like the plain function it
replaces, ``update(*inputs, ctx)``, so tests call it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import dash
from dash import Input, Output, State

from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from dashboard.charts.common import empty_figure
from dashboard.context import AppContext
from data.filters import Filters
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


Parse = Callable[[AppContext, object], object]


def filters_and_query(page: str) -> Parse:
    """A ``parse`` answering (the page's filters, the URL's query as it came), for a draw
    whose links carry the URL's own filters onward."""

    def parse(ctx: AppContext, query: object) -> tuple[Filters, object]:
        return filters_for_page(ctx, page, query), query  # type: ignore[arg-type]

    return parse


@dataclass(frozen=True)
class PageUpdate:
    """A page callback: ``inputs`` in (the first one the URL's query, or what ``parse``
    reads), ``slots`` out.

    Called as ``update(*input values, ctx)``: the first input becomes the page's filters
    (``parse``, by default ``filters_for_page``), then ``draw(ctx, parsed, *other inputs)``
    answers one value per slot. Any of ``problems`` raised meanwhile (a refused role, bad
    filters) answers every slot refused, with ``describe(error)`` as the words.
    """

    page: str
    slots: tuple[Slot, ...]
    draw: Callable[..., object]
    inputs: tuple[Input | State, ...]
    parse: Parse | None = None
    problems: tuple[type[Exception], ...] = PROBLEMS
    describe: Callable[[Exception], str] = problem_message

    def __call__(self, *values: object) -> object:
        *inputs, ctx = values
        first, *others = inputs
        try:
            parsed = (
                self.parse(ctx, first)  # type: ignore[arg-type]
                if self.parse is not None
                else filters_for_page(ctx, self.page, first)  # type: ignore[arg-type]
            )
            return self.draw(ctx, parsed, *others)
        except self.problems as error:
            return refused(self.describe(error), self.slots)

    def register(self, app: dash.Dash, ctx: AppContext) -> None:
        """Wire this update on ``app``, answering for ``ctx``."""

        def callback(*values: object) -> object:
            return self(*values, ctx)

        # Named after what it draws, so logs and the benchmark say which page's code ran.
        callback.__module__ = self.draw.__module__
        callback.__name__ = callback.__qualname__ = getattr(self.draw, "__name__", "update")
        outputs = [slot.output() for slot in self.slots]
        app.callback(*outputs, *self.inputs)(callback)
