"""Outcome instruments as the outcome queries read them: an instrument's definition and domains,
and the instruments a person can pick."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from data.filters import Filters
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import BOOL, INT, TEXT, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import Instrument, InstrumentDomain

TOTAL = "Total"
DEFAULT_INSTRUMENT = "recovery_ladder"


@dataclass(frozen=True)
class DomainInfo:
    """One domain of an instrument, as stored."""

    id: int
    name: str
    position: int
    min_score: int
    max_score: int
    reliability: float | None
    reference_sd: float | None


@dataclass(frozen=True)
class InstrumentInfo:
    """An instrument's definition: what the outcome queries need to read its scores."""

    id: int
    code: str
    name: str
    higher_is_better: bool
    domains: tuple[DomainInfo, ...]
    total_min: int | None
    total_max: int | None
    total_reliability: float | None
    total_reference_sd: float | None
    reliability_source: str

    @property
    def has_total(self) -> bool:
        """True when the instrument has several domains, so a total is worth its own line."""
        return len(self.domains) > 1

    @property
    def measures(self) -> list[str]:
        """The names a person can pick: each domain, then 'Total' when there are several."""
        return [d.name for d in self.domains] + ([TOTAL] if self.has_total else [])

    def score_range(self, measure: str) -> tuple[int, int]:
        """The score range of a domain or of the total."""
        if measure == TOTAL and self.has_total:
            low = sum(d.min_score for d in self.domains)
            high = sum(d.max_score for d in self.domains)
            return (
                self.total_min if self.total_min is not None else low,
                self.total_max if self.total_max is not None else high,
            )
        for domain in self.domains:
            if domain.name == measure:
                return domain.min_score, domain.max_score
        raise KeyError(measure)


@one_connection
def instrument_info(engine: Engine, code: str) -> InstrumentInfo | None:
    """The instrument with ``code`` and its domains in order; None when there is none."""
    if not isinstance(code, str) or not code:
        return None
    rows = fetch(
        engine,
        select(
            Instrument.id,
            Instrument.code,
            Instrument.name,
            Instrument.higher_is_better,
            Instrument.total_min,
            Instrument.total_max,
            Instrument.total_reliability,
            Instrument.total_reference_sd,
            Instrument.reliability_source,
        ).where(Instrument.code == code[:40]),
    )
    if not rows:
        return None
    iid, icode, name, higher, tmin, tmax, trel, tsd, source = rows[0]
    domains = tuple(
        DomainInfo(int(d), str(n), int(p), int(lo), int(hi), _opt(r), _opt(sd))
        for d, n, p, lo, hi, r, sd in fetch(
            engine,
            select(
                InstrumentDomain.id,
                InstrumentDomain.name,
                InstrumentDomain.position,
                InstrumentDomain.min_score,
                InstrumentDomain.max_score,
                InstrumentDomain.reliability,
                InstrumentDomain.reference_sd,
            )
            .where(InstrumentDomain.instrument_id == iid)
            .order_by(InstrumentDomain.position, InstrumentDomain.id),
        )
    )
    return InstrumentInfo(
        int(iid),
        str(icode),
        str(name),
        bool(higher),
        domains,
        None if tmin is None else int(tmin),
        None if tmax is None else int(tmax),
        _opt(trel),
        _opt(tsd),
        str(source or ""),
    )


def _opt(value: Any) -> float | None:
    return None if value is None else float(value)


INSTRUMENT_COLUMNS = {"code": TEXT, "name": TEXT, "higher_is_better": BOOL, "domains": INT}


@one_connection
def outcome_instruments(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The instruments a person can pick (definitions, the same for every site).

    Columns: code, name, higher_is_better, domains (how many). Ordered by name. Definitions
    hold no program data; a scope without sites still gets none.
    """
    if filters.effective_site_ids is not None and not filters.effective_site_ids:
        return typed_frame([], INSTRUMENT_COLUMNS)  # a scope without sites sees nothing
    rows = []
    for code in fetch(engine, select(Instrument.code).order_by(Instrument.name).limit(200)):
        info = instrument_info(engine, code[0])
        if info is not None:
            rows.append((info.code, info.name, info.higher_is_better, len(info.domains)))
    return typed_frame(rows, INSTRUMENT_COLUMNS)
