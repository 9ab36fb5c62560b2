"""The Caseloads page: each mentor's caseload against capacity, places against the waiting
list, matches started and closed and how long they last, and mentees nobody has contacted
lately or whose mentor has left.

Identity rule: when the scope may not see identities, mentee codes and names are not even
selected; their columns come back as None.
"""

from data.queries.caseloads.capacity import (
    CASELOAD_COLUMNS,
    PLACES_COLUMNS,
    caseload_by_mentor,
    places_against_waits,
)
from data.queries.caseloads.lifecycle import (
    CLOSURE_COLUMNS,
    GOOD_ENDING,
    LENGTH_COLUMNS,
    MATCHES_COLUMNS,
    NOT_RECORDED,
    RETENTION_COLUMNS,
    RETENTION_MONTHS,
    match_closures_by_reason,
    match_length,
    match_retention,
    matches_by_month,
)
from data.queries.caseloads.needs import (
    LEFT,
    NEW_MENTOR_COLUMNS,
    NO_CONTACT_COLUMNS,
    ON_LEAVE,
    mentees_needing_new_mentor,
    mentees_without_recent_contact,
)
from data.queries.caseloads.waiting import WAITING_COLUMNS, waiting_list

__all__ = [
    "CASELOAD_COLUMNS",
    "CLOSURE_COLUMNS",
    "GOOD_ENDING",
    "LEFT",
    "LENGTH_COLUMNS",
    "MATCHES_COLUMNS",
    "NEW_MENTOR_COLUMNS",
    "NOT_RECORDED",
    "NO_CONTACT_COLUMNS",
    "ON_LEAVE",
    "PLACES_COLUMNS",
    "RETENTION_COLUMNS",
    "RETENTION_MONTHS",
    "WAITING_COLUMNS",
    "caseload_by_mentor",
    "match_closures_by_reason",
    "match_length",
    "match_retention",
    "matches_by_month",
    "mentees_needing_new_mentor",
    "mentees_without_recent_contact",
    "places_against_waits",
    "waiting_list",
]
