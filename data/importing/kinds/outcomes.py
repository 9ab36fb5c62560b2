"""Goals and milestones, instruments with their domains, assessments with their scores, events."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import text

from data.importing.fields import Column
from data.importing.kinds._common import as_int, flag_before, resolve
from data.importing.kinds.people import MENTEE_CODE
from data.importing.spec import KindSpec, ParentLink, References, RowCheck, Target
from data.schema import (
    EVENT_KINDS,
    GOAL_CATEGORIES,
    Assessment,
    AssessmentScore,
    Goal,
    Instrument,
    InstrumentDomain,
    MenteeEvent,
)


def _build_goals(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    mentee = resolve(check, refs, "mentees", "mentee_code", "mentee")
    flag_before(check, "achieved_date", "set_date", "achieved before it was set")
    frame = pd.DataFrame(
        {
            "external_id": check["goal_id"],
            "mentee_id": as_int(mentee["id"]),
            "site_id": as_int(mentee["site_id"]),
            "category": check["category"],
            "description": check["description"],
            "set_date": check["set_date"],
            "achieved_date": check["achieved_date"],
        }
    )
    return {"goals": frame}


GOALS = KindSpec(
    name="goals",
    title="Goals and milestones",
    description="A mentee's goals in a life area; a goal with an achieved date is a milestone "
    "reached.",
    columns=(
        Column(
            "goal_id",
            required=True,
            aliases=("id", "goal"),
            max_length=64,
            help="The program's own id for the goal, unique.",
        ),
        MENTEE_CODE,
        Column(
            "category",
            "choice",
            required=True,
            choices=GOAL_CATEGORIES,
            aliases=("life_area", "area", "domain"),
            choice_aliases={
                "money": "money_and_banking",
                "banking": "money_and_banking",
                "work": "work_and_learning",
                "health": "health_appointments",
                "social": "social_connection",
            },
            help=", ".join(GOAL_CATEGORIES) + ".",
        ),
        Column(
            "description",
            required=True,
            aliases=("goal_text", "text", "what"),
            max_length=200,
            help="The goal in a few words.",
        ),
        Column(
            "set_date",
            "date",
            required=True,
            aliases=("set_on", "created", "start_date"),
            help="When the goal was set.",
        ),
        Column(
            "achieved_date",
            "date",
            aliases=("achieved_on", "milestone_date", "achieved"),
            help="When it was reached (blank: not yet).",
        ),
    ),
    key=("goal_id",),
    targets=(
        Target(
            Goal.__table__,
            key=("external_id",),
            columns=(
                "external_id",
                "mentee_id",
                "site_id",
                "category",
                "description",
                "set_date",
                "achieved_date",
            ),
            optional={"achieved_date": "achieved_date"},
        ),
    ),
    build=_build_goals,
    example=(
        {
            "goal_id": "GL-1",
            "mentee_code": "P-0001",
            "category": "transport",
            "description": "Get a reduced-fare transit card",
            "set_date": "2025-03-04",
            "achieved_date": "2025-04-15",
        },
        {
            "goal_id": "GL-2",
            "mentee_code": "P-0001",
            "category": "money_and_banking",
            "description": "Open a bank account",
            "set_date": "2025-03-18",
            "achieved_date": "",
        },
    ),
    order=8,
)


def _build_instruments(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    low, high = check["min_score"], check["max_score"]
    check.flag(
        low.notna() & high.notna() & (low >= high),
        "max_score",
        "maximum score not above the minimum",
    )
    tlow, thigh = check["total_min"], check["total_max"]
    check.flag(
        tlow.notna() & thigh.notna() & (tlow >= thigh),
        "total_max",
        "total maximum not above the total minimum",
    )
    instruments = pd.DataFrame(
        {
            "code": check["instrument_code"],
            "name": check["instrument_name"],
            "higher_is_better": check["higher_is_better"].fillna(True).astype(bool),
            "total_min": check["total_min"],
            "total_max": check["total_max"],
            "total_reliability": check["total_reliability"],
            "total_reference_sd": check["total_reference_sd"],
            "reliability_source": check["reliability_source"].fillna(""),
        }
    )
    position = check["position"].fillna(pd.Series(check.rows, index=check.rows.index))
    domains = pd.DataFrame(
        {
            "instrument_key": check["instrument_code"],
            "name": check["domain"],
            "position": position.astype("Int64"),
            "min_score": check["min_score"],
            "max_score": check["max_score"],
            "reliability": check["domain_reliability"],
            "reference_sd": check["domain_reference_sd"],
        }
    )
    return {"instruments": instruments, "instrument_domains": domains}


_INSTRUMENT_OPTIONAL = {
    "total_min": "total_min",
    "total_max": "total_max",
    "total_reliability": "total_reliability",
    "total_reference_sd": "total_reference_sd",
    "reliability_source": "reliability_source",
    "higher_is_better": "higher_is_better",
}

INSTRUMENTS = KindSpec(
    name="instruments",
    title="Instruments and their domains",
    description="The outcome measures the program uses: one row per scored domain, with its "
    "score range; the instrument's own columns repeat on each of its rows.",
    columns=(
        Column(
            "instrument_code",
            required=True,
            aliases=("instrument", "code", "measure"),
            max_length=40,
            help="A short code for the instrument, unique.",
        ),
        Column(
            "instrument_name",
            required=True,
            aliases=("name", "measure_name"),
            max_length=120,
            help="Its name.",
        ),
        Column(
            "higher_is_better",
            "bool",
            aliases=("higher_better",),
            help="yes when a higher score is better (blank: yes).",
        ),
        Column(
            "domain",
            required=True,
            aliases=("domain_name", "subscale", "item"),
            max_length=80,
            help="The scored domain's name, unique within the instrument.",
        ),
        Column(
            "position",
            "int",
            low=0,
            high=1000,
            aliases=("order", "domain_order"),
            help="Order of the domain (blank: as in the file).",
        ),
        Column(
            "min_score",
            "int",
            required=True,
            aliases=("min", "minimum", "lowest"),
            low=-10000,
            high=10000,
            help="Lowest possible score.",
        ),
        Column(
            "max_score",
            "int",
            required=True,
            aliases=("max", "maximum", "highest"),
            low=-10000,
            high=10000,
            help="Highest possible score.",
        ),
        Column(
            "domain_reliability",
            "float",
            low=0,
            high=1,
            aliases=("reliability",),
            help="Reliability of the domain (0-1), for the reliable change index.",
        ),
        Column(
            "domain_reference_sd",
            "float",
            low=0,
            high=100000,
            aliases=("reference_sd",),
            help="Reference standard deviation of the domain (blank: the program's own).",
        ),
        Column(
            "total_min",
            "int",
            low=-100000,
            high=100000,
            help="Lowest possible total (blank: the sum of the domains' minimums).",
        ),
        Column(
            "total_max",
            "int",
            low=-100000,
            high=100000,
            help="Highest possible total (blank: the sum of the domains' maximums).",
        ),
        Column("total_reliability", "float", low=0, high=1, help="Reliability of the total."),
        Column(
            "total_reference_sd",
            "float",
            low=0,
            high=100000,
            help="Reference standard deviation of the total.",
        ),
        Column(
            "reliability_source",
            max_length=300,
            aliases=("source", "citation"),
            help="Where the reliability values come from.",
        ),
    ),
    key=("instrument_code", "domain"),
    parent_key=("instrument_code",),
    parent_columns=(
        "instrument_name",
        "higher_is_better",
        "total_min",
        "total_max",
        "total_reliability",
        "total_reference_sd",
        "reliability_source",
    ),
    targets=(
        Target(
            Instrument.__table__,
            key=("code",),
            columns=(
                "code",
                "name",
                "higher_is_better",
                "total_min",
                "total_max",
                "total_reliability",
                "total_reference_sd",
                "reliability_source",
            ),
            distinct=True,
            optional=_INSTRUMENT_OPTIONAL,
        ),
        Target(
            InstrumentDomain.__table__,
            key=("instrument_id", "name"),
            columns=("name", "position", "min_score", "max_score", "reliability", "reference_sd"),
            parent=ParentLink("instrument_id", Instrument.__table__, "code", "instrument_key"),
            optional={
                "position": "position",
                "reliability": "domain_reliability",
                "reference_sd": "domain_reference_sd",
            },
        ),
    ),
    build=_build_instruments,
    example=(
        {
            "instrument_code": "RAS",
            "instrument_name": "Recovery Assessment (short)",
            "higher_is_better": "yes",
            "domain": "Hope",
            "position": "1",
            "min_score": "1",
            "max_score": "5",
            "domain_reliability": "",
            "domain_reference_sd": "",
            "total_min": "",
            "total_max": "",
            "total_reliability": "",
            "total_reference_sd": "",
            "reliability_source": "",
        },
        {
            "instrument_code": "RAS",
            "instrument_name": "Recovery Assessment (short)",
            "higher_is_better": "yes",
            "domain": "Goal orientation",
            "position": "2",
            "min_score": "1",
            "max_score": "5",
            "domain_reliability": "",
            "domain_reference_sd": "",
            "total_min": "",
            "total_max": "",
            "total_reliability": "",
            "total_reference_sd": "",
            "reliability_source": "",
        },
    ),
    order=9,
)


def _build_assessments(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    mentee = resolve(check, refs, "mentees", "mentee_code", "mentee")
    instrument = resolve(check, refs, "instruments", "instrument_code", "instrument")
    domains = refs.get("domains")
    wanted = pd.MultiIndex.from_arrays(
        [check["instrument_code"].fillna(""), check["domain"].fillna("").str.lower()]
    )
    domain = domains.reindex(wanted)
    domain.index = check.cells.index
    unknown = instrument["id"].notna() & check["domain"].notna() & domain["id"].isna()
    check.flag(
        unknown, "domain", "unknown domain '" + check["domain"].astype(str) + "' of this instrument"
    )
    score = check["score"]
    outside = domain["id"].notna() & score.notna()
    outside &= (score < domain["min_score"]) | (score > domain["max_score"])
    check.flag(
        outside,
        "score",
        "score outside the instrument's range "
        + domain["min_score"].astype("Int64").astype(str)
        + "-"
        + domain["max_score"].astype("Int64").astype(str),
    )
    assessments = pd.DataFrame(
        {
            "external_id": check["assessment_id"],
            "mentee_id": as_int(mentee["id"]),
            "site_id": as_int(mentee["site_id"]),
            "instrument_id": as_int(instrument["id"]),
            "assessed_on": check["date"],
            "is_baseline": check["is_baseline"].fillna(False).astype(bool),
        }
    )
    scores = pd.DataFrame(
        {
            "assessment_key": check["assessment_id"],
            "domain_id": as_int(domain["id"]),
            "score": score,
        }
    )
    return {"assessments": assessments, "assessment_scores": scores}


def mark_first_as_baseline(conn, dialect: str, present: frozenset[str]) -> int:  # type: ignore[no-untyped-def]
    """Without an is_baseline column: each mentee's first assessment on an instrument is it.

    Only where none is marked yet, so a re-import changes nothing.
    """
    if "is_baseline" in present:
        return 0
    result = conn.execute(
        text(
            "UPDATE assessments SET is_baseline = TRUE WHERE id IN ("
            " SELECT a.id FROM assessments a WHERE NOT EXISTS ("
            "  SELECT 1 FROM assessments b WHERE b.mentee_id = a.mentee_id"
            "  AND b.instrument_id = a.instrument_id AND b.is_baseline = TRUE)"
            " AND NOT EXISTS ("
            "  SELECT 1 FROM assessments c WHERE c.mentee_id = a.mentee_id"
            "  AND c.instrument_id = a.instrument_id AND (c.assessed_on < a.assessed_on"
            "  OR (c.assessed_on = a.assessed_on AND c.id < a.id))))"
        )
    )
    return max(result.rowcount, 0)


ASSESSMENTS = KindSpec(
    name="assessments",
    title="Assessments and scores",
    description="A mentee scored on an instrument on a date: one row per domain score; the "
    "assessment's own columns repeat on each of its rows.",
    columns=(
        Column(
            "assessment_id",
            required=True,
            aliases=("id", "assessment"),
            max_length=64,
            help="The program's own id for the assessment, unique.",
        ),
        MENTEE_CODE,
        Column(
            "instrument_code",
            required=True,
            aliases=("instrument", "measure"),
            max_length=40,
            help="The instrument (as in the instruments file).",
        ),
        Column(
            "date",
            "date",
            required=True,
            aliases=("assessed_on", "assessment_date"),
            help="When it was taken.",
        ),
        Column(
            "is_baseline",
            "bool",
            aliases=("baseline",),
            help="yes for the baseline (column left out: each mentee's first assessment "
            "on the instrument).",
        ),
        Column(
            "domain",
            required=True,
            aliases=("domain_name", "subscale"),
            max_length=80,
            help="The domain scored (as in the instruments file).",
        ),
        Column(
            "score",
            "int",
            required=True,
            aliases=("value", "points"),
            low=-10000,
            high=10000,
            help="The score, within the domain's range.",
        ),
    ),
    key=("assessment_id", "domain"),
    parent_key=("assessment_id",),
    parent_columns=("mentee_code", "instrument_code", "date", "is_baseline"),
    targets=(
        Target(
            Assessment.__table__,
            key=("external_id",),
            columns=(
                "external_id",
                "mentee_id",
                "site_id",
                "instrument_id",
                "assessed_on",
                "is_baseline",
            ),
            distinct=True,
            optional={"is_baseline": "is_baseline"},
        ),
        Target(
            AssessmentScore.__table__,
            key=("assessment_id", "domain_id"),
            columns=("domain_id", "score"),
            parent=ParentLink(
                "assessment_id", Assessment.__table__, "external_id", "assessment_key"
            ),
            prune_by="assessment_id",
        ),
    ),
    build=_build_assessments,
    summaries=frozenset({"assessments"}),
    after_merge=(mark_first_as_baseline,),
    example=(
        {
            "assessment_id": "A-1",
            "mentee_code": "P-0001",
            "instrument_code": "RAS",
            "date": "2025-03-04",
            "is_baseline": "yes",
            "domain": "Hope",
            "score": "2",
        },
        {
            "assessment_id": "A-1",
            "mentee_code": "P-0001",
            "instrument_code": "RAS",
            "date": "2025-03-04",
            "is_baseline": "yes",
            "domain": "Goal orientation",
            "score": "3",
        },
    ),
    order=10,
)


def _build_events(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    mentee = resolve(check, refs, "mentees", "mentee_code", "mentee")
    frame = pd.DataFrame(
        {
            "external_id": check["event_id"],
            "mentee_id": as_int(mentee["id"]),
            "site_id": as_int(mentee["site_id"]),
            "event_date": check["date"],
            "kind": check["kind"],
        }
    )
    return {"events": frame}


EVENTS = KindSpec(
    name="events",
    title="Events",
    description="Something that happened to a mentee on a date: a crisis episode, a hospital "
    "admission, a relapse.",
    columns=(
        Column(
            "event_id",
            required=True,
            aliases=("id", "event"),
            max_length=64,
            help="The program's own id for the event, unique.",
        ),
        MENTEE_CODE,
        Column(
            "date",
            "date",
            required=True,
            aliases=("event_date", "occurred_on"),
            help="When it happened.",
        ),
        Column(
            "kind",
            "choice",
            required=True,
            choices=EVENT_KINDS,
            aliases=("event_kind", "type", "event_type"),
            choice_aliases={
                "crisis": "crisis_episode",
                "hospital": "hospital_admission",
                "admission": "hospital_admission",
                "recurrence": "relapse",
            },
            help=", ".join(EVENT_KINDS) + ".",
        ),
    ),
    key=("event_id",),
    targets=(
        Target(
            MenteeEvent.__table__,
            key=("external_id",),
            columns=("external_id", "mentee_id", "site_id", "event_date", "kind"),
        ),
    ),
    build=_build_events,
    example=(
        {
            "event_id": "E-1",
            "mentee_code": "P-0001",
            "date": "2025-05-02",
            "kind": "crisis_episode",
        },
    ),
    order=11,
)
