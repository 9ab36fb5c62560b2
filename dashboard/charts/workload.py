"""Workload figures: mentor x week heatmap, type of support, crisis and after-hours contacts,
direct-service time against capacity, contact modes, and the balance of contacts.

Mentors are listed by site, then name (never by how much they did): a chart here shows each
mentor's own pattern, not a ranking. Every builder has a ``*_caption`` twin that says what the
figure shows in words, from the same numbers, for the page and for screen readers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboard.charts.common import (
    count_axis,
    empty_figure,
    is_empty,
    limit_ticks,
    month_axis,
    titled_figure,
)
from dashboard.theme import MUTED, OKABE_ITO, POSITIVE, PRIMARY, SECONDARY, TEMPLATE, WARNING

HEATMAP_TITLE = {
    "contacts": "Contacts per mentor per week",
    "hours": "Contact hours per mentor per week",
}
SUPPORT_TITLE = "Type of support per mentor"
STYLE_TITLE = "Each mentor's style: practical or emotional support"
MIX_TITLE = "The program's mix of support, month by month"
CRISIS_TITLE = "Crisis and after-hours contacts per month"
DIRECT_TITLE = "Direct-service hours per month against capacity"
MODES_TITLE = "Contacts by mode per month"
NO_CONTACTS = "No contacts recorded for these sites and mentors in this period"
NO_MENTORS = "No mentors in post at these sites in this period"
TOTAL_LABEL = "All mentors"
HIDDEN = "fewer than 5"
ROW_PX = 22

SUPPORT_TYPES: dict[str, str] = {
    "practical_living_skills": "Practical living skills",
    "emotional_support": "Emotional support",
    "crisis_call": "Crisis calls",
    "community_outing": "Community outings",
    "other": "Other",
}
SUPPORT_COLOURS = dict(zip(SUPPORT_TYPES, OKABE_ITO, strict=False))
MODES: dict[str, str] = {
    "in_person": "In person",
    "phone": "Phone",
    "video": "Video",
    "text": "Text",
}
MODE_COLOURS = dict(zip(MODES, OKABE_ITO, strict=False))
# Heatmap colours: white for zero through sky blue to dark blue (one hue: readable for all).
SEQUENTIAL = [[0.0, "#FFFFFF"], [0.15, "#DCEEFB"], [0.5, "#56B4E9"], [1.0, "#0072B2"]]


def mentor_label(mentor: str, site: str) -> str:
    """How a mentor is named on an axis: 'Name · Site' (two mentors may share a name)."""
    return f"{mentor} · {site}"


def counted(n: float, word: str, plural: str | None = None) -> str:
    """'1 mentor', '3 mentors': ``n`` with its noun."""
    return f"{n:,.0f} {word if round(n) == 1 else (plural or word + 's')}"


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _mentors_in_order(df: pd.DataFrame) -> pd.DataFrame:
    """One row per mentor (mentor_id, mentor, site, label), by site then name."""
    mentors = df[["mentor_id", "mentor", "site"]].drop_duplicates("mentor_id")
    mentors = mentors.sort_values(["site", "mentor", "mentor_id"]).reset_index(drop=True)
    mentors["label"] = [
        mentor_label(m, s) for m, s in zip(mentors["mentor"], mentors["site"], strict=True)
    ]
    return mentors


# --- mentor x week heatmap ------------------------------------------------------------------


def heatmap_trace(
    values: np.ndarray,
    labels: list[str],
    ids: list[int] | np.ndarray,
    x: list[object],
    unit: str,
    decimals: int,
    colorscale: list,
    hover: str,
) -> go.Heatmap:
    """A heatmap trace of mentors or sites: ``values`` (rows x columns, NaN = hidden), the first
    row a total; each cell carries its row's entry of ``ids`` as customdata (for click-through).

    Numpy arrays throughout (plotly validates and copies lists cell by cell, which is slow at
    hundreds of mentors x weeks); hover text says exact values, or 'fewer than 5'.
    """
    hidden = np.isnan(values)
    text = np.where(
        hidden, HIDDEN, np.char.mod(f"%.{decimals}f", np.nan_to_num(values)).astype(object)
    )
    if decimals == 0:
        text = np.vectorize(lambda t: t if t == HIDDEN else f"{int(t):,}", otypes=[object])(text)
    # The total row would swamp the colour scale: scale it to the largest mentor cell.
    mentor_cells = values[1:][~hidden[1:]]
    largest = float(mentor_cells.max()) if mentor_cells.size and mentor_cells.max() > 0 else 1.0
    z = np.minimum(values, largest)
    keys = np.asarray(ids) if isinstance(ids, np.ndarray) else np.asarray(ids, dtype="int64")
    customdata = np.repeat(keys[:, None], values.shape[1], axis=1)
    return go.Heatmap(
        z=z[::-1],
        x=x,
        y=labels[::-1],
        text=text[::-1],
        customdata=customdata[::-1],
        colorscale=colorscale,
        zmin=0,
        zmax=largest,
        xgap=1,
        ygap=1,
        colorbar={"title": {"text": unit.capitalize()}, "thickness": 12},
        hovertemplate=hover,
    )


def weekly_heatmap_figure(
    weekly: pd.DataFrame,
    total: pd.DataFrame | None = None,
    measure: str = "contacts",
    template: str = TEMPLATE,
) -> go.Figure:
    """Heatmap of ``measure`` ('contacts' or 'hours') per mentor (rows) and week (columns).

    ``weekly`` is ``contacts_by_mentor_week``; ``total`` (``contacts_by_week``) gives the top
    row, 'All mentors' (without it the row is the sum of ``weekly``: exact when nothing is
    hidden). Quiet weeks show 0; hidden small counts are blank with 'fewer than 5' on hover.
    Each cell carries its mentor_id (0 for the total row) for click-through.
    """
    measure, title = heatmap_measure(measure)
    if weekly is None or weekly.empty:
        return empty_figure(NO_MENTORS, title, template)
    mentors = _mentors_in_order(weekly)
    weeks = sorted(set(weekly["week_start"]))
    pivot = weekly.pivot_table(
        index="mentor_id", columns="week_start", values=measure, aggfunc="first", dropna=False
    ).reindex(index=list(mentors["mentor_id"]), columns=weeks)
    if total is None:
        totals = pivot.sum(axis=0, min_count=1).to_numpy(dtype="float64")
    else:
        totals = pd.to_numeric(
            total.set_index("week_start")[measure].reindex(weeks), errors="coerce"
        ).to_numpy(dtype="float64")
    values = np.vstack([totals, pivot.apply(pd.to_numeric, errors="coerce").to_numpy("float64")])
    labels = [TOTAL_LABEL, *mentors["label"]]
    ids = [0, *mentors["mentor_id"].astype(int)]
    height = max(320, 140 + ROW_PX * len(labels))
    return week_heatmap(title, values, labels, ids, weeks, measure, template, height)


def heatmap_measure(measure: object, titles: dict[str, str] = HEATMAP_TITLE) -> tuple[str, str]:
    """The week heatmap's measure ('contacts' unless 'hours' is asked for) and its title
    among ``titles``."""
    measure = measure if isinstance(measure, str) and measure in titles else "contacts"
    return measure, titles[measure]


def week_heatmap(
    title: str,
    values: np.ndarray,
    labels: list[str],
    keys: list[int] | np.ndarray,
    weeks: list[object],
    measure: str,
    template: str,
    height: int,
) -> go.Figure:
    """A row per label (the total row first) and a column per week of ``measure``; each
    cell carries its row's key for click-through and its n on hover."""
    unit = "contacts" if measure == "contacts" else "hours"
    hover = f"%{{y}}<br>week of %{{x|%d %b %Y}}<br>n = %{{text}} {unit}<extra></extra>"
    x = [pd.Timestamp(w) for w in weeks]
    decimals = 0 if measure == "contacts" else 1
    return titled_figure(
        title,
        [heatmap_trace(values, labels, keys, x, unit, decimals, SEQUENTIAL, hover)],
        template,
        xaxis={"title": {"text": "Week starting"}, "tickformat": "%d %b\n%Y", "showgrid": False},
        yaxis={"title": {"text": ""}, "type": "category", "showgrid": False},
        height=height,
    )


def measured_amount(total: float, measure: str) -> str:
    """'1,234 contacts' or '56.5 contact hours'."""
    return f"{total:,.1f} contact hours" if measure == "hours" else counted(total, "contact")


def weekly_totals(weekly: pd.DataFrame, total: pd.DataFrame | None, measure: str) -> pd.Series:
    """The 'All mentors' row: ``total``'s column, or the sum of ``weekly`` per week."""
    if total is not None:
        return pd.to_numeric(total.set_index("week_start")[measure], errors="coerce")
    return pd.to_numeric(weekly[measure], errors="coerce").groupby(weekly["week_start"]).sum()


def weekly_heatmap_caption(
    weekly: pd.DataFrame, total: pd.DataFrame | None = None, measure: str = "contacts"
) -> str:
    """One or two sentences on the heatmap: totals, weeks, and quiet weeks per mentor."""
    if weekly is None or weekly.empty:
        return NO_MENTORS + "."
    measure, _title = heatmap_measure(measure)
    weeks = len(set(weekly["week_start"]))
    mentors = weekly["mentor_id"].nunique()
    values = weekly_totals(weekly, total, measure)
    said = measured_amount(values.sum(), measure)
    quiet = int((pd.to_numeric(weekly["contacts"], errors="coerce") == 0).sum())
    text = (
        f"{said} by {counted(mentors, 'mentor')} over {counted(weeks, 'week')}; "
        f"{quiet:,} of {len(weekly):,} mentor-weeks had no contact."
    )
    if values.notna().any() and values.max() > 0:
        text += f" The busiest week started {values.idxmax():%d %B %Y}."
    return text


# --- type of support ------------------------------------------------------------------------


def _type_pivot(types: pd.DataFrame, value: str = "contacts") -> pd.DataFrame:
    pivot = types.pivot_table(
        index="mentor_id", columns="contact_type", values=value, aggfunc="sum", fill_value=0
    )
    return pivot.reindex(columns=list(SUPPORT_TYPES), fill_value=0)


def support_types_figure(
    types: pd.DataFrame, workload: pd.DataFrame, template: str = TEMPLATE
) -> go.Figure:
    """Stacked horizontal bars: each mentor's contacts by type of support.

    ``types`` is ``contact_types_by_mentor``; ``workload`` (``workload_by_mentor``) gives
    the mentors' sites and order. Hidden small counts count as 0 in the bar, and say so.
    """
    if is_empty(types, "contacts") or workload is None or workload.empty:
        return empty_figure(NO_CONTACTS, SUPPORT_TITLE, template)
    mentors = _mentors_in_order(workload[workload["mentor_id"].isin(types["mentor_id"])])
    pivot = _type_pivot(types.fillna({"contacts": 0})).reindex(mentors["mentor_id"], fill_value=0)
    hidden = _type_pivot(types.assign(contacts=types["contacts"].isna().astype(int)))
    hidden = hidden.reindex(mentors["mentor_id"], fill_value=0)
    traces = []
    for kind, name in SUPPORT_TYPES.items():
        counts = pivot[kind].astype(int).tolist()
        shown = [
            HIDDEN if h else f"{c:,}" for c, h in zip(counts, hidden[kind].tolist(), strict=True)
        ]
        traces.append(
            go.Bar(
                y=mentors["label"],
                x=counts,
                orientation="h",
                name=name,
                marker_color=SUPPORT_COLOURS[kind],
                customdata=np.column_stack(
                    [
                        mentors["mentor_id"].astype(int).astype(object),
                        np.asarray(shown, dtype=object),
                    ]
                ),
                hovertemplate=f"%{{y}}<br>{name}: n = %{{customdata[1]}} contacts<extra></extra>",
            )
        )
    return titled_figure(
        SUPPORT_TITLE,
        traces,
        template,
        barmode="stack",
        xaxis=count_axis("Contacts", float(pivot.sum(axis=1).max())),
        yaxis={"title": {"text": ""}, "type": "category", "autorange": "reversed"},
        height=max(340, 150 + ROW_PX * len(mentors)),
    )


def practical_share(types: pd.DataFrame) -> pd.DataFrame:
    """Per mentor: practical and emotional contacts and the practical share of the two.

    Columns: mentor_id, practical, emotional, share (0..1; NaN without either kind).
    """
    pivot = _type_pivot(types.fillna({"contacts": 0}))
    practical = pivot["practical_living_skills"].astype(int)
    emotional = pivot["emotional_support"].astype(int)
    both = practical + emotional
    share = (practical / both.where(both > 0)).astype(float)
    return pd.DataFrame(
        {
            "mentor_id": pivot.index.astype(int),
            "practical": practical.to_numpy(),
            "emotional": emotional.to_numpy(),
            "share": share.to_numpy(),
        }
    )


def support_style_figure(
    types: pd.DataFrame, workload: pd.DataFrame, template: str = TEMPLATE
) -> go.Figure:
    """Each mentor as a dot on the scale from emotional (0%) to practical (100%) support."""
    if is_empty(types, "contacts") or workload is None or workload.empty:
        return empty_figure(NO_CONTACTS, STYLE_TITLE, template)
    shares = practical_share(types).dropna(subset=["share"])
    if shares.empty:
        return empty_figure(
            "No practical or emotional support recorded in this period", STYLE_TITLE, template
        )
    mentors = _mentors_in_order(workload).merge(shares, on="mentor_id")
    return style_dots_figure(
        mentors.rename(columns={"mentor_id": "key"}),
        {"title": {"text": ""}, "type": "category", "autorange": "reversed"},
        max(320, 140 + ROW_PX * len(mentors)),
        template,
    )


def style_dots_figure(
    rows: pd.DataFrame,
    yaxis: dict[str, object],
    height: int,
    template: str = TEMPLATE,
    title: str = STYLE_TITLE,
) -> go.Figure:
    """Dots on the scale from emotional (0%) to practical (100%) support, one per row of
    ``rows`` (columns label, key (what a click carries), practical, emotional, share 0..1),
    in the order given: for mentors and for sites alike."""
    dots = go.Scatter(
        y=rows["label"],
        x=(rows["share"] * 100).round(1),
        mode="markers",
        marker={"size": 14, "color": PRIMARY, "line": {"width": 1, "color": "#FFFFFF"}},
        name="Practical share",
        customdata=rows[["key", "practical", "emotional"]].to_numpy(dtype=object),
        hovertemplate="%{y}<br>%{x:.0f}% practical<br>n = %{customdata[1]} practical, "
        "%{customdata[2]} emotional contacts<extra></extra>",
    )
    fig = titled_figure(
        title,
        [dots],
        template,
        xaxis={
            "title": {"text": "← more emotional support · more practical support →"},
            "range": [-4, 104],
            "ticksuffix": "%",
            "dtick": 25,
        },
        yaxis=yaxis,
        showlegend=False,
        height=height,
    )
    fig.add_vline(x=50, line={"color": MUTED, "dash": "dot"})
    return fig


def support_caption(types: pd.DataFrame) -> str:
    """In words: the program's practical/emotional balance and how many lean each way."""
    if is_empty(types, "contacts"):
        return NO_CONTACTS + "."
    shares = practical_share(types).dropna(subset=["share"])
    totals = types.fillna({"contacts": 0}).groupby("contact_type")["contacts"].sum()
    practical = int(totals.get("practical_living_skills", 0))
    emotional = int(totals.get("emotional_support", 0))
    if practical + emotional == 0:
        return "No practical or emotional support was recorded in this period."
    share = practical / (practical + emotional)
    lean_practical = int((shares["share"] > 0.6).sum())
    lean_emotional = int((shares["share"] < 0.4).sum())
    return (
        f"{share:.0%} of practical and emotional contacts were practical "
        f"({practical:,} practical, {emotional:,} emotional). "
        f"Leaning practical: {counted(lean_practical, 'mentor')}; "
        f"leaning emotional: {counted(lean_emotional, 'mentor')}; "
        f"{counted(len(shares) - lean_practical - lean_emotional, 'mentor')} in between."
    )


def _monthly_stack(
    df: pd.DataFrame,
    column: str,
    names: dict[str, str],
    colours: dict[str, str],
    title: str,
    height: int,
    template: str,
) -> go.Figure:
    """Stacked bars per month of contacts, one bar per value of ``column`` (in ``names``
    order); a hidden count stacks as 0 and says 'fewer than 5' on hover. With no contacts,
    the empty figure that says so."""
    if is_empty(df, "contacts"):
        return empty_figure(NO_CONTACTS, title, template)
    months = sorted(set(df["month"]))
    bars = []
    for key, name in names.items():
        part = df[df[column] == key].set_index("month").reindex(months)
        counts = pd.to_numeric(part["contacts"], errors="coerce")
        bars.append(
            go.Bar(
                x=[pd.Timestamp(m) for m in months],
                y=counts.fillna(0).astype(float),
                name=name,
                marker_color=colours[key],
                customdata=[HIDDEN if pd.isna(v) else f"{int(v):,}" for v in counts],
                hovertemplate=f"%{{x|%B %Y}}<br>{name}: n = %{{customdata}} contacts"
                "<extra></extra>",
            )
        )
    return titled_figure(
        title,
        bars,
        template,
        barmode="stack",
        xaxis=month_axis("Month (click one to look at it)"),
        yaxis=count_axis("Contacts", float(df.groupby("month")["contacts"].sum().max())),
        height=height,
    )  # fmt: skip


def mix_by_month_figure(
    mix: pd.DataFrame, template: str = TEMPLATE, title: str = MIX_TITLE
) -> go.Figure:
    """Stacked bars per month: contacts of each type of support (``contact_mix_by_month``)."""
    return _monthly_stack(mix, "contact_type", SUPPORT_TYPES, SUPPORT_COLOURS, title, 380, template)


def mix_caption(mix: pd.DataFrame) -> str:
    """How the practical share moved from the first to the last month with contacts."""
    if is_empty(mix, "contacts"):
        return NO_CONTACTS + "."
    by_month = mix.fillna({"contacts": 0}).pivot_table(
        index="month", columns="contact_type", values="contacts", aggfunc="sum", fill_value=0
    )
    by_month = by_month.reindex(columns=list(SUPPORT_TYPES), fill_value=0)
    both = by_month["practical_living_skills"] + by_month["emotional_support"]
    share = (by_month["practical_living_skills"] / both.where(both > 0)).dropna()
    total = int(by_month.to_numpy().sum())
    text = f"{total:,} contacts over {counted(len(by_month), 'month')}."
    if len(share) >= 2:
        first, last = share.index[0], share.index[-1]
        text += (
            f" Practical support was {share.iloc[0]:.0%} of practical and emotional contacts in "
            f"{first:%B %Y} and {share.iloc[-1]:.0%} in {last:%B %Y}."
        )
    return text


# --- crisis and after-hours -----------------------------------------------------------------


@dataclass(frozen=True)
class RiseRings:
    """The months whose crisis count rose against the row's own previous three months: their
    months, rows, custom data (key, count, previous average), legend name and the words of
    care the hover ends with."""

    months: pd.Series
    rows: pd.Series
    customdata: object
    name: str
    care: str


CRISIS_COLOURS = [[0.0, "#FFFFFF"], [0.2, "#FBE3C6"], [1.0, SECONDARY]]
CRISIS_HOVER = "%{y}<br>%{x|%B %Y}<br>n = %{text} crisis or after-hours contacts<extra></extra>"


def crisis_heatmap(
    title: str,
    values: np.ndarray,
    labels: list[object],
    keys: object,
    x: list[pd.Timestamp],
    rings: RiseRings,
    height: int,
    template: str,
) -> go.Figure:
    """The crisis heatmap titled ``title``: a row per label (the program's total on top), a
    column per month, and a ring on each month of ``rings``."""
    traces: list[BaseTraceType] = [
        heatmap_trace(values, labels, keys, x, "contacts", 0, CRISIS_COLOURS, CRISIS_HOVER)
    ]
    if len(rings.months):
        traces.append(
            go.Scatter(
                x=[pd.Timestamp(m) for m in rings.months],
                y=rings.rows,
                mode="markers",
                name=rings.name,
                marker={
                    "symbol": "circle-open",
                    "size": 20,
                    "line": {"width": 3, "color": WARNING},
                },
                customdata=rings.customdata,
                hovertemplate="%{y}<br>%{x|%B %Y}: n = %{customdata[1]:.0f}, against "
                f"%{{customdata[2]:.1f}} a month before<br>{rings.care}<extra></extra>",
            )
        )
    return titled_figure(
        title,
        traces,
        template,
        xaxis=month_axis(showgrid=False),
        yaxis={"title": {"text": ""}, "type": "category", "showgrid": False},
        height=height,
    )


def crisis_figure(crisis: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Heatmap of crisis and after-hours contacts per mentor and month, a program total row on
    top, and a ring on each month that rose against the mentor's own previous three months.

    ``crisis`` is ``crisis_by_mentor_month``.
    """
    if is_empty(crisis, "crisis_or_after_hours"):
        return empty_figure(
            "No crisis or after-hours contacts in this period", CRISIS_TITLE, template
        )
    mentors = _mentors_in_order(crisis)
    months = sorted(set(crisis["month"]))
    pivot = crisis.pivot_table(
        index="mentor_id", columns="month", values="crisis_or_after_hours", aggfunc="first",
        dropna=False,
    ).reindex(index=list(mentors["mentor_id"]), columns=months)  # fmt: skip
    values = np.vstack(
        [
            pivot.fillna(0).sum(axis=0).to_numpy("float64"),
            pivot.apply(pd.to_numeric, errors="coerce").to_numpy("float64"),
        ]
    )
    labels = [TOTAL_LABEL, *mentors["label"]]
    ids = [0, *mentors["mentor_id"].astype(int)]
    x = [pd.Timestamp(m) for m in months]
    rises = crisis[crisis["rise"]].merge(mentors[["mentor_id", "label"]], on="mentor_id")
    rings = RiseRings(
        rises["month"],
        rises["label"],
        rises[["mentor_id", "crisis_or_after_hours", "previous_average"]].astype(float).to_numpy(),
        "A rise against their own previous 3 months",
        "a moment to check in",
    )
    height = max(320, 150 + ROW_PX * len(labels))
    return crisis_heatmap(CRISIS_TITLE, values, labels, ids, x, rings, height, template)


def crisis_caption(crisis: pd.DataFrame) -> str:
    """Program-wide count and who may need a check-in, worded as care."""
    if is_empty(crisis, "crisis_or_after_hours"):
        return "No crisis or after-hours contacts were recorded in this period."
    total = int(pd.to_numeric(crisis["crisis_or_after_hours"], errors="coerce").fillna(0).sum())
    text = (
        f"{counted(total, 'crisis or after-hours contact')} in the period. These are demanding "
        "moments for a peer mentor."
    )
    rises = crisis[crisis["rise"]]
    if rises.empty:
        return text + " No mentor's count rose markedly against their own previous three months."
    last = max(crisis["month"])
    recent = rises[rises["month"] == last]
    text += (
        f" {counted(len(rises), 'time')} a mentor's count rose markedly against their own "
        "previous three months (ringed)"
    )
    if not recent.empty:
        names = ", ".join(sorted(recent["mentor"]))
        text += f"; in {last:%B %Y}: {names}. A check-in about support may help"
    return text + "."


# --- direct-service time ------------------------------------------------------------------


def direct_service_bars(
    title: str,
    per: pd.DataFrame,
    rows: pd.Series,
    hover: tuple[object, str, object, str],
    template: str,
    **layout: Any,
) -> go.Figure:
    """Stacked bars per row (``rows``, the labels) of ``per``'s mean monthly contact and group
    hours, with a tick at the hours capacity stands for. ``hover``: the bars' custom data and
    the end of their hover text (after "(mean of "), then the tick's custom data and text."""
    bar_data, bar_text, tick_data, tick_text = hover
    traces: list[BaseTraceType] = [
        go.Bar(
            y=rows,
            x=per[column].round(1),
            orientation="h",
            name=name,
            marker_color=colour,
            customdata=bar_data,
            hovertemplate=f"%{{y}}<br>{name}: %{{x:.1f}} a month (mean of {bar_text}",
        )
        for column, name, colour in (
            ("contact_hours", "Contact hours", PRIMARY),
            ("group_hours", "Group hours", POSITIVE),
        )
    ]
    capacity = per["capacity_hours"].round(1)
    traces.append(limit_ticks(rows, capacity, "Capacity", tick_text, customdata=tick_data))
    return titled_figure(title, traces, template, barmode="stack", **layout)


def direct_service_figure(months: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked bars per mentor of average monthly contact and group hours, with a tick at the
    average monthly hours their capacity stands for (``mentor_month_workload``)."""
    if is_empty(months, "direct_hours"):
        return empty_figure(NO_CONTACTS, DIRECT_TITLE, template)
    per = direct_service_per_mentor(months)
    hover = (
        per[["mentor_id", "months"]].to_numpy(),
        "%{customdata[1]} months in post)<extra></extra>",
        per[["mentor_id", "capacity"]].to_numpy(),
        "%{y}<br>capacity %{customdata[1]} places ≈ %{x:.1f} hours a month<extra></extra>",
    )
    return direct_service_bars(
        DIRECT_TITLE,
        per,
        per["label"],
        hover,
        template,
        xaxis={"title": {"text": "Hours a month (mean over months in post)"},
               "rangemode": "tozero"},
        yaxis={"title": {"text": ""}, "type": "category", "autorange": "reversed"},
        height=max(340, 150 + ROW_PX * len(per)),
    )  # fmt: skip


def direct_service_per_mentor(months: pd.DataFrame) -> pd.DataFrame:
    """Per mentor (site, name order): mean monthly contact, group and capacity hours over the
    months they were in post. Columns: mentor_id, label, capacity, months, contact_hours,
    group_hours, direct_hours, capacity_hours, share (direct / capacity; NaN at 0 capacity)."""
    in_post = months[months["in_post"]]
    grouped = in_post.groupby("mentor_id").agg(
        months=("month", "count"),
        contact_hours=("contact_hours", "mean"),
        group_hours=("group_hours", "mean"),
        direct_hours=("direct_hours", "mean"),
        capacity_hours=("capacity_hours", "mean"),
        capacity=("capacity", "first"),
    )
    mentors = _mentors_in_order(months)
    per = mentors.merge(grouped.reset_index(), on="mentor_id", how="inner")
    per["share"] = per["direct_hours"] / per["capacity_hours"].where(per["capacity_hours"] > 0)
    return per.reset_index(drop=True)


def capacity_sentence(hours_per_place: float | None) -> str:
    """How capacity is turned into hours, for a caption ('' when not given)."""
    if hours_per_place is None:
        return ""
    weekly = hours_per_place * 12 / 52
    return (
        f" Capacity counts {hours_per_place:.1f} hours a month per place (about "
        f"{weekly:.1f} a week)."
    )


def direct_service_caption(months: pd.DataFrame, hours_per_place: float | None = None) -> str:
    """Program hours against capacity, and how many mentors are well above or below theirs;
    with ``hours_per_place``, how many hours a place stands for."""
    if is_empty(months, "direct_hours"):
        return NO_CONTACTS + "."
    per = direct_service_per_mentor(months)
    hours = float(months["direct_hours"].sum())
    group = float(months["group_hours"].sum())
    above = int((per["share"] > 1.25).sum())
    below = int((per["share"] < 0.5).sum())
    return (
        f"{hours:,.0f} direct-service hours in the period, {group:,.0f} of them in groups. "
        f"{counted(above, 'mentor')} gave more than 125% of the time their capacity stands for "
        f"(worth checking they are not stretched); {counted(below, 'mentor')} under half "
        "(there may be room for another mentee)." + capacity_sentence(hours_per_place)
    )


# --- contact modes --------------------------------------------------------------------------


def modes_figure(modes: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked bars per month of contacts by mode (``contact_modes_by_month``)."""
    return _monthly_stack(modes, "mode", MODES, MODE_COLOURS, MODES_TITLE, 360, template)


def modes_caption(modes: pd.DataFrame) -> str:
    """Each mode's share of the period's contacts."""
    if is_empty(modes, "contacts"):
        return NO_CONTACTS + "."
    totals = modes.fillna({"contacts": 0}).groupby("mode")["contacts"].sum()
    total = int(totals.sum())
    parts = [f"{MODES[m].lower()} {int(totals.get(m, 0)) / total:.0%}" for m in MODES]
    return f"Of {total:,} contacts: " + ", ".join(parts) + "."


# --- balance --------------------------------------------------------------------------------


def balance_sentences(workload: pd.DataFrame) -> list[str]:
    """How evenly contacts spread over mentors, and who is far from their own site's median.

    From ``workload_by_mentor``: the fewest mentors who together made half of all contacts,
    and mentors whose contacts are at least twice, or at most half, their site's median (a
    mentor is compared with the usual at their own site, to spot overload or spare room;
    listed by site and name, never ranked). Hidden small counts are left out.
    """
    if workload is None or workload.empty:
        return [NO_MENTORS + "."]
    df = workload.assign(n=pd.to_numeric(workload["contacts"], errors="coerce")).dropna(
        subset=["n"]
    )
    total = float(df["n"].sum())
    if total <= 0:
        return [NO_CONTACTS + "."]
    ordered = df["n"].sort_values(ascending=False).cumsum()
    needed = int((ordered < total / 2).sum()) + 1
    mentors = len(df)
    sentences = [
        f"Half of all contacts were made by {needed} of {mentors} mentors"
        + (" — an even spread." if needed / mentors >= 0.35 else ".")
    ]
    medians = df.groupby("site")["n"].transform("median")
    high = df[(medians > 0) & (df["n"] >= 2 * medians)].sort_values(["site", "mentor"])
    low = df[(medians > 0) & (df["n"] <= medians / 2)].sort_values(["site", "mentor"])
    if high.empty and low.empty:
        sentences.append("Every mentor's contacts are within half to twice their site's median.")
    if not high.empty:
        names = ", ".join(
            mentor_label(m, s) for m, s in zip(high["mentor"], high["site"], strict=True)
        )
        sentences.append(f"At least twice their site's median (check they have support): {names}.")
    if not low.empty:
        names = ", ".join(
            mentor_label(m, s) for m, s in zip(low["mentor"], low["site"], strict=True)
        )
        sentences.append(
            f"At most half their site's median (new, part-time, or room to spare?): {names}."
        )
    return sentences


def month_clicked(click: object) -> dt.date | None:
    """The month a click on a monthly chart points at (its first day), or None."""
    try:
        x = click["points"][0]["x"]  # type: ignore[index]
        return dt.date.fromisoformat(str(x)[:10]).replace(day=1)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def mentor_clicked(click: object) -> int | None:
    """The mentor_id a click on a mentor chart carries (first item of customdata), or None.

    0 (the 'All mentors' row) and anything not a positive whole number give None.
    """
    try:
        value = click["points"][0]["customdata"]  # type: ignore[index]
        value = value[0] if isinstance(value, list) else value
        if isinstance(value, bool):
            return None
        number = int(float(value))
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None
