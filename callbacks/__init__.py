"""Behaviour: the only bridge between layouts and the query layer.

One module (or, for the pages with several jobs, one package) per page. Each holds plain
functions (inputs plus ``ctx`` in, outputs out, testable without a browser) and a
``register(app, ctx)`` that wires them with ``app.callback(...)(fn)``; ``dashboard.page_registry``
names each page's registrations. Shared here: ``filters`` (untrusted input into Filters),
``wiring`` (a callback declared as data), ``exports`` (tables' downloads),
``navigation`` (click-through links) and ``mentor_rows`` (when a chart draws sites instead).
"""
