"""Outcome figures and their plain-language captions (pure: a frame in, a figure or text out).

Every figure says what it shows in its title, puts the n behind each point in the hover, and
leaves out points from groups smaller than the page's minimum (the caption says how many).
Captions are generated from the same numbers, so a screen reader hears what the chart shows.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import count_axis, empty_figure, month_starts, titled_figure
from dashboard.theme import MUTED, OKABE_ITO, POSITIVE, PRIMARY, SECONDARY, TEMPLATE, WARNING
from data.labels import CATEGORY_LABELS

TREND_TITLE = "Mean score by month"
CHANGE_TITLE = "Baseline against latest assessment"
RELIABLE_TITLE = "Reliable change per mentee"
COHORT_TITLE = "Mean score by months since intake"
FOLLOW_UP_TITLE = "Follow-up assessments done on time"
EVENTS_TITLE = "Events per 100 active mentees per month"
MILESTONES_TITLE = "Milestones reached per month, by life area"
GOALS_TITLE = "Goals set and milestones reached in the period"
NO_ASSESSMENTS = "No assessments with this instrument at these sites in this period"
NO_CHANGE = "No mentee has two assessments with this instrument in this period"
EVENT_LABELS = {
    "crisis_episode": "Crisis episodes",
    "hospital_admission": "Hospital admissions",
    "relapse": "Relapses or recurrences",
}
CLASS_COLOURS = (
    ("improved", "Improved", POSITIVE),
    ("no_change", "No reliable change", MUTED),
    ("declined", "Declined", WARNING),
)


def shown_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``df`` big enough to show (its ``shown`` column; small groups are hidden)."""
    return df[df["shown"].astype(bool)] if len(df) else df


def _n(value: object) -> str:
    """A count as text; a hidden count (<NA>) reads 'fewer than 5'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "fewer than 5"
    return f"{int(value):,}"  # type: ignore[call-overload]


def _legend_margin(rows: int = 1) -> dict[str, int]:
    """Room at the top for the title and a legend of ``rows`` rows, so neither covers the other
    (the legend sits just above the plot, the title above it)."""
    return {"t": 76 + 26 * rows}


def _legend_below(fig: go.Figure, rows: int = 1) -> go.Figure:
    """``fig`` with ``_legend_margin(rows)``."""
    fig.update_layout(margin=_legend_margin(rows))
    return fig


def _hidden_points(df: pd.DataFrame) -> int:
    return len(df) - len(shown_rows(df))


def _min_note(hidden: int, min_group: int, what: str) -> str:
    if not hidden:
        return ""
    noun = what if hidden == 1 else what + "s"
    return f" {hidden} {noun} not plotted: fewer than {min_group} mentees."


def trend_figure(
    df: pd.DataFrame, measure: str, instrument: str, template: str = TEMPLATE
) -> go.Figure:
    """One measure's monthly mean with its 95% interval as a band; n in the hover.

    ``df`` is outcome_trend's frame (every measure); only ``measure``'s shown points are drawn.
    """
    title = f"{TREND_TITLE}: {instrument}, {measure}"
    rows = df[(df["domain"] == measure) & df["shown"].astype(bool)] if len(df) else df
    if rows is None or rows.empty:
        reason = NO_ASSESSMENTS if df.empty else "Every month had fewer than 5 mentees assessed"
        return empty_figure(reason, title, template)
    x = month_starts(rows["month"])
    traces = [
        go.Scatter(
            x=list(x) + list(x[::-1]),
            y=list(rows["ci_high"]) + list(rows["ci_low"][::-1]),
            fill="toself",
            fillcolor="rgba(0,114,178,0.15)",
            line={"width": 0},
            hoverinfo="skip",
            name="95% interval",
        ),
        go.Scatter(
            x=x,
            y=rows["mean_score"],
            mode="lines+markers",
            name="Mean",
            line={"color": PRIMARY, "width": 3},
            customdata=list(
                zip(rows["n_mentees"].map(_n), rows["ci_low"], rows["ci_high"], strict=True)
            ),
            hovertemplate="%{x|%B %Y}<br>mean %{y:.1f} (95% interval %{customdata[1]:.1f}"
            "–%{customdata[2]:.1f})<br>n = %{customdata[0]} mentees<extra></extra>",
        ),
    ]
    return titled_figure(
        title,
        traces,
        template,
        xaxis={"title": {"text": "Month"}, "tickformat": "%b\n%Y"},
        yaxis={"title": {"text": f"Mean {measure} score"}},
        height=380,
    )


def trend_caption(df: pd.DataFrame, measure: str, min_group: int = 5) -> str:
    """'From March 2026 to November 2026 the mean Total went from 35.1 (n = 12) to ...'."""
    rows = df[df["domain"] == measure] if len(df) else df
    if rows.empty:
        return "No assessments with this instrument at these sites in this period."
    shown = rows[rows["shown"].astype(bool)]
    note = _min_note(_hidden_points(rows), min_group, "month")
    if shown.empty:
        return f"No month had enough mentees assessed to show a mean.{note}"
    first, last = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        return (
            f"In {first['month']:%B %Y} the mean {measure} score was "
            f"{first['mean_score']:.1f} (n = {_n(first['n_mentees'])}).{note}"
        )
    direction = "rose" if last["mean_score"] > first["mean_score"] else "fell"
    if math.isclose(last["mean_score"], first["mean_score"], abs_tol=0.05):
        direction = "stayed"
    return (
        f"From {first['month']:%B %Y} to {last['month']:%B %Y} the mean {measure} score "
        f"{direction} from {first['mean_score']:.1f} (n = {_n(first['n_mentees'])}) to "
        f"{last['mean_score']:.1f} (n = {_n(last['n_mentees'])}).{note}"
    )


def change_figure(df: pd.DataFrame, instrument: str, template: str = TEMPLATE) -> go.Figure:
    """Baseline against latest mean per domain: a radar for 3+ domains, else paired bars."""
    title = f"{CHANGE_TITLE}: {instrument}"
    shown = shown_rows(df)
    if shown.empty:
        reason = (
            NO_CHANGE
            if df.empty or df["n"].fillna(0).sum() == 0
            else ("Fewer than 5 mentees have two assessments")
        )
        return empty_figure(reason, title, template)
    domains = shown[shown["domain"] != "Total"]
    fig = go.Figure()
    hover = "%{theta}<br>%{r:.1f} (n = %{customdata} mentees)<extra>%{fullData.name}</extra>"
    if len(domains) >= 3:
        theta = [*list(domains["domain"]), domains["domain"].iloc[0]]
        n = [_n(v) for v in domains["n"]] + [_n(domains["n"].iloc[0])]
        for column, label, colour in (
            ("baseline_mean", "Baseline", SECONDARY),
            ("latest_mean", "Latest", PRIMARY),
        ):
            values = [*list(domains[column]), domains[column].iloc[0]]
            fig.add_scatterpolar(
                r=values, theta=theta, name=label, line={"color": colour, "width": 3},
                fill="toself" if label == "Latest" else None, customdata=n,
                hovertemplate=hover,
            )  # fmt: skip
        fig.update_layout(
            polar={
                "radialaxis": {"rangemode": "tozero", "angle": 90, "tickangle": 90},
                "domain": {"x": [0.12, 0.88]},
            }
        )
    else:
        for column, label, colour in (
            ("baseline_mean", "Baseline", SECONDARY),
            ("latest_mean", "Latest", PRIMARY),
        ):
            fig.add_bar(
                x=shown["domain"], y=shown[column], name=label, marker_color=colour,
                customdata=[_n(v) for v in shown["n"]],
                hovertemplate="%{x}<br>%{y:.1f} (n = %{customdata} mentees)"
                f"<extra>{label}</extra>",
            )  # fmt: skip
        fig.update_layout(barmode="group", yaxis={"title": {"text": "Mean score"}})
    fig.update_layout(template=template, title={"text": title}, height=440)
    return _legend_below(fig)


def change_caption(df: pd.DataFrame, higher_is_better: bool = True) -> str:
    """Which measures moved most, in words, with the n."""
    shown = shown_rows(df)
    if shown.empty:
        return "Not enough mentees with a baseline and a later assessment to compare."
    sign = 1 if higher_is_better else -1
    domains = shown[shown["domain"] != "Total"]
    pool = domains if len(domains) else shown
    best = pool.loc[(pool["change"] * sign).idxmax()]
    n = _n(shown["n"].iloc[0])
    better = "higher" if higher_is_better else "lower"
    return (
        f"Compared with their baseline, the {n} mentees with a later assessment moved most on "
        f"{best['domain']} ({best['baseline_mean']:.1f} to {best['latest_mean']:.1f}; "
        f"{better} is better)."
    )


def reliable_change_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Per measure, the share of mentees who improved, did not change reliably, or declined."""
    shown = shown_rows(df)
    if shown.empty:
        reason = NO_CHANGE if df.empty else "Fewer than 5 mentees have two assessments"
        return empty_figure(reason, RELIABLE_TITLE, template)
    shown = shown.iloc[::-1]  # the first domain at the top
    traces = []
    totals = shown[["improved", "no_change", "declined"]].astype("Float64").sum(axis=1)
    for column, label, colour in CLASS_COLOURS:
        counts = shown[column].astype("Float64")
        share = (100 * counts / totals).astype("float64")
        traces.append(go.Bar(
            y=shown["domain"], x=share, orientation="h", name=label, marker_color=colour,
            customdata=list(zip([_n(v) for v in shown[column]], [_n(v) for v in shown["n"]],
                                strict=True)),
            hovertemplate="%{y}<br>" + label + ": %{x:.0f}% (%{customdata[0]} of "
            "%{customdata[1]} mentees)<extra></extra>",
        ))  # fmt: skip
    return titled_figure(
        RELIABLE_TITLE,
        traces,
        template,
        barmode="stack",
        legend={"traceorder": "normal"},  # improved first: strengths first
        xaxis={"title": {"text": "% of mentees with two assessments"}, "range": [0, 100]},
        yaxis={"type": "category"},
        height=max(320, 120 + 34 * len(shown)),
        margin=_legend_margin(),
    )


def reliable_change_caption(df: pd.DataFrame) -> str:
    """'On the Total, 21 of 33 mentees (64%) improved reliably, ...; 6 had one assessment.'"""
    if df.empty:
        return "No mentee has an assessment with this instrument in this period."
    row = df[df["domain"] == "Total"]
    row = row.iloc[0] if len(row) else df.iloc[0]
    single = _n(row["single_assessment"])
    tail = f" {single} mentees with only one assessment are counted but not used for change."
    if not bool(row["shown"]):
        return f"Too few mentees with two assessments to classify change on {row['domain']}.{tail}"
    n = row["n"]
    parts = []
    for column, label, _ in CLASS_COLOURS:
        value = row[column]
        if pd.isna(value) or pd.isna(n) or not n:
            parts.append(f"{_n(value)} {label.lower()}")
        else:
            parts.append(f"{int(value)} {label.lower()} ({100 * int(value) / int(n):.0f}%)")
    return (
        f"On {row['domain']}, of {_n(n)} mentees with two assessments: {', '.join(parts)}. "
        f"A change counts as reliable when it is at least {row['criterion']:.1f} points "
        f"(reliability {row['reliability']:.2f}, SD {row['reference_sd']:.1f}, "
        f"{row['sd_source']}).{tail}"
    )


def cohort_figure(
    df: pd.DataFrame, measure: str, grouping_label: str, template: str = TEMPLATE
) -> go.Figure:
    """One line per cohort: mean score by months since intake, 95% interval as error bars."""
    title = f"{COHORT_TITLE}: {measure}, by {grouping_label}"
    shown = shown_rows(df)
    if shown.empty:
        reason = (
            "No mentees taken in during this period have assessments"
            if df.empty
            else "Every group is smaller than 5 mentees (or has too few mentors to show)"
        )
        return empty_figure(reason, title, template)
    traces = []
    for index, (cohort, rows) in enumerate(shown.groupby("cohort", sort=True)):
        traces.append(go.Scatter(
            x=rows["months"], y=rows["mean_score"], mode="lines+markers", name=str(cohort),
            line={"color": OKABE_ITO[index % len(OKABE_ITO)], "width": 3},
            error_y={"type": "data", "symmetric": False,
                     "array": rows["ci_high"] - rows["mean_score"],
                     "arrayminus": rows["mean_score"] - rows["ci_low"]},
            customdata=[_n(v) for v in rows["n_mentees"]],
            hovertemplate=f"{cohort}<br>%{{x}} months after intake<br>mean %{{y:.1f}}"
            "<br>n = %{customdata} mentees<extra></extra>",
        ))  # fmt: skip
    return titled_figure(
        title,
        traces,
        template,
        xaxis={"title": {"text": "Months since intake"}, "tickmode": "array",
               "tickvals": sorted(shown["months"].unique().tolist())},
        yaxis={"title": {"text": f"Mean {measure} score"}},
        height=400,
        margin=_legend_margin(),
    )  # fmt: skip


def cohort_caption(df: pd.DataFrame, measure: str, min_group: int = 5) -> str:
    """Each cohort's first and last plotted point, and how many points were left out."""
    if df.empty:
        return "No mentees taken in during this period have assessments with this instrument."
    shown = df[df["shown"].astype(bool)]
    note = _min_note(_hidden_points(df), min_group, "point")
    if shown.empty:
        return f"No group is large enough to show.{note}"
    parts = []
    for cohort, rows in shown.groupby("cohort", sort=True):
        first, last = rows.iloc[0], rows.iloc[-1]
        if len(rows) == 1:
            parts.append(
                f"{cohort}: {first['mean_score']:.1f} at {first['months']} months "
                f"(n = {_n(first['n_mentees'])})"
            )
        else:
            parts.append(
                f"{cohort}: {first['mean_score']:.1f} at {first['months']} months "
                f"(n = {_n(first['n_mentees'])}) to {last['mean_score']:.1f} at "
                f"{last['months']} months (n = {_n(last['n_mentees'])})"
            )
    return f"Mean {measure} score. " + "; ".join(parts) + "." + note


def follow_up_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked bars per kind of assessment: done on time, done late, missing."""
    rows = df[df["kind"] != "All"] if len(df) else df
    if rows.empty or rows["due"].fillna(0).sum() == 0:
        return empty_figure(
            "No assessment windows closed at these sites in this period", FOLLOW_UP_TITLE, template
        )
    traces = []
    for column, label, colour in (
        ("on_time", "On time", POSITIVE),
        ("late", "Late", SECONDARY),
        ("missing", "Missing", WARNING),
    ):
        traces.append(go.Bar(
            x=rows["kind"], y=rows[column].astype("Float64").fillna(0), name=label,
            marker_color=colour, customdata=[_n(v) for v in rows[column]],
            hovertemplate="%{x}: %{customdata} " + label.lower() + "<extra></extra>",
        ))  # fmt: skip
    largest = float(rows["due"].astype("Float64").fillna(0).max())
    return titled_figure(
        FOLLOW_UP_TITLE,
        traces,
        template,
        barmode="stack",
        yaxis=count_axis("Assessments due", largest),
        height=340,
        margin=_legend_margin(),
    )


def follow_up_caption(df: pd.DataFrame, schedule_words: str) -> str:
    """'84% of the 67 assessments due in the period were done on time (...).'"""
    if df.empty:
        return "No assessments fell due in this period."
    row = df[df["kind"] == "All"].iloc[0]
    if not bool(row["shown"]):
        return f"Too few assessments fell due in this period to give a share. {schedule_words}"
    return (
        f"{100 * row['share_on_time']:.0f}% of the {_n(row['due'])} assessments that fell due "
        f"in this period were done on time; {_n(row['late'])} late, {_n(row['missing'])} "
        f"missing. {schedule_words}"
    )


def events_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """One line per kind of event: events per 100 active mentees, per month."""
    shown = shown_rows(df)
    if shown.empty:
        return empty_figure(
            "Too few active mentees at these sites in this period for a rate",
            EVENTS_TITLE,
            template,
        )
    traces = []
    for index, (kind, label) in enumerate(EVENT_LABELS.items()):
        rows = shown[shown["kind"] == kind]
        traces.append(go.Scatter(
            x=month_starts(rows["month"]), y=rows["per_100_active"], mode="lines+markers",
            name=label, line={"color": OKABE_ITO[(index * 2 + 1) % len(OKABE_ITO)], "width": 3},
            customdata=list(zip([_n(v) for v in rows["events"]],
                                [_n(v) for v in rows["active_mentees"]], strict=True)),
            hovertemplate="%{x|%B %Y}<br>" + label + ": %{y:.1f} per 100"
            "<br>%{customdata[0]} events, n = %{customdata[1]} active mentees<extra></extra>",
        ))  # fmt: skip
    return titled_figure(
        EVENTS_TITLE,
        traces,
        template,
        xaxis={"title": {"text": "Month"}, "tickformat": "%b\n%Y"},
        yaxis={"title": {"text": "Per 100 active mentees"}, "rangemode": "tozero"},
        height=360,
        margin=_legend_margin(),
    )


def _mean_rate(values: pd.Series) -> str | None:
    """The mean of the rates that are shown, to one decimal; None when none is (all hidden)."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    return None if known.empty else f"{known.mean():.1f}"


def events_caption(df: pd.DataFrame) -> str:
    """The period's rate of each kind of event, first half against second half."""
    shown = shown_rows(df)
    if shown.empty:
        return "Too few active mentees in this period to give event rates."
    months = sorted(shown["month"].unique())
    half = len(months) // 2
    parts = []
    for kind, label in EVENT_LABELS.items():
        rows = shown[shown["kind"] == kind]
        mean = _mean_rate(rows["per_100_active"])
        if mean is None:
            parts.append(f"{label.lower()} not shown (too few to give without identifying anyone)")
            continue
        text = f"{label.lower()} {mean}"
        early = _mean_rate(rows[rows["month"].isin(months[:half])]["per_100_active"])
        late = _mean_rate(rows[rows["month"].isin(months[half:])]["per_100_active"])
        if half and early is not None and late is not None:
            text += f" (first half {early}, second half {late})"
        parts.append(text)
    return "Average per 100 active mentees per month: " + "; ".join(parts) + "."


def milestones_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked bars: milestones reached per month, one colour per life area."""
    if df.empty or df["achieved"].fillna(0).sum() == 0:
        message = (
            "Every count here is under 5 and hidden, so that no one can be recognised"
            if df["achieved"].isna().any()
            else "No milestones reached at these sites in this period"
        )
        return empty_figure(message, MILESTONES_TITLE, template)
    traces = []
    for index, (category, label) in enumerate(CATEGORY_LABELS.items()):
        rows = df[df["category"] == category]
        traces.append(go.Bar(
            x=month_starts(rows["month"]), y=rows["achieved"].astype("Float64").fillna(0),
            name=label, marker_color=OKABE_ITO[index % len(OKABE_ITO)],
            customdata=[_n(v) if v != 0 else "0" for v in rows["achieved"]],
            hovertemplate="%{x|%B %Y}<br>" + label + ": %{customdata} milestones<extra></extra>",
        ))  # fmt: skip
    largest = float(df.groupby("month")["achieved"].sum().max())
    return titled_figure(
        MILESTONES_TITLE,
        traces,
        template,
        barmode="stack",
        xaxis={"title": {"text": "Month"}, "tickformat": "%b\n%Y"},
        yaxis=count_axis("Milestones reached", largest),
        height=380,
        margin=_legend_margin(rows=3),
    )


def milestones_caption(by_month: pd.DataFrame, goals: pd.DataFrame, first: pd.DataFrame) -> str:
    """Milestones reached, the areas most reached, goals set, and time to a first milestone."""
    if by_month.empty:
        return "No milestones in this period."
    totals = by_month.groupby("category")["achieved"].sum()
    reached = int(totals.sum())
    text = f"{reached:,} milestones reached in the period"
    if reached:
        top = totals.sort_values(ascending=False).index[0]
        text += f", most often in {CATEGORY_LABELS.get(top, top).lower()}"
    text += f"; {int(goals['set'].sum()):,} goals set and {int(goals['achieved'].sum()):,} reached."
    hidden = by_month["achieved"].isna().any() or goals[["set", "achieved"]].isna().any().any()
    if hidden:
        text += " Counts under 5 are hidden and left out of these totals."
    if len(first):
        row = first.iloc[0]
        if bool(row["shown"]):
            text += (
                f" Of {_n(row['mentees'])} mentees taken in during the period, "
                f"{_n(row['reached'])} reached a first milestone, after a median of "
                f"{row['median_days']:.0f} days."
            )
        if not pd.isna(row["share_within_90_days"]):
            text += (
                f" {100 * row['share_within_90_days']:.0f}% of those with 90 days in the program "
                f"(n = {_n(row['followed_90_days'])}) reached one within 90 days."
            )
    return text


def goals_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Grouped bars per life area: goals set and milestones reached in the period."""
    values = df[["set", "achieved"]].astype("Float64")
    if df.empty or float(values.fillna(0).to_numpy().sum()) == 0:
        message = (
            "Every count here is under 5 and hidden, so that no one can be recognised"
            if values.isna().to_numpy().any()
            else "No goals set or reached in this period"
        )
        return empty_figure(message, GOALS_TITLE, template)
    labels = [CATEGORY_LABELS.get(c, c) for c in df["category"]]
    traces = []
    for column, label, colour in (("achieved", "Reached", POSITIVE), ("set", "Set", MUTED)):
        traces.append(go.Bar(
            x=labels, y=values[column].fillna(0), name=label, marker_color=colour,
            customdata=[_n(v) for v in df[column]],
            hovertemplate="%{x}<br>%{customdata} goals " + label.lower() + "<extra></extra>",
        ))  # fmt: skip
    return titled_figure(
        GOALS_TITLE,
        traces,
        template,
        barmode="group",
        yaxis=count_axis("Goals", float(values.fillna(0).to_numpy().max())),
        height=360,
        margin=_legend_margin(),
    )
