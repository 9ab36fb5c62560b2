"""Peer groups, their sessions, and the mentors who facilitated each session."""

from __future__ import annotations

import pandas as pd

from data.importing.fields import Column
from data.importing.kinds._common import as_int, resolve
from data.importing.kinds.people import SITE_CODE
from data.importing.lookups import lookup
from data.importing.spec import KindSpec, ParentLink, References, RowCheck, Target
from data.schema import GroupFacilitator, GroupSession, PeerGroup


def _build_groups(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    site = resolve(check, refs, "sites", "site_code", "site")
    frame = pd.DataFrame(
        {
            "external_id": check["group_id"],
            "site_id": as_int(site["id"]),
            "name": check["group_name"],
            "topic": check["topic"].fillna(""),
        }
    )
    return {"peer_groups": frame}


GROUPS = KindSpec(
    name="groups",
    title="Peer groups",
    description="Standing peer groups at a site (e.g. a weekly recovery-skills group).",
    columns=(
        Column(
            "group_id",
            required=True,
            aliases=("id", "group", "group_code"),
            max_length=64,
            help="The program's own id for the group, unique.",
        ),
        SITE_CODE,
        Column(
            "group_name",
            required=True,
            aliases=("name", "title"),
            max_length=120,
            help="The group's name.",
        ),
        Column("topic", max_length=120, aliases=("focus", "theme"), help="What it is about."),
    ),
    key=("group_id",),
    targets=(
        Target(
            PeerGroup.__table__,
            key=("external_id",),
            columns=("external_id", "site_id", "name", "topic"),
            optional={"topic": "topic"},
        ),
    ),
    build=_build_groups,
    example=(
        {
            "group_id": "G-1",
            "site_code": "RIV",
            "group_name": "Tuesday recovery skills",
            "topic": "Recovery skills",
        },
    ),
    order=6,
)


def _build_sessions(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    group = resolve(check, refs, "groups", "group_id", "group")
    sessions = pd.DataFrame(
        {
            "external_id": check["session_id"],
            "group_id": as_int(group["id"]),
            "site_id": as_int(group["site_id"]),
            "session_date": check["date"],
            "topic": check["topic"].fillna(""),
            "attendance": check["attendance"].fillna(0),
            "minutes": check["minutes"].fillna(90),
        }
    )
    codes = check["facilitators"].explode().dropna()
    mentors = lookup(refs.get("mentors"), codes)
    unknown = mentors["id"].isna()
    if unknown.any():
        names = codes[unknown].groupby(level=0).agg(", ".join)
        mask = pd.Series(False, index=check.cells.index)
        mask[names.index] = True
        check.flag(mask, "facilitators", "unknown mentor '" + names.reindex(mask.index) + "'")
    wrong_site = mentors["site_id"].notna() & (
        mentors["site_id"] != group["site_id"].reindex(codes.index)
    )
    if wrong_site.any():
        mask = pd.Series(False, index=check.cells.index)
        mask[codes[wrong_site].index.unique()] = True
        check.flag(mask, "facilitators", "a facilitator works at another site than the group")
    facilitators = pd.DataFrame(
        {"session_key": check["session_id"].reindex(codes.index), "mentor_id": mentors["id"]}
    ).dropna()
    facilitators["mentor_id"] = facilitators["mentor_id"].astype("Int64")
    return {"group_sessions": sessions, "group_facilitators": facilitators}


SESSIONS = KindSpec(
    name="sessions",
    title="Group sessions and facilitators",
    description="One meeting of a peer group: date, topic, attendance and the mentors who "
    "facilitated it (their codes separated by ';').",
    columns=(
        Column(
            "session_id",
            required=True,
            aliases=("id", "session"),
            max_length=64,
            help="The program's own id for the session, unique.",
        ),
        Column(
            "group_id",
            required=True,
            aliases=("group", "group_code"),
            max_length=64,
            help="The group (as in the groups file).",
        ),
        Column(
            "date", "date", required=True, aliases=("session_date", "held_on"), help="When it met."
        ),
        Column("topic", max_length=120, aliases=("subject", "theme"), help="What it covered."),
        Column(
            "attendance",
            "int",
            low=0,
            high=500,
            aliases=("attended", "attendees"),
            help="How many attended (blank: 0).",
        ),
        Column(
            "minutes",
            "int",
            low=0,
            high=1440,
            aliases=("duration",),
            help="How long, in minutes (blank: 90).",
        ),
        Column(
            "facilitators",
            "list",
            aliases=("facilitator", "mentor_codes", "facilitated_by"),
            help="Mentor codes separated by ';' (the file's list replaces the stored one).",
        ),
    ),
    key=("session_id",),
    targets=(
        Target(
            GroupSession.__table__,
            key=("external_id",),
            columns=(
                "external_id",
                "group_id",
                "site_id",
                "session_date",
                "topic",
                "attendance",
                "minutes",
            ),
            optional={"topic": "topic", "attendance": "attendance", "minutes": "minutes"},
        ),
        Target(
            GroupFacilitator.__table__,
            key=("session_id", "mentor_id"),
            columns=("mentor_id",),
            parent=ParentLink("session_id", GroupSession.__table__, "external_id", "session_key"),
            prune_by="session_id",
            only_with="facilitators",
        ),
    ),
    build=_build_sessions,
    example=(
        {
            "session_id": "S-1",
            "group_id": "G-1",
            "date": "2025-03-11",
            "topic": "Budgeting together",
            "attendance": "7",
            "minutes": "90",
            "facilitators": "M001",
        },
    ),
    order=7,
)
