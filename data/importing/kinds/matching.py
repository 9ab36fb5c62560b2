"""Matches and contacts: who mentors whom, and every contact within a match.

Contacts copy ``site_id``, ``mentor_id`` and ``mentee_id`` from their match and
``contact_date`` from their time (the schema's denormalisation), so they are written here,
once, from the match the file names.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import text

from data.importing.fields import Column
from data.importing.kinds._common import as_int, flag_before, resolve
from data.importing.kinds.people import MENTEE_CODE
from data.importing.spec import KindSpec, References, RowCheck, Target
from data.schema import CONTACT_MODES, CONTACT_TYPES, Contact, Match

AFTER_HOURS_BEFORE = 8  # contacts before 08:00 or from 18:00 count as after hours
AFTER_HOURS_FROM = 18


def _build_matches(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    mentor = resolve(check, refs, "mentors", "mentor_code", "mentor")
    mentee = resolve(check, refs, "mentees", "mentee_code", "mentee")
    flag_before(check, "end_date", "start_date", "end date before start date")
    other_site = mentor["site_id"].notna() & mentee["site_id"].notna()
    other_site &= mentor["site_id"] != mentee["site_id"]
    check.flag(other_site, "mentee_code", "the mentee is at another site than the mentor")
    frame = pd.DataFrame(
        {
            "external_id": check["match_id"],
            "site_id": as_int(mentor["site_id"]),
            "mentor_id": as_int(mentor["id"]),
            "mentee_id": as_int(mentee["id"]),
            "start_date": check["start_date"],
            "end_date": check["end_date"],
            "closure_reason": check["closure_reason"],
        }
    )
    return {"matches": frame}


def refresh_contact_copies(conn, dialect: str, present: frozenset[str]) -> int:  # type: ignore[no-untyped-def]
    """After matches change: contacts' copied site, mentor and mentee follow their match.

    Returns how many contacts changed (their summaries are then rebuilt).
    """
    result = conn.execute(
        text(
            "UPDATE contacts SET site_id = m.site_id, mentor_id = m.mentor_id, "
            "mentee_id = m.mentee_id FROM matches m WHERE contacts.match_id = m.id AND "
            "(contacts.site_id <> m.site_id OR contacts.mentor_id <> m.mentor_id "
            "OR contacts.mentee_id <> m.mentee_id)"
        )
    )
    return max(result.rowcount, 0)


MATCHES = KindSpec(
    name="matches",
    title="Matches",
    description="A mentor paired with a mentee from a start date until an end date (blank while "
    "open). Mentor and mentee must be at the same site.",
    columns=(
        Column(
            "match_id",
            required=True,
            aliases=("id", "match", "pairing_id"),
            max_length=64,
            help="The program's own id for the match, unique.",
        ),
        Column(
            "mentor_code",
            required=True,
            aliases=("mentor", "mentor_id"),
            max_length=40,
            help="The mentor's code (as in the mentors file).",
        ),
        MENTEE_CODE,
        Column(
            "start_date",
            "date",
            required=True,
            aliases=("start", "matched_on", "started"),
            help="When the match started.",
        ),
        Column(
            "end_date",
            "date",
            aliases=("end", "closed_on", "ended"),
            help="When it closed (blank while open).",
        ),
        Column(
            "closure_reason",
            max_length=60,
            aliases=("reason", "end_reason"),
            help="Why it closed (short text).",
        ),
    ),
    key=("match_id",),
    targets=(
        Target(
            Match.__table__,
            key=("external_id",),
            columns=(
                "external_id",
                "site_id",
                "mentor_id",
                "mentee_id",
                "start_date",
                "end_date",
                "closure_reason",
            ),
            optional={"end_date": "end_date", "closure_reason": "closure_reason"},
        ),
    ),
    build=_build_matches,
    summaries=frozenset({"contacts_all"}),
    after_merge=(refresh_contact_copies,),
    example=(
        {
            "match_id": "MT-1",
            "mentor_code": "M001",
            "mentee_code": "P-0001",
            "start_date": "2025-03-01",
            "end_date": "",
            "closure_reason": "",
        },
    ),
    order=4,
)


def _build_contacts(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    match = resolve(check, refs, "matches", "match_id", "match")
    when = check["date"]
    clock = check["time"]
    has_clock = clock.notna()
    day_time = when - when.dt.normalize()
    occurred = when.where(~has_clock, when.dt.normalize() + clock)
    day = occurred.dt.normalize()
    before = match["start_date"].notna() & day.notna() & (day < match["start_date"])
    after = match["end_date"].notna() & day.notna() & (day > match["end_date"])
    check.flag(
        before | after,
        "date",
        "outside its match's dates ("
        + match["start_date"].dt.strftime("%Y-%m-%d").fillna("")
        + " to "
        + match["end_date"].dt.strftime("%Y-%m-%d").fillna("open")
        + ")",
    )
    hour = occurred.dt.hour
    timed = has_clock | (day_time > pd.Timedelta(0))
    derived = timed & ((hour < AFTER_HOURS_BEFORE) | (hour >= AFTER_HOURS_FROM))
    after_hours = check["after_hours"].fillna(derived).astype(bool)
    frame = pd.DataFrame(
        {
            "external_id": check["contact_id"],
            "match_id": as_int(match["id"]),
            "site_id": as_int(match["site_id"]),
            "mentor_id": as_int(match["mentor_id"]),
            "mentee_id": as_int(match["mentee_id"]),
            "occurred_at": occurred,
            "contact_date": day,
            "minutes": check["minutes"],
            "mode": check["mode"],
            "contact_type": check["contact_type"],
            "after_hours": after_hours,
        }
    )
    return {"contacts": frame}


CONTACTS = KindSpec(
    name="contacts",
    title="Contacts",
    description="Each meeting, call or message within a match. Large files are streamed in "
    "chunks, so memory stays flat at any length.",
    columns=(
        Column(
            "contact_id",
            required=True,
            aliases=("id", "contact", "note_id", "record_id"),
            max_length=64,
            help="The program's own id for the contact, unique.",
        ),
        Column(
            "match_id",
            required=True,
            aliases=("match", "pairing_id"),
            max_length=64,
            help="The match it belongs to (as in the matches file).",
        ),
        Column(
            "date",
            "datetime",
            required=True,
            aliases=("contact_date", "occurred_at", "when", "date_time", "datetime"),
            help="The day, or day and time (YYYY-MM-DD or YYYY-MM-DD HH:MM).",
        ),
        Column(
            "time",
            "time",
            aliases=("contact_time", "start_time"),
            help="Time of day (HH:MM), if not in the date.",
        ),
        Column(
            "minutes",
            "int",
            required=True,
            low=0,
            high=1440,
            aliases=("duration", "duration_minutes", "length", "mins"),
            help="How long, in minutes (0-1440).",
        ),
        Column(
            "mode",
            "choice",
            required=True,
            choices=CONTACT_MODES,
            aliases=("contact_mode", "how", "medium"),
            choice_aliases={
                "in person": "in_person",
                "face to face": "in_person",
                "f2f": "in_person",
                "call": "phone",
                "phone call": "phone",
                "telephone": "phone",
                "video call": "video",
                "sms": "text",
                "message": "text",
            },
            help="in_person, phone, video or text.",
        ),
        Column(
            "contact_type",
            "choice",
            required=True,
            choices=CONTACT_TYPES,
            aliases=("type", "support_type", "kind"),
            choice_aliases={
                "practical": "practical_living_skills",
                "living skills": "practical_living_skills",
                "emotional": "emotional_support",
                "crisis": "crisis_call",
                "outing": "community_outing",
            },
            help="practical_living_skills, emotional_support, crisis_call, "
            "community_outing or other.",
        ),
        Column(
            "after_hours",
            "bool",
            aliases=("out_of_hours", "after_hours_contact"),
            help="yes/no (blank: yes when the time is before 08:00 or from 18:00).",
        ),
    ),
    key=("contact_id",),
    targets=(
        Target(
            Contact.__table__,
            key=("external_id",),
            columns=(
                "external_id",
                "match_id",
                "site_id",
                "mentor_id",
                "mentee_id",
                "occurred_at",
                "contact_date",
                "minutes",
                "mode",
                "contact_type",
                "after_hours",
            ),
            insert_order="occurred_at",
        ),
    ),
    build=_build_contacts,
    summaries=frozenset({"contacts"}),
    example=(
        {
            "contact_id": "C-1",
            "match_id": "MT-1",
            "date": "2025-03-04",
            "time": "10:30",
            "minutes": "60",
            "mode": "in_person",
            "contact_type": "practical_living_skills",
            "after_hours": "",
        },
        {
            "contact_id": "C-2",
            "match_id": "MT-1",
            "date": "2025-03-09 21:15",
            "time": "",
            "minutes": "20",
            "mode": "phone",
            "contact_type": "crisis_call",
            "after_hours": "yes",
        },
    ),
    order=5,
)
