"""Whole-program figures, one row per site: what Workload's and Caseloads' per-mentor charts
draw when too many mentors are in view for a row each.

Sites are listed by name (never by how much they did), like mentors are by site and name in
the per-mentor charts. Every mark carries ``site_tag(site_id)`` first in its customdata, so a
click on a site narrows the page to it (``site_clicked``). Every builder has a ``*_caption``
twin that says what the figure means, with its n, and where every mentor is still listed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import count_axis, empty_figure, is_empty, limit_ticks, titled_figure
from dashboard.charts.groups import sessions_bars
from dashboard.charts.workload import (
    HIDDEN,
    NO_CONTACTS,
    SUPPORT_COLOURS,
    SUPPORT_TYPES,
    RiseRings,
    capacity_sentence,
    counted,
    crisis_heatmap,
    direct_service_bars,
    heatmap_measure,
    measured_amount,
    style_dots_figure,
    week_heatmap,
)
from dashboard.theme import PRIMARY, TEMPLATE, WARNING

HEATMAP_TITLE = {
    "contacts": "Contacts per site per week",
    "hours": "Contact hours per site per week",
}
SUPPORT_TITLE = "Type of support per site"
STYLE_TITLE = "Each site's mix: practical or emotional support"
CRISIS_TITLE = "Crisis and after-hours contacts per site per month"
DIRECT_TITLE = "Direct-service hours per site per month, against capacity"
SESSIONS_TITLE = "Group sessions per site"
CAPACITY_TITLE = "Caseload against capacity, per site"
TOTAL_LABEL = "All sites"
NO_SITES = "No sites in view for this choice"
NO_SESSIONS = "No peer-group sessions at these sites in this period"
NO_CRISIS = "No crisis or after-hours contacts in this period"
NO_CASELOAD = "No active mentors at these sites"
SITE_PREFIX = "site:"
SITE_ROW_PX = 34
# Where every mentor is still listed, and what a click on a site does, for the captions.
WORKLOAD_MENTORS = (
    "Every mentor is listed in the table at the foot of the page; click a site to see a row "
    "per mentor."
)
CASELOADS_MENTORS = (
    "Click a site to see a bar per mentor; the Workload page's table lists every mentor's "
    "caseload (Mentees now)."
)


def site_tag(site_id: int) -> str:
    """What a site's mark carries first in its customdata: 'site:<id>' (a mentor's carries a
    bare number, so a click says which it was)."""
    return f"{SITE_PREFIX}{int(site_id)}"


def site_clicked(click: object) -> int | None:
    """The site_id a click on a site chart carries (first item of customdata), or None.

    Anything but 'site:<positive whole number>' gives None.
    """
    try:
        value = click["points"][0]["customdata"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    value = value[0] if isinstance(value, list) and value else value
    if not isinstance(value, str) or not value.startswith(SITE_PREFIX):
        return None
    digits = value[len(SITE_PREFIX) :]
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 10:
        return None
    number = int(digits)
    return number if 0 < number < 2**31 else None


def _names(names: list[str]) -> str:
    """Site names for a sentence, or 'none'."""
    return ", ".join(names) if names else "none"


def _sites_in_order(df: pd.DataFrame) -> pd.DataFrame:
    """One row per site (site_id, site, tag), by site name: never by a figure.

    Built in one constructor: adding columns one by one costs more than the query behind it."""
    found = zip(df["site_id"], df["site"], strict=True)
    pairs = sorted({(str(name), int(site_id)) for site_id, name in found})
    return pd.DataFrame(
        {
            "site_id": np.array([site_id for _name, site_id in pairs], dtype="int64"),
            "site": pd.Series([name for name, _id in pairs], dtype=object),
            "tag": pd.Series([site_tag(site_id) for _name, site_id in pairs], dtype=object),
        }
    )


def _by_site(df: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """``df``'s rows (one per site) in the order of ``sites``, with its tag."""
    rows = pd.Index(df["site_id"]).get_indexer(sites["site_id"])
    ordered = df.iloc[rows].reset_index(drop=True)
    return ordered.assign(site=sites["site"].to_numpy(), tag=sites["tag"].to_numpy())


def _numbers(values: pd.Series) -> pd.Series:
    """Counts as floats, hidden ones (<NA>) as NaN."""
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _site_axis() -> dict[str, object]:
    """A y axis of site names, the first at the top."""
    return {"title": {"text": ""}, "type": "category", "autorange": "reversed"}


def _height(rows: int) -> int:
    """The figure's height in pixels for ``rows`` rows of sites."""
    return max(320, 150 + SITE_ROW_PX * rows)


def _mentors_sentence(mentors: int | None) -> str:
    """Why the chart has a row per site: how many mentors are in view ('' when not given)."""
    if mentors is None:
        return ""
    verb = "is" if mentors == 1 else "are"
    return f" {counted(mentors, 'mentor')} {verb} in view: too many for a row each."


# --- site x week heatmap --------------------------------------------------------------------


def _grid(
    df: pd.DataFrame, sites: pd.DataFrame, column: str, period: str
) -> tuple[list[object], np.ndarray]:
    """(periods in order, sites x periods values with NaN where hidden or absent).

    Placed by index lookups rather than a pivot table (a few ms each, on every page load)."""
    periods = sorted(set(df[period]))
    rows = pd.Index(sites["site_id"]).get_indexer(df["site_id"])
    columns = pd.Index(periods).get_indexer(df[period])
    grid = np.full((len(sites), len(periods)), np.nan)
    grid[rows, columns] = _numbers(df[column]).to_numpy()
    return periods, grid


def site_heatmap_figure(
    weekly: pd.DataFrame,
    total: pd.DataFrame | None = None,
    measure: str = "contacts",
    template: str = TEMPLATE,
) -> go.Figure:
    """Heatmap of ``measure`` ('contacts' or 'hours') per site (rows) and week (columns).

    ``weekly`` is ``contacts_by_site_week``; ``total`` (``contacts_by_week``) gives the top
    row, 'All sites' (without it, the sum of the sites: exact when nothing is hidden). Quiet
    weeks show 0; hidden small counts are blank with 'fewer than 5' on hover.
    """
    measure, title = heatmap_measure(measure, HEATMAP_TITLE)
    if weekly is None or weekly.empty:
        return empty_figure(NO_SITES, title, template)
    sites = _sites_in_order(weekly)
    weeks, grid = _grid(weekly, sites, measure, "week_start")
    if total is None:
        totals = np.nansum(grid, axis=0)
    else:
        totals = _numbers(total.set_index("week_start")[measure].reindex(weeks)).to_numpy()
    values = np.vstack([totals, grid])
    keys = np.array([0, *sites["tag"]], dtype=object)
    labels = [TOTAL_LABEL, *sites["site"]]
    height = _height(len(sites) + 1)
    return week_heatmap(title, values, labels, keys, weeks, measure, template, height)


def site_heatmap_caption(
    weekly: pd.DataFrame,
    total: pd.DataFrame | None = None,
    measure: str = "contacts",
    mentors: int | None = None,
) -> str:
    """What the site heatmap means: the program's total, weeks, quiet site-weeks, busiest
    week, and where every mentor is listed."""
    measure, title = heatmap_measure(measure, HEATMAP_TITLE)
    if weekly is None or weekly.empty:
        return f"{title}: {NO_SITES.lower()}."
    sites = weekly["site_id"].nunique()
    weeks = sorted(set(weekly["week_start"]))
    if total is not None:
        by_week = _numbers(total.set_index("week_start")[measure])
    else:
        by_week = _numbers(weekly[measure]).groupby(weekly["week_start"]).sum()
    said = measured_amount(by_week.sum(), measure)
    quiet = int((_numbers(weekly["contacts"]) == 0).sum())
    text = (
        f"{title}: {said} at {counted(sites, 'site')} over {counted(len(weeks), 'week')}, "
        f"each row a site's mentors together; {quiet:,} of {len(weekly):,} site-weeks had no "
        "contact."
    )
    if by_week.notna().any() and by_week.max() > 0:
        text += f" The busiest week started {by_week.idxmax():%d %B %Y}."
    return text + _mentors_sentence(mentors) + " " + WORKLOAD_MENTORS


# --- type of support per site ---------------------------------------------------------------


def _type_grid(types: pd.DataFrame, sites: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(contacts, hidden): sites x SUPPORT_TYPES arrays of ``contact_types_by_site``; a hidden
    count is 0 in the first and True in the second."""
    rows = pd.Index(sites["site_id"]).get_indexer(types["site_id"])
    columns = pd.Index(list(SUPPORT_TYPES)).get_indexer(types["contact_type"])
    known = (rows >= 0) & (columns >= 0)
    counts = _numbers(types["contacts"]).to_numpy()
    grid = np.zeros((len(sites), len(SUPPORT_TYPES)))
    hidden = np.zeros(grid.shape, dtype=bool)
    np.add.at(grid, (rows[known], columns[known]), np.nan_to_num(counts[known]))
    hidden[rows[known], columns[known]] |= np.isnan(counts[known])
    return grid, hidden


def site_support_figure(types: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked horizontal bars: each site's contacts by type of support
    (``contact_types_by_site``). Hidden small counts count as 0 in the bar, and say so."""
    if is_empty(types, "contacts"):
        return empty_figure(NO_CONTACTS, SUPPORT_TITLE, template)
    sites = _sites_in_order(types)
    grid, hidden = _type_grid(types, sites)
    counts = grid.astype(int)
    traces = []
    for position, (kind, name) in enumerate(SUPPORT_TYPES.items()):
        shown = [
            HIDDEN if h else f"{c:,}"
            for c, h in zip(counts[:, position], hidden[:, position], strict=True)
        ]
        traces.append(
            go.Bar(
                y=sites["site"],
                x=counts[:, position],
                orientation="h",
                name=name,
                marker_color=SUPPORT_COLOURS[kind],
                customdata=np.column_stack(
                    [sites["tag"].to_numpy(dtype=object), np.asarray(shown, dtype=object)]
                ),
                hovertemplate=f"%{{y}}<br>{name}: n = %{{customdata[1]}} contacts<extra></extra>",
            )
        )
    return titled_figure(
        SUPPORT_TITLE,
        traces,
        template,
        barmode="stack",
        xaxis=count_axis("Contacts", float(counts.sum(axis=1).max())),
        yaxis=_site_axis(),
        height=_height(len(sites)),
    )


def site_practical_share(types: pd.DataFrame) -> pd.DataFrame:
    """Per site (by name): practical and emotional contacts and the practical share of the two.

    Columns: site_id, site, tag, practical, emotional, share (0..1; NaN without either kind).
    """
    sites = _sites_in_order(types)
    grid, _hidden = _type_grid(types, sites)
    kinds = list(SUPPORT_TYPES)
    practical = grid[:, kinds.index("practical_living_skills")].astype(int)
    emotional = grid[:, kinds.index("emotional_support")].astype(int)
    both = practical + emotional
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(both > 0, practical / np.where(both > 0, both, 1), np.nan)
    return sites.assign(practical=practical, emotional=emotional, share=share)


def site_style_figure(types: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Each site as a dot on the scale from emotional (0%) to practical (100%) support."""
    if is_empty(types, "contacts"):
        return empty_figure(NO_CONTACTS, STYLE_TITLE, template)
    shares = site_practical_share(types).dropna(subset=["share"])
    if shares.empty:
        return empty_figure(
            "No practical or emotional support recorded in this period", STYLE_TITLE, template
        )
    rows = shares.rename(columns={"site": "label", "tag": "key"})
    return style_dots_figure(rows, _site_axis(), _height(len(shares)), template, STYLE_TITLE)


def site_support_caption(types: pd.DataFrame, mentors: int | None = None) -> str:
    """What the support-by-site charts mean: the program's practical share and the sites that
    lean each way (by name)."""
    if is_empty(types, "contacts"):
        return f"{SUPPORT_TITLE}: {NO_CONTACTS.lower()}."
    shares = site_practical_share(types)
    practical, emotional = int(shares["practical"].sum()), int(shares["emotional"].sum())
    total = int(_numbers(types["contacts"]).fillna(0).sum())
    text = f"{SUPPORT_TITLE}: {counted(total, 'contact')} at {counted(len(shares), 'site')}."
    if practical + emotional:
        known = shares.dropna(subset=["share"])
        lean_practical = known[known["share"] > 0.6]["site"].tolist()
        lean_emotional = known[known["share"] < 0.4]["site"].tolist()
        text += (
            f" {practical / (practical + emotional):.0%} of practical and emotional contacts "
            f"were practical ({practical:,} practical, {emotional:,} emotional). Sites leaning "
            f"practical: {_names(lean_practical)}; leaning emotional: {_names(lean_emotional)}."
        )
    return text + _mentors_sentence(mentors) + " " + WORKLOAD_MENTORS


# --- crisis and after-hours per site and month ----------------------------------------------


def site_crisis_figure(crisis: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Heatmap of crisis and after-hours contacts per site and month, a program total row on
    top, and a ring on each month that rose against the site's own previous three months
    (``crisis_by_site_month``)."""
    if is_empty(crisis, "crisis_or_after_hours"):
        return empty_figure(NO_CRISIS, CRISIS_TITLE, template)
    sites = _sites_in_order(crisis)
    months, grid = _grid(crisis, sites, "crisis_or_after_hours", "month")
    values = np.vstack([np.nansum(grid, axis=0), grid])
    keys = np.array([0, *sites["tag"]], dtype=object)
    x = [pd.Timestamp(m) for m in months]
    rises = crisis[crisis["rise"].astype(bool)].merge(sites[["site_id", "tag"]], on="site_id")
    customdata = np.column_stack(
        [
            rises["tag"].to_numpy(dtype=object),
            _numbers(rises["crisis_or_after_hours"]).to_numpy(),
            rises["previous_average"].astype(float).to_numpy(),
        ]
    )
    rings = RiseRings(
        rises["month"],
        rises["site"],
        customdata,
        "A rise against the site's own previous 3 months",
        "worth asking how the site's mentors are",
    )
    labels = [TOTAL_LABEL, *sites["site"]]
    height = _height(len(sites) + 1)
    return crisis_heatmap(CRISIS_TITLE, values, labels, keys, x, rings, height, template)


def site_crisis_caption(crisis: pd.DataFrame, mentors: int | None = None) -> str:
    """What the crisis-by-site heatmap means: the program's count, and the sites whose count
    rose against their own previous months (by name)."""
    if is_empty(crisis, "crisis_or_after_hours"):
        return f"{CRISIS_TITLE}: {NO_CRISIS.lower()}."
    total = int(_numbers(crisis["crisis_or_after_hours"]).fillna(0).sum())
    sites = crisis["site_id"].nunique()
    text = (
        f"{CRISIS_TITLE}: {counted(total, 'crisis or after-hours contact')} at "
        f"{counted(sites, 'site')}, demanding moments for peer mentors."
    )
    rises = crisis[crisis["rise"].astype(bool)]
    if rises.empty:
        text += " No site's count rose markedly against its own previous three months."
    else:
        last = max(crisis["month"])
        recent = sorted(set(rises[rises["month"] == last]["site"]))
        text += (
            f" {counted(len(rises), 'time')} a site's count rose markedly against its own "
            "previous three months (ringed)"
        )
        text += f"; in {last:%B %Y}: {', '.join(recent)}." if recent else "."
    return text + _mentors_sentence(mentors) + " " + WORKLOAD_MENTORS


# --- direct-service time per site -----------------------------------------------------------


def direct_service_per_site(months: pd.DataFrame) -> pd.DataFrame:
    """Per site (by name): mean monthly contact, group and capacity hours over the months the
    site had a mentor in post. Columns: site_id, site, tag, months, mentors (most in post in
    a month), contact_hours, group_hours, direct_hours, capacity_hours, share (direct /
    capacity; NaN at 0 capacity). Hidden hours are left out of their mean.

    Summed with NumPy by site (a pandas group-by costs more than the query behind it)."""
    sites = _sites_in_order(months)
    staffed = months["mentors_in_post"].to_numpy() > 0
    rows = pd.Index(sites["site_id"]).get_indexer(months["site_id"])[staffed]
    size = len(sites)

    def mean(column: str) -> np.ndarray:
        values = _numbers(months[column]).to_numpy()[staffed]
        known = ~np.isnan(values)
        total = np.bincount(rows[known], weights=values[known], minlength=size)
        count = np.bincount(rows[known], minlength=size)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)

    mentors = np.zeros(size)
    np.maximum.at(mentors, rows, months["mentors_in_post"].to_numpy()[staffed])
    direct, capacity = mean("direct_hours"), mean("capacity_hours")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(capacity > 0, direct / np.where(capacity > 0, capacity, 1), np.nan)
    per = pd.DataFrame(
        {
            "site_id": sites["site_id"].to_numpy(),
            "site": sites["site"].to_numpy(),
            "tag": sites["tag"].to_numpy(),
            "months": np.bincount(rows, minlength=size),
            "mentors": mentors.astype(int),
            "contact_hours": mean("contact_hours"),
            "group_hours": mean("group_hours"),
            "direct_hours": direct,
            "capacity_hours": capacity,
            "share": share,
        }
    )
    return per[per["months"] > 0].reset_index(drop=True)


def site_direct_service_figure(months: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked bars per site of the mean monthly contact and group hours of its mentors
    together, with a tick at the hours their capacity stands for
    (``direct_service_by_site_month``)."""
    if is_empty(months, "direct_hours"):
        return empty_figure(NO_CONTACTS, DIRECT_TITLE, template)
    per = direct_service_per_site(months)
    if per.empty:
        return empty_figure("No mentors in post at these sites", DIRECT_TITLE, template)
    data = per[["tag", "months", "mentors"]].to_numpy(dtype=object)
    hover = (
        data,
        "%{customdata[1]} months; up to %{customdata[2]} mentors in post)<extra></extra>",
        data,
        "%{y}<br>the capacity of its mentors ≈ %{x:.1f} hours a month<extra></extra>",
    )
    return direct_service_bars(
        DIRECT_TITLE,
        per,
        per["site"],
        hover,
        template,
        xaxis={"title": {"text": "Hours a month, the site's mentors together (mean)"},
               "rangemode": "tozero"},
        yaxis=_site_axis(),
        height=_height(len(per)),
    )  # fmt: skip


def site_direct_service_caption(
    months: pd.DataFrame, hours_per_place: float | None = None, mentors: int | None = None
) -> str:
    """What the direct-service-by-site chart means: the program's hours, and the sites well
    above or below what their mentors' capacity stands for (by name)."""
    if is_empty(months, "direct_hours"):
        return f"{DIRECT_TITLE}: {NO_CONTACTS.lower()}."
    per = direct_service_per_site(months)
    hours = float(months["direct_hours"].sum())
    group = float(months["group_hours"].sum())
    above = per[per["share"] > 1.25]["site"].tolist()
    below = per[per["share"] < 0.5]["site"].tolist()
    return (
        f"{DIRECT_TITLE}: {hours:,.0f} direct-service hours in the period, {group:,.0f} of "
        f"them in groups, at {counted(len(per), 'site')}. Sites whose mentors together gave "
        f"more than 125% of the time their capacity stands for (worth checking nobody is "
        f"stretched): {_names(above)}; under half (there may be room for more mentees): "
        f"{_names(below)}." + capacity_sentence(hours_per_place) + _mentors_sentence(mentors)
        + " " + WORKLOAD_MENTORS
    )  # fmt: skip


# --- group sessions per site ----------------------------------------------------------------


def site_sessions_figure(groups: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Horizontal bars of the peer-group sessions held at each site
    (``group_sessions_by_site``)."""
    if is_empty(groups, "sessions"):
        return empty_figure(NO_SESSIONS, SESSIONS_TITLE, template)
    df = _by_site(groups, _sites_in_order(groups))
    attendance = [HIDDEN if pd.isna(v) else f"{int(v):,}" for v in df["attendance"]]
    customdata = np.column_stack(
        [
            df["tag"].to_numpy(dtype=object),
            df["groups"].to_numpy(dtype=object),
            df["facilitators"].to_numpy(dtype=object),
            df["group_hours"].round(1).to_numpy(dtype=object),
            np.asarray(attendance, dtype=object),
        ]
    )
    hover = (
        "%{y}<br>n = %{x} sessions in %{customdata[1]} groups<br>led by "
        "%{customdata[2]} mentors (%{customdata[3]} hours of their time)<br>"
        "%{customdata[4]} attendances<extra></extra>"
    )
    rows, sessions, height = df["site"], df["sessions"], _height(len(df))
    return sessions_bars(
        SESSIONS_TITLE, rows, sessions, customdata, hover, _site_axis(), height, template
    )


def site_groups_caption(
    groups: pd.DataFrame, sessions: pd.DataFrame | None = None, mentors: int | None = None
) -> str:
    """What the sessions-by-site chart means: sessions, groups, sites and the mentors who led
    them, and the mean attendance (from ``group_attendance_by_session``)."""
    if is_empty(groups, "sessions"):
        return f"{SESSIONS_TITLE}: {NO_SESSIONS.lower()}."
    held = int(groups["sessions"].sum())
    active = int((groups["sessions"] > 0).sum())
    text = (
        f"{SESSIONS_TITLE}: {held:,} sessions in {int(groups['groups'].sum()):,} groups at "
        f"{counted(active, 'site')}, led by {counted(int(groups['facilitators'].sum()), 'mentor')}."
    )
    if sessions is not None and not sessions.empty:
        attendance = _numbers(sessions["attendance"]).dropna()
        if not attendance.empty:
            text += f" On average {attendance.mean():.1f} people attended a session."
    return text + _mentors_sentence(mentors) + " " + WORKLOAD_MENTORS


# --- caseload against capacity per site -----------------------------------------------------


def site_capacity_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Horizontal bars of mentees in matches per site, with a tick at the capacity of its
    mentors together (``caseload_by_site``); a site over capacity in the warning colour."""
    if is_empty(df, "mentors"):
        return empty_figure(NO_CASELOAD, CAPACITY_TITLE, template)
    df = _by_site(df, _sites_in_order(df))
    active = _numbers(df["active_mentees"])
    over = (active > df["capacity"]).to_numpy()
    shown = [HIDDEN if pd.isna(v) else f"{int(v):,}" for v in active]
    spare = [HIDDEN if pd.isna(v) else f"{int(v):,}" for v in _numbers(df["spare"])]
    customdata = np.column_stack(
        [
            df["tag"].to_numpy(dtype=object),
            df["capacity"].to_numpy(dtype=object),
            df["mentors"].to_numpy(dtype=object),
            np.asarray(spare, dtype=object),
            df["mentors_over_capacity"].to_numpy(dtype=object),
            np.asarray(shown, dtype=object),
        ]
    )
    traces = [
        go.Bar(
            y=df["site"],
            x=active.fillna(0),
            orientation="h",
            name="Mentees in matches",
            marker_color=[WARNING if o else PRIMARY for o in over],
            customdata=customdata,
            hovertemplate="%{y}<br>n = %{customdata[5]} mentees in matches<br>capacity "
            "%{customdata[1]} places with %{customdata[2]} mentors<br>spare %{customdata[3]} "
            "places; %{customdata[4]} mentors over their own<extra></extra>",
        ),
        limit_ticks(
            df["site"],
            df["capacity"],
            "Capacity",
            "%{y}<br>capacity %{x} places<extra></extra>",
            customdata=customdata,
        ),
    ]
    if over.any():
        # A legend entry for the warning colour, so colour is not the only cue.
        traces.append(
            go.Bar(
                y=[None], x=[None], orientation="h", name="Over capacity",
                marker_color=WARNING, hoverinfo="skip",
            )
        )  # fmt: skip
    largest = float(max(active.fillna(0).max(), df["capacity"].max()))
    return titled_figure(
        CAPACITY_TITLE,
        traces,
        template,
        xaxis=count_axis("Mentees in matches", largest),
        yaxis=_site_axis(),
        barmode="overlay",
        height=_height(len(df)),
    )


def site_capacity_caption(df: pd.DataFrame, mentors: int | None = None) -> str:
    """What the caseload-by-site chart means: mentees in matches against places, the sites
    over capacity and those with mentors over their own (by name)."""
    if is_empty(df, "mentors"):
        return f"{CAPACITY_TITLE}: {NO_CASELOAD.lower()}."
    active = _numbers(df["active_mentees"])
    matched, places = int(active.fillna(0).sum()), int(df["capacity"].sum())
    text = (
        f"{CAPACITY_TITLE}: {matched:,} mentees in matches with "
        f"{counted(int(df['mentors'].sum()), 'mentor')} who have {places:,} places at "
        f"{counted(len(df), 'site')}"
    )
    text += f" ({matched / places:.0%} of places filled)." if places else "."
    over = sorted(df[active > df["capacity"]]["site"])
    stretched = sorted(df[df["mentors_over_capacity"] > 0]["site"])
    text += (
        f" Sites over capacity: {_names(over)}. Sites with a mentor over their own capacity: "
        f"{_names(stretched)}."
    )
    return text + _mentors_sentence(mentors) + " " + CASELOADS_MENTORS
