"""Column types of the import templates, and their vectorised parsers.

Every cell arrives as text (CSV, or an Excel cell turned into text by the reader). A parser
turns one column of a chunk into typed values and reports the cells it could not read. Formula
-looking cells are text like any other: nothing here evaluates them, and a formula in a number
or date column is reported as such.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 (it counts 1900 as a leap year)
EXCEL_SERIAL_RANGE = (1, 73050)  # 1900-01-01 .. 2099-12-31
EARLIEST = pd.Timestamp("1900-01-01")
LATEST = pd.Timestamp("2100-01-01")
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "✓"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})
FORMULA_START = ("=", "+", "-", "@")
DAY_FIRST_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y")
MONTH_FIRST_FORMATS = ("%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
TIME_SUFFIXES = ("", " %H:%M", " %H:%M:%S")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Column:
    """One column of an import template.

    ``kind``: text, int, float, bool, date, datetime, time, choice or list (codes separated
    by ``;``). ``aliases`` are other headings accepted for it (compared after normalising:
    lower case, spaces and punctuation as ``_``).
    """

    name: str
    kind: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    choice_aliases: dict[str, str] = field(default_factory=dict)
    low: float | None = None
    high: float | None = None
    help: str = ""


def normalise_heading(text: object) -> str:
    """A heading as compared with the template: lower case, words joined by ``_``."""
    cleaned = re.sub(r"[^0-9a-z]+", "_", str(text or "").replace("\ufeff", "").lower())
    return cleaned.strip("_")


def looks_like_formula(values: pd.Series) -> pd.Series:
    """True where a cell starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``)."""
    return values.str.startswith(FORMULA_START) & ~values.str.match(r"^[+-]?\d")


@dataclass
class Parsed:
    """A parsed column: typed ``values`` and, where a cell was bad, the reason."""

    values: pd.Series
    bad: pd.Series  # bool mask
    reason: str | pd.Series = ""


def _bad_reason(raw: pd.Series, bad: pd.Series, reason: str) -> pd.Series:
    out = pd.Series(reason, index=raw.index, dtype=object)
    if bad.any():  # only the bad cells are looked at again: a million good ones cost nothing
        formula = looks_like_formula(raw[bad])
        out[formula[formula].index] = (
            "looks like a formula; formulas are never evaluated, type the value itself"
        )
    return out


def parse_text(raw: pd.Series, column: Column) -> Parsed:
    """Text as given (trimmed); too long is a problem. Formula-looking text stays text."""
    bad = pd.Series(False, index=raw.index)
    reason = ""
    if column.max_length:
        bad = raw.str.len() > column.max_length
        reason = f"longer than {column.max_length} characters"
    return Parsed(raw.where(raw != "", None), bad, reason)


def parse_number(raw: pd.Series, column: Column, integer: bool) -> Parsed:
    """A number; ``integer`` refuses fractions. Out of [low, high] is a problem."""
    present = raw != ""
    number = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
    bad = present & number.isna()
    what = "a whole number" if integer else "a number"
    reason = _bad_reason(raw, bad, f"not {what}")
    if integer:
        fraction = present & number.notna() & (number != np.floor(number.fillna(0)))
        reason[fraction] = "not a whole number"
        bad |= fraction
    out_of_range = pd.Series(False, index=raw.index)
    if column.low is not None:
        out_of_range |= number < column.low
    if column.high is not None:
        out_of_range |= number > column.high
    out_of_range &= ~bad & present
    if out_of_range.any():
        reason[out_of_range] = f"outside the allowed range {_fmt(column.low)}-{_fmt(column.high)}"
        bad |= out_of_range
    values = number.where(~bad)
    if integer:
        values = values.astype("Int64")
    return Parsed(values, bad, reason)


def _fmt(value: float | None) -> str:
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_bool(raw: pd.Series, column: Column) -> Parsed:
    """yes/no, true/false, 1/0, y/n, x; blank is no value."""
    lowered = raw.str.lower()
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[lowered.isin(TRUE_WORDS)] = True
    values[lowered.isin(FALSE_WORDS)] = False
    bad = (raw != "") & values.isna()
    return Parsed(values, bad, _bad_reason(raw, bad, "not yes or no"))


def _choice_key(raw: pd.Series) -> pd.Series:
    return raw.str.lower().str.replace(r"[^0-9a-z]+", "_", regex=True).str.strip("_")


def parse_choice(raw: pd.Series, column: Column) -> Parsed:
    """One of ``column.choices`` (case, spaces and hyphens do not matter; aliases allowed)."""
    mapping = {choice: choice for choice in column.choices}
    mapping.update(
        {_choice_key(pd.Series([k])).iloc[0]: v for k, v in column.choice_aliases.items()}
    )
    values = raw.map(mapping)  # most cells are written exactly as the template says
    loose = values.isna() & (raw != "")
    if loose.any():
        values[loose] = _choice_key(raw[loose]).map(mapping)
    bad = (raw != "") & values.isna()
    reason = _bad_reason(raw, bad, "not one of: " + ", ".join(column.choices))
    return Parsed(values.where(~bad, None), bad, reason)


def parse_list(raw: pd.Series, column: Column) -> Parsed:
    """Codes separated by ``;`` or ``,`` (as a tuple per cell, empty when blank)."""
    values = raw.map(lambda text: tuple(p.strip() for p in re.split(r"[;,]", text) if p.strip()))
    return Parsed(values, pd.Series(False, index=raw.index))


def parse_datetimes(raw: pd.Series, dayfirst: bool) -> pd.Series:
    """Timestamps from ISO text, Excel serial numbers or day/month (``dayfirst``) text.

    Returns NaT where a cell is blank or could not be read. Without ``dayfirst``, 03/04/2026
    is the 4th of March; with it, the 3rd of April. ISO (2026-03-04) is never ambiguous.
    """
    present = raw != ""
    # ISO first (most files): it leaves Excel serial numbers such as 45292 unread.
    out = _to_datetime(raw.where(present, None), "ISO8601")
    unread = present & out.isna()
    serial = unread & raw.str.match(_NUMBER) if unread.any() else unread
    if serial.any():
        days = pd.to_numeric(raw[serial], errors="coerce")
        ok = days.between(*EXCEL_SERIAL_RANGE)
        stamps = EXCEL_EPOCH + pd.to_timedelta(days[ok], unit="D")
        out[stamps.index] = stamps.dt.round("s").astype("datetime64[us]")
    rest = unread & ~serial
    formats = DAY_FIRST_FORMATS if dayfirst else MONTH_FIRST_FORMATS
    for date_format in formats:
        for suffix in TIME_SUFFIXES:
            missing = rest & out.isna()
            if not missing.any():
                return _plausible(out)
            out[missing] = _to_datetime(raw[missing], date_format + suffix)
    return _plausible(out)


def _to_datetime(values: pd.Series, date_format: str) -> pd.Series:
    try:
        parsed = pd.to_datetime(values, format=date_format, errors="coerce")
    except (ValueError, TypeError):  # mixed time zones and the like: read cell by cell
        parsed = values.map(lambda v: pd.to_datetime(v, format=date_format, errors="coerce"))
        parsed = pd.to_datetime(parsed, errors="coerce", utc=True)
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(None)
    return parsed.astype("datetime64[us]")


def _plausible(values: pd.Series) -> pd.Series:
    return values.where((values >= EARLIEST) & (values < LATEST))


def parse_date(raw: pd.Series, column: Column, dayfirst: bool) -> Parsed:
    """A calendar date (a time of day, if given, is dropped)."""
    stamps = parse_datetimes(raw, dayfirst)
    bad = (raw != "") & stamps.isna()
    reason = _bad_reason(raw, bad, "not a date (use YYYY-MM-DD, or day/month/year with --dayfirst)")
    return Parsed(stamps.dt.normalize(), bad, reason)


def parse_datetime(raw: pd.Series, column: Column, dayfirst: bool) -> Parsed:
    """A date with an optional time of day."""
    stamps = parse_datetimes(raw, dayfirst)
    bad = (raw != "") & stamps.isna()
    reason = _bad_reason(raw, bad, "not a date and time (use YYYY-MM-DD HH:MM)")
    return Parsed(stamps, bad, reason)


def parse_time(raw: pd.Series, column: Column) -> Parsed:
    """A time of day (HH:MM or HH:MM:SS, or an Excel fraction of a day) as a Timedelta."""
    present = raw != ""
    text = raw.where(raw.str.count(":") != 1, raw + ":00")
    delta = pd.to_timedelta(text.where(present & raw.str.contains(":"), None), errors="coerce")
    fraction = present & raw.str.match(_NUMBER)
    if fraction.any():
        days = pd.to_numeric(raw[fraction], errors="coerce")
        delta[fraction] = pd.to_timedelta(days.where(days < 1), unit="D").dt.round("s")
    bad = present & (delta.isna() | (delta >= pd.Timedelta(days=1)))
    return Parsed(delta.where(~bad), bad, _bad_reason(raw, bad, "not a time of day (use HH:MM)"))


def parse_column(raw: pd.Series, column: Column, dayfirst: bool) -> Parsed:
    """Parse one column of text cells according to ``column.kind``."""
    kind = column.kind
    if kind == "int":
        return parse_number(raw, column, integer=True)
    if kind == "float":
        return parse_number(raw, column, integer=False)
    if kind == "bool":
        return parse_bool(raw, column)
    if kind == "date":
        return parse_date(raw, column, dayfirst)
    if kind == "datetime":
        return parse_datetime(raw, column, dayfirst)
    if kind == "time":
        return parse_time(raw, column)
    if kind == "choice":
        return parse_choice(raw, column)
    if kind == "list":
        return parse_list(raw, column)
    return parse_text(raw, column)


def iso_date(value: object) -> str:
    """A date or timestamp as YYYY-MM-DD (for messages)."""
    if isinstance(value, pd.Timestamp | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)
