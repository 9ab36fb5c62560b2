"""Outcome instruments: the definitions shipped with the dashboard, and adding a program's own.

An instrument is defined by its domains (name, score range), its direction (higher is better,
or lower) and the reliability of each domain and of the total, which the reliable change index
needs (docs/outcomes.md). Definitions hold no item wording: the dashboard stores scores only.

``parse_definition`` reads a small JSON or CSV definition (for the CLI and the import);
``add_instrument`` writes one, refusing a code already in use, and bumps the data version.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select

from data import versioning
from data.queries.plumbing.frames import BOOL, FLOAT, INT, TEXT, typed_frame
from data.schema import Instrument, InstrumentDomain

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
MAX_DOMAINS = 40
MAX_DEFINITION_BYTES = 100_000
ILLUSTRATIVE = "Illustrative value for a demo instrument, not from a published study."


class InstrumentError(ValueError):
    """An instrument definition is not valid; the message says why, for a person."""


@dataclass(frozen=True)
class DomainDefinition:
    """One scored domain: its name, inclusive score range, reliability (0-1) and reference SD."""

    name: str
    min_score: int
    max_score: int
    reliability: float | None = None
    reference_sd: float | None = None


@dataclass(frozen=True)
class InstrumentDefinition:
    """An instrument as a program defines it (no item wording)."""

    code: str
    name: str
    higher_is_better: bool
    domains: tuple[DomainDefinition, ...]
    total_reliability: float | None = None
    total_reference_sd: float | None = None
    reliability_source: str = ""
    total_min: int | None = field(default=None)
    total_max: int | None = field(default=None)

    @property
    def total_range(self) -> tuple[int, int]:
        """The range of the total (sum of domain scores), stated or summed from the domains."""
        low = sum(d.min_score for d in self.domains)
        high = sum(d.max_score for d in self.domains)
        return (
            self.total_min if self.total_min is not None else low,
            self.total_max if self.total_max is not None else high,
        )


RECOVERY_LADDER_DOMAIN_NAMES: tuple[str, ...] = (
    "Managing mental health",
    "Physical health",
    "Living skills",
    "Social networks",
    "Work",
    "Relationships",
    "Addictive behaviour",
    "Responsibilities",
    "Identity and self-esteem",
    "Trust and hope",
)

RECOVERY_LADDER = InstrumentDefinition(
    code="recovery_ladder",
    name="Recovery ladder",
    higher_is_better=True,
    domains=tuple(
        DomainDefinition(name, 1, 10, reliability=0.75) for name in RECOVERY_LADDER_DOMAIN_NAMES
    ),
    total_reliability=0.90,
    reliability_source=ILLUSTRATIVE,
)
WELLBEING = InstrumentDefinition(
    code="wellbeing_total",
    name="Wellbeing scale",
    higher_is_better=True,
    domains=(DomainDefinition("Total", 14, 70, reliability=0.89),),
    reliability_source=ILLUSTRATIVE
    + " Of the size published for 14-item wellbeing scales scored 14-70.",
)
BARC_10 = InstrumentDefinition(
    code="barc10",
    name="BARC-10 (Brief Assessment of Recovery Capital)",
    higher_is_better=True,
    domains=(DomainDefinition("Recovery capital", 10, 60, reliability=0.90),),
    reliability_source=(
        "Cronbach's alpha .90 (internal consistency), Vilsaint CL, Kelly JF, Bergman BG, "
        "Groshkova T, Best D, White W. Development and validation of a Brief Assessment of "
        "Recovery Capital (BARC-10). Drug Alcohol Depend. 2017;177:71-76. One total: the "
        "BARC-10 measures a single dimension."
    ),
)
BUILT_IN: tuple[InstrumentDefinition, ...] = (RECOVERY_LADDER, WELLBEING, BARC_10)


def _number(value: Any, label: str, *, whole: bool = False) -> float | int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InstrumentError(f"{label} must be a number.")
    try:
        number = float(str(value).strip())
    except ValueError:
        raise InstrumentError(f"{label} must be a number, not '{str(value)[:20]}'.") from None
    if not math.isfinite(number):
        raise InstrumentError(f"{label} must be a finite number.")
    if whole:
        if number != int(number):
            raise InstrumentError(f"{label} must be a whole number.")
        return int(number)
    return number


def _reliability(value: Any, label: str) -> float | None:
    number = _number(value, label)
    if number is not None and not 0 < number < 1:
        raise InstrumentError(f"{label} must be between 0 and 1 (exclusive).")
    return None if number is None else float(number)


def _sd(value: Any, label: str) -> float | None:
    number = _number(value, label)
    if number is not None and number <= 0:
        raise InstrumentError(f"{label} must be above zero.")
    return None if number is None else float(number)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "true").strip().lower()
    if text in ("true", "yes", "1", "higher", ""):
        return True
    if text in ("false", "no", "0", "lower"):
        return False
    raise InstrumentError("higher_is_better must be true or false.")


def _text(value: Any, label: str, limit: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise InstrumentError(f"{label} is missing.")
    if len(text) > limit:
        raise InstrumentError(f"{label} is longer than {limit} characters.")
    return text


def definition_from_mapping(data: Any) -> InstrumentDefinition:
    """An InstrumentDefinition from a JSON-like mapping; InstrumentError says what is wrong."""
    if not isinstance(data, dict):
        raise InstrumentError("The definition must be an object with code, name and domains.")
    code = _text(data.get("code"), "code", 40)
    if not CODE_PATTERN.match(code):
        raise InstrumentError(
            "code must be 2-40 lower-case letters, digits or underscores, starting with a letter."
        )
    raw_domains = data.get("domains")
    if not isinstance(raw_domains, list) or not raw_domains:
        raise InstrumentError("domains must be a non-empty list.")
    if len(raw_domains) > MAX_DOMAINS:
        raise InstrumentError(f"An instrument has at most {MAX_DOMAINS} domains.")
    domains = []
    for number, raw in enumerate(raw_domains, start=1):
        if not isinstance(raw, dict):
            raise InstrumentError(f"Domain {number} must be an object.")
        label = f"Domain {number}"
        low = _number(raw.get("min_score"), f"{label} min_score", whole=True)
        high = _number(raw.get("max_score"), f"{label} max_score", whole=True)
        if low is None or high is None or low >= high:
            raise InstrumentError(f"{label} needs whole min_score < max_score.")
        domains.append(
            DomainDefinition(
                name=_text(raw.get("name"), f"{label} name", 80),
                min_score=int(low),
                max_score=int(high),
                reliability=_reliability(raw.get("reliability"), f"{label} reliability"),
                reference_sd=_sd(raw.get("reference_sd"), f"{label} reference_sd"),
            )
        )
    names = [d.name.lower() for d in domains]
    if len(set(names)) != len(names):
        raise InstrumentError("Two domains have the same name.")
    total_min = _number(data.get("total_min"), "total_min", whole=True)
    total_max = _number(data.get("total_max"), "total_max", whole=True)
    if total_min is not None and total_max is not None and total_min >= total_max:
        raise InstrumentError("total_min must be below total_max.")
    return InstrumentDefinition(
        code=code,
        name=_text(data.get("name"), "name", 120),
        higher_is_better=_flag(data.get("higher_is_better", True)),
        domains=tuple(domains),
        total_reliability=_reliability(data.get("total_reliability"), "total_reliability"),
        total_reference_sd=_sd(data.get("total_reference_sd"), "total_reference_sd"),
        reliability_source=str(data.get("reliability_source") or "")[:300],
        total_min=None if total_min is None else int(total_min),
        total_max=None if total_max is None else int(total_max),
    )


def _from_csv(text: str) -> InstrumentDefinition:
    """CSV: one row per domain; instrument columns (code, name, ...) taken from the first row."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise InstrumentError("The CSV has no domain rows.")
    first = rows[0]
    data: dict[str, Any] = {
        key: first.get(key)
        for key in (
            "code",
            "name",
            "higher_is_better",
            "total_reliability",
            "total_reference_sd",
            "reliability_source",
            "total_min",
            "total_max",
        )
        if first.get(key) not in (None, "")
    }
    data["domains"] = [
        {
            "name": row.get("domain"),
            "min_score": row.get("min_score"),
            "max_score": row.get("max_score"),
            "reliability": row.get("reliability"),
            "reference_sd": row.get("reference_sd"),
        }
        for row in rows
    ]
    return definition_from_mapping(data)


def parse_definition(text: str, fmt: str) -> InstrumentDefinition:
    """Parse a definition in ``fmt`` ('json' or 'csv'); InstrumentError on anything invalid."""
    if len(text.encode("utf-8")) > MAX_DEFINITION_BYTES:
        raise InstrumentError("The definition file is too large.")
    if fmt == "json":
        try:
            return definition_from_mapping(json.loads(text))
        except json.JSONDecodeError as error:
            raise InstrumentError(f"Not valid JSON: {error.msg} (line {error.lineno}).") from None
    if fmt == "csv":
        return _from_csv(text)
    raise InstrumentError("The definition must be a .json or .csv file.")


def load_definition_file(path: Path) -> InstrumentDefinition:
    """Read and parse a .json or .csv definition file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InstrumentError(f"Cannot read {path.name}: {error}") from None
    return parse_definition(text, path.suffix.lower().lstrip("."))


def instrument_row(definition: InstrumentDefinition, instrument_id: int | None = None) -> dict:
    """The ``instruments`` row of a definition (with ``id`` when given)."""
    row: dict[str, Any] = {
        "code": definition.code,
        "name": definition.name,
        "higher_is_better": definition.higher_is_better,
        "total_min": definition.total_range[0] if len(definition.domains) > 1 else None,
        "total_max": definition.total_range[1] if len(definition.domains) > 1 else None,
        "total_reliability": definition.total_reliability,
        "total_reference_sd": definition.total_reference_sd,
        "reliability_source": definition.reliability_source,
    }
    if instrument_id is not None:
        row["id"] = instrument_id
    return row


def domain_rows(definition: InstrumentDefinition, instrument_id: int) -> list[dict[str, Any]]:
    """The ``instrument_domains`` rows of a definition (without ids), in their order."""
    return [
        {
            "instrument_id": instrument_id,
            "name": d.name,
            "position": position,
            "min_score": d.min_score,
            "max_score": d.max_score,
            "reliability": d.reliability,
            "reference_sd": d.reference_sd,
        }
        for position, d in enumerate(definition.domains, start=1)
    ]


def add_instrument(engine: Engine, definition: InstrumentDefinition) -> int:
    """Store a new instrument and its domains; returns its id.

    Refuses (InstrumentError) a code that is already used: changing the domains of an
    instrument that has scores would change what old scores mean.
    """
    with engine.begin() as conn:
        taken = conn.execute(
            select(func.count())
            .select_from(Instrument)
            .where(func.lower(Instrument.code) == definition.code.lower())
        ).scalar_one()
        if taken:
            raise InstrumentError(f"An instrument with code '{definition.code}' already exists.")
        instrument_id = conn.execute(
            Instrument.__table__.insert().values(**instrument_row(definition))
        ).inserted_primary_key[0]
        conn.execute(InstrumentDomain.__table__.insert(), domain_rows(definition, instrument_id))
        versioning.bump(conn)
    return int(instrument_id)


INSTRUMENT_LIST_COLUMNS = {
    "code": TEXT,
    "name": TEXT,
    "higher_is_better": BOOL,
    "domains": INT,
    "total_reliability": FLOAT,
    "reliability_source": TEXT,
}


def list_instruments(engine: Engine) -> pd.DataFrame:
    """Every instrument: code, name, higher_is_better, domains (count), total_reliability
    (NaN when not stated), reliability_source. Ordered by name."""
    statement = (
        select(
            Instrument.code,
            Instrument.name,
            Instrument.higher_is_better,
            func.count(InstrumentDomain.id),
            Instrument.total_reliability,
            Instrument.reliability_source,
        )
        .outerjoin(InstrumentDomain, InstrumentDomain.instrument_id == Instrument.id)
        .group_by(Instrument.id)
        .order_by(Instrument.name, Instrument.code)
    )
    with engine.connect() as conn:
        rows = conn.execute(statement).all()
    return typed_frame(rows, INSTRUMENT_LIST_COLUMNS)
