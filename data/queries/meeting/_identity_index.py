"""Which mentees' names and codes could occur in a text: an in-process index per data version.

Redacting a meeting's notes needs the names and codes of the mentees whose words occur in
them. Reading and splitting every mentee's name on each call costs a quarter of a second at
40,000 mentees, and a meeting page redacts from five callbacks at once. The index maps every
key of a mentee (``_redaction.identity_keys``: the folded words of the name, the code's number,
the initials) to that mentee, so a lookup touches only the mentees who share a key with the
texts.

The index is kept per engine and rebuilt when the data version changes (every write path
bumps it, as for the query cache), so a mentee added or renamed through the app, an import
or the CLI is redacted from the next request on. Concurrent callers of a stale index wait for
one rebuild instead of each doing it.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Engine, select

from data.queries.meeting._redaction import identity_keys, text_keys
from data.queries.plumbing.sql import fetch
from data.schema import Mentee, Mentor
from data.versioning import current_version

Identity = tuple[int, str | None, str | None]  # site id, display name, code


class IdentityIndex:
    """Mentees' (site, name, code) by each key of their name and code."""

    def __init__(self, rows: Iterable[Identity], mentor_names: Iterable[str] = ()):
        self._by_key: dict[str, list[Identity]] = defaultdict(list)
        for site_id, name, code in rows:
            for key in identity_keys(name, code):
                self._by_key[key].append((site_id, name, code))
        self._mentors = [(name, frozenset(text_keys(name))) for name in mentor_names if name]
        self.mentor_parts = {key for _, keys in self._mentors for key in keys}

    def mentors_in(self, keys: set[str]) -> list[str]:
        """Mentors' full names every word of which is among ``keys`` (they may occur)."""
        return [name for name, own in self._mentors if own and own <= keys]

    def candidates(
        self, keys: Iterable[str], sites: frozenset[int] | None = None
    ) -> list[tuple[str | None, str | None]]:
        """(name, code) of every mentee at ``sites`` (None: every site) sharing a key with
        ``keys`` (``_redaction.text_keys`` of a text); each mentee once."""
        found: set[Identity] = set()
        for key in keys:
            found.update(self._by_key.get(key, ()))
        return [(name, code) for site_id, name, code in found if sites is None or site_id in sites]


_LOCK = threading.Lock()
_INDEXES: weakref.WeakKeyDictionary[Engine, tuple[int, IdentityIndex]] = weakref.WeakKeyDictionary()


def identity_index(engine: Engine) -> IdentityIndex:
    """The index of every mentee (and mentor's name) in ``engine``'s database, as of its
    current data version."""
    version = current_version(engine)
    with _LOCK:
        cached = _INDEXES.get(engine)
        if cached is not None and cached[0] == version:
            return cached[1]
        rows = fetch(engine, select(Mentee.site_id, Mentee.display_name, Mentee.code))
        mentors = fetch(engine, select(Mentor.display_name))
        index = IdentityIndex(
            ((int(s), name, code) for s, name, code in rows), (name for (name,) in mentors)
        )
        _INDEXES[engine] = (version, index)
        return index
