"""The Outcomes page: recovery measures over time and how far mentees travelled, trajectories by
cohort, events per active mentee, the follow-up schedule, goals and milestones, and one
mentee's own chart.

- ``instruments``: an instrument's definition; ``intervals``: means with a 95% interval;
- ``trend``: mean score per month; ``change``: distance travelled and reliable change;
- ``cohorts``: mean score by months since intake; ``events``: events per 100 active mentees;
- ``followup``: assessments due and done on time; ``milestones``: goals and milestones;
- ``mentee``: one mentee's scores, milestones and events (identities only).

Every function but ``mentee``'s returns aggregates only and never selects a mentee's name or
code, so meeting mode can call it with a de-identified scope.
"""

from data.queries.outcomes._schedule import FollowUpSchedule
from data.queries.outcomes.change import (
    baseline_criteria,
    change_overview,
    distance_travelled,
    reliable_change,
)
from data.queries.outcomes.cohorts import COHORT_GROUPINGS, outcome_cohorts
from data.queries.outcomes.events import active_mentees_by_month, event_rates
from data.queries.outcomes.followup import assessments_due, follow_up_completeness
from data.queries.outcomes.instruments import (
    DEFAULT_INSTRUMENT,
    TOTAL,
    DomainInfo,
    InstrumentInfo,
    instrument_info,
    outcome_instruments,
)
from data.queries.outcomes.intervals import DEFAULT_MIN_GROUP
from data.queries.outcomes.milestones import (
    milestones_by_category,
    milestones_by_month,
    time_to_first_milestone,
)
from data.queries.outcomes.trend import outcome_trend

__all__ = [
    "COHORT_GROUPINGS",
    "DEFAULT_INSTRUMENT",
    "DEFAULT_MIN_GROUP",
    "TOTAL",
    "DomainInfo",
    "FollowUpSchedule",
    "InstrumentInfo",
    "active_mentees_by_month",
    "assessments_due",
    "baseline_criteria",
    "change_overview",
    "distance_travelled",
    "event_rates",
    "follow_up_completeness",
    "instrument_info",
    "milestones_by_category",
    "milestones_by_month",
    "outcome_cohorts",
    "outcome_instruments",
    "outcome_trend",
    "reliable_change",
    "time_to_first_milestone",
]
