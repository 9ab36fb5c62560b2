"""Lookup frames of what the database holds, for checking references in an import file.

Each frame is indexed by the natural key a file uses (a site code, a mentor code, a match id)
and read once per import, inside the import's transaction. They hold ids, sites and dates,
never names.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy import Connection, Select, func, select

from data.schema import (
    Instrument,
    InstrumentDomain,
    Match,
    Mentee,
    Mentor,
    PeerGroup,
    Site,
)


def _frame(conn: Connection, query: Select, index: str | list[str]) -> pd.DataFrame:
    result = conn.execute(query)
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    return frame.set_index(index)


def _sites(conn: Connection) -> pd.DataFrame:
    return _frame(conn, select(Site.code, Site.id, Site.name), "code")


def _mentors(conn: Connection) -> pd.DataFrame:
    query = select(Mentor.code, Mentor.id, Mentor.site_id).where(Mentor.code.is_not(None))
    return _frame(conn, query, "code")


def _mentees(conn: Connection) -> pd.DataFrame:
    return _frame(conn, select(Mentee.code, Mentee.id, Mentee.site_id), "code")


def _matches(conn: Connection) -> pd.DataFrame:
    query = select(
        Match.external_id,
        Match.id,
        Match.site_id,
        Match.mentor_id,
        Match.mentee_id,
        Match.start_date,
        Match.end_date,
    ).where(Match.external_id.is_not(None))
    frame = _frame(conn, query, "external_id")
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _groups(conn: Connection) -> pd.DataFrame:
    query = select(PeerGroup.external_id, PeerGroup.id, PeerGroup.site_id).where(
        PeerGroup.external_id.is_not(None)
    )
    return _frame(conn, query, "external_id")


def _instruments(conn: Connection) -> pd.DataFrame:
    return _frame(conn, select(Instrument.code, Instrument.id), "code")


def _domains(conn: Connection) -> pd.DataFrame:
    query = select(
        Instrument.code.label("instrument_code"),
        func.lower(InstrumentDomain.name).label("domain_key"),
        InstrumentDomain.id,
        InstrumentDomain.min_score,
        InstrumentDomain.max_score,
    ).join(Instrument, Instrument.id == InstrumentDomain.instrument_id)
    return _frame(conn, query, ["instrument_code", "domain_key"])


LOADERS: dict[str, Callable[[Connection], pd.DataFrame]] = {
    "sites": _sites,
    "mentors": _mentors,
    "mentees": _mentees,
    "matches": _matches,
    "groups": _groups,
    "instruments": _instruments,
    "domains": _domains,
}


def loader_for(conn: Connection) -> Callable[[str], pd.DataFrame]:
    """A function that loads lookup frame ``name`` through ``conn``."""
    return lambda name: LOADERS[name](conn)


def lookup(frame: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """Rows of ``frame`` for each key in ``keys`` (all-NA where unknown), aligned to ``keys``."""
    found = frame.reindex(keys.where(keys.notna(), None).to_numpy())
    found.index = keys.index
    return found
