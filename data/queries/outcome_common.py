"""What the outcome queries share: an instrument's definition, interval arithmetic, day counts.

Means come with a 95% interval from Student's t (mean ± t(0.975, n-1) · SD / √n), computed
from sums and sums of squares that the database aggregates. A group smaller than the page's
``min_group`` (SMALL_CELL_MIN, for every role) is reported with its n but not its mean.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Integer, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from data.filters import Filters
from data.queries._connection import one_connection
from data.queries._sql import BOOL, INT, TEXT, fetch, typed_frame
from data.schema import Instrument, InstrumentDomain

TOTAL = "Total"
DEFAULT_INSTRUMENT = "recovery_ladder"
DEFAULT_MIN_GROUP = 5
Z_975 = 1.959963984540054
# Student's t, 97.5th percentile, by degrees of freedom (1..30); beyond 30 the normal 1.96
# is within 0.05 of it.
_T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


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


def effective_min_group(filters: Filters, min_group: int) -> int:
    """The smallest group plotted: the page's minimum, or the scope's if that is larger."""
    try:
        asked = int(min_group)
    except (TypeError, ValueError):
        asked = DEFAULT_MIN_GROUP
    return max(1, asked, filters.scope.small_cell_min)


def t_975(degrees_of_freedom: int) -> float:
    """The 97.5th percentile of Student's t (1.96 beyond 30 degrees of freedom)."""
    if degrees_of_freedom < 1:
        return float("nan")
    if degrees_of_freedom <= len(_T_975):
        return _T_975[degrees_of_freedom - 1]
    return Z_975


def mean_interval(total: float, squares: float, n: int) -> tuple[float, float, float]:
    """(mean, low, high) of the 95% interval of a mean from its sum, sum of squares and n."""
    if n <= 0:
        return (float("nan"),) * 3
    mean = total / n
    if n == 1:
        return mean, float("nan"), float("nan")
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = t_975(n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def sample_sd(total: float, squares: float, n: int) -> float:
    """The sample standard deviation (n - 1) from a sum, a sum of squares and n."""
    if n < 2:
        return float("nan")
    mean = total / n
    return math.sqrt(max(0.0, (squares - n * mean * mean) / (n - 1)))


class days_between(FunctionElement):
    """Whole days from the second date to the first, on SQLite and PostgreSQL alike."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_default(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (first_of_next - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))
