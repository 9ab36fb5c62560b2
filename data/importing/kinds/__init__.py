"""Every kind of record that can be imported, in the order a program imports them."""

from __future__ import annotations

from data.importing.kinds.groups import GROUPS, SESSIONS
from data.importing.kinds.matching import CONTACTS, MATCHES
from data.importing.kinds.outcomes import ASSESSMENTS, EVENTS, GOALS, INSTRUMENTS
from data.importing.kinds.people import MENTEES, MENTORS, SITES
from data.importing.spec import KindSpec

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in sorted(
        (
            SITES,
            MENTORS,
            MENTEES,
            MATCHES,
            CONTACTS,
            GROUPS,
            SESSIONS,
            GOALS,
            INSTRUMENTS,
            ASSESSMENTS,
            EVENTS,
        ),
        key=lambda s: s.order,
    )
}
# Other words people use for the same kinds.
KIND_ALIASES: dict[str, str] = {
    "milestones": "goals",
    "peer_groups": "groups",
    "group_sessions": "sessions",
    "facilitators": "sessions",
    "scores": "assessments",
}


def kind_named(name: str) -> KindSpec:
    """The kind called ``name`` (or one of its aliases); KeyError naming the known kinds."""
    key = KIND_ALIASES.get(name, name)
    if key not in KINDS:
        raise KeyError(f"unknown kind {name!r}; one of: {', '.join(KINDS)}")
    return KINDS[key]


__all__ = ["KINDS", "KIND_ALIASES", "kind_named"]
