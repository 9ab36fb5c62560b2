"""Which mentees' names and codes could occur in a text: an in-process index per data version.

Redacting a meeting's notes needs the names and codes of the mentees whose words occur in
them. Reading and splitting every mentee's name on each call costs a quarter of a second at
40,000 mentees, and a meeting page redacts from five callbacks at once. The index maps every
letter run and digit run of a mentee's name and code to that mentee, so a lookup touches only
the mentees who share a word with the texts.

The index is kept per engine and rebuilt when the data version changes (every write path
bumps it, as for the query cache), so a mentee added or renamed through the app, an import
or the CLI is redacted from the next request on. Concurrent callers of a stale index wait for
one rebuild instead of each doing it.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Engine, select

from data.queries._sql import fetch
from data.schema import Mentee
from data.versioning import current_version

# Runs of letters and runs of digits: every word of a term (a name, a part of it, a code as
# typed in any of its variants) is made of runs of the name or code it comes from.
RUNS = re.compile(r"[^\W\d_]+|\d+").findall

Identity = tuple[int, str | None, str | None]  # site id, display name, code


class IdentityIndex:
    """Mentees' (site, name, code) by each letter or digit run of their name and code."""

    def __init__(self, rows: Iterable[Identity]):
        self._by_run: dict[str, list[Identity]] = defaultdict(list)
        for site_id, name, code in rows:
            for run in set(RUNS(f"{name or ''} {code or ''}".lower())):
                self._by_run[run].append((site_id, name, code))

    def candidates(
        self, runs: Iterable[str], sites: frozenset[int] | None
    ) -> list[tuple[str | None, str | None]]:
        """(name, code) of every mentee at ``sites`` (None: every site) sharing a run with
        ``runs``; each mentee once."""
        found: set[Identity] = set()
        for run in runs:
            found.update(self._by_run.get(run, ()))
        return [(name, code) for site_id, name, code in found if sites is None or site_id in sites]


_LOCK = threading.Lock()
_INDEXES: weakref.WeakKeyDictionary[Engine, tuple[int, IdentityIndex]] = weakref.WeakKeyDictionary()


def identity_index(engine: Engine) -> IdentityIndex:
    """The index of every mentee in ``engine``'s database, as of its current data version."""
    version = current_version(engine)
    with _LOCK:
        cached = _INDEXES.get(engine)
        if cached is not None and cached[0] == version:
            return cached[1]
        rows = fetch(engine, select(Mentee.site_id, Mentee.display_name, Mentee.code))
        index = IdentityIndex((int(s), name, code) for s, name, code in rows)
        _INDEXES[engine] = (version, index)
        return index
