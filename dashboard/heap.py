"""Keep Python's garbage collector off the objects a server builds once at start-up.

A process serving the dashboard holds a few hundred thousand long-lived objects (pandas,
plotly, SQLAlchemy, the app's layouts and callbacks). Python's cyclic garbage collector
walks every one of them in each full collection, which a busy callback triggers every few
requests: measured on the large benchmark data, a query function then took 55-65 ms longer
on every other call (follow-up completeness 135 -> 195-205 ms, event rates 27 -> 76-88 ms).
``gc.freeze()`` moves everything alive at start-up into a generation the collector never
walks; objects made later are collected as before, and frozen ones are still freed when
nothing refers to them. ``python app.py`` freezes once the app is built; under gunicorn
each worker does, once it has built its app (dashboard/wsgi.py).
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Collect what start-up left behind, then freeze the rest; the number frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
