"""The Workload page, per mentor: what each mentor did in the period and which kinds of
support; the contacts heatmap by week; direct-service time against capacity by month; crisis
and after-hours contacts against each mentor's own past; the program's mix by month.

The whole-program forms (one row per site) are in ``data.queries.program``.
"""

from data.queries.workload.by_mentor import (
    CONTACT_TYPE_COLUMNS,
    WORKLOAD_COLUMNS,
    contact_types_by_mentor,
    workload_by_mentor,
)
from data.queries.workload.capacity import (
    HOURS_PER_PLACE_PER_MONTH,
    MENTOR_MONTH_COLUMNS,
    checked_hours_per_place,
    mentor_month_workload,
    month_days,
)
from data.queries.workload.crisis import (
    CRISIS_COLUMNS,
    RISE_FACTOR,
    RISE_LOOKBACK_MONTHS,
    RISE_MIN,
    crisis_by_mentor_month,
    crisis_rise_by_mentor,
    is_rise,
)
from data.queries.workload.heatmap import (
    PROGRAM_WEEK_COLUMNS,
    WEEK_COLUMNS,
    contacts_by_mentor_week,
    contacts_by_week,
)
from data.queries.workload.mix import (
    MIX_COLUMNS,
    MODE_COLUMNS,
    contact_mix_by_month,
    contact_modes_by_month,
)

__all__ = [
    "CONTACT_TYPE_COLUMNS",
    "CRISIS_COLUMNS",
    "HOURS_PER_PLACE_PER_MONTH",
    "MENTOR_MONTH_COLUMNS",
    "MIX_COLUMNS",
    "MODE_COLUMNS",
    "PROGRAM_WEEK_COLUMNS",
    "RISE_FACTOR",
    "RISE_LOOKBACK_MONTHS",
    "RISE_MIN",
    "WEEK_COLUMNS",
    "WORKLOAD_COLUMNS",
    "checked_hours_per_place",
    "contact_mix_by_month",
    "contact_modes_by_month",
    "contact_types_by_mentor",
    "contacts_by_mentor_week",
    "contacts_by_week",
    "crisis_by_mentor_month",
    "crisis_rise_by_mentor",
    "is_rise",
    "mentor_month_workload",
    "month_days",
    "workload_by_mentor",
]
