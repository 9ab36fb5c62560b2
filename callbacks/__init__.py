"""Behaviour: the only bridge between layouts and the query layer.

One module (or, for the pages with several jobs, one package) per page. Each holds plain
functions (inputs plus ``ctx`` in, outputs out, testable without a browser) and a
``register(app, ctx)`` that wires them with ``app.callback(...)(fn)``; ``dashboard.page_registry``
names each page's registrations. Shared here: ``filters`` (untrusted input into Filters, as
the page's scope rule says), ``page_update`` and ``slots`` (a page callback declared once,
with its outputs' empty states), ``exports`` (tables' downloads), ``grid_rows`` (frames as a
grid's rows), ``audit_record`` (the signed-in user's audit events), ``navigation``
(click-through links) and ``mentor_rows`` (when a chart draws sites instead of mentors).
"""
