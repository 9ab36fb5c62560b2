"""A page callback declared once: what it fills, what each output shows when the request is
refused, what it listens to, and what it draws from the page's filters.

Most page callbacks have one shape: the URL's filters (and a choice or two) in; the filters
validated for the page (``callbacks.filters.filters_for_page``: the role check, then the
period and sites, as the page's scope rule says); queries, then figures and captions out;
or, when the request is refused, every output in its empty state saying why. ``PageUpdate``
is that shape: its ``Slot``s (``callbacks.slots``) give both the callback's outputs and
their empty states, so the two cannot drift apart, and ``register`` wires it with
``app.callback``. It is called like the plain function it replaces,
``update(*input values, ctx)``, so tests call it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import dash
from dash import Input, State

from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from callbacks.slots import Slot, refused
from dashboard.context import AppContext
from data.filters import Filters

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


class Registers(Protocol):
    """Anything that wires itself on an app: a ``PageUpdate``, a table's export."""

    def register(self, app: dash.Dash, ctx: AppContext) -> None:
        """Wire on ``app``, answering for ``ctx``."""


def register_all(app: dash.Dash, ctx: AppContext, declared: Sequence[Registers]) -> None:
    """Wire each of ``declared`` on ``app``, answering for ``ctx``."""
    for each in declared:
        each.register(app, ctx)
