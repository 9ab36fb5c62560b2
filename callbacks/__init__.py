"""Behaviour: the only bridge between layouts and the query layer.

Each module holds plain functions (inputs plus ``ctx`` in, outputs out, testable without a
browser) and a ``register(app, ctx)`` that wires them with ``app.callback(...)(fn)``.
"""

from __future__ import annotations

import dash

from dashboard.context import AppContext


def register_all(app: dash.Dash, ctx: AppContext) -> None:
    """Register every page's callbacks on ``app``, and the 404 page."""
    from callbacks import audit, caseloads, overview, shell
    from layouts.not_found import register_not_found

    register_not_found()
    for module in (shell, overview, caseloads, audit):
        module.register(app, ctx)
    from callbacks import data_import

    data_import.register(app, ctx)
    from callbacks import mentor, workload

    workload.register(app, ctx)
    mentor.register(app, ctx)
    from callbacks import attention

    attention.register(app, ctx)
    from callbacks import meeting

    meeting.register(app, ctx)
    from callbacks import mentee, outcomes

    outcomes.register(app, ctx)
    mentee.register(app, ctx)
    from callbacks import mentor_notes, notes, notes_agenda, notes_clearing, notes_write

    for notes_module in (notes, notes_write, notes_agenda, notes_clearing, mentor_notes):
        notes_module.register(app, ctx)
