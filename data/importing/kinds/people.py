"""Sites, mentors and mentees: the people and places everything else refers to."""

from __future__ import annotations

import pandas as pd

from data.importing.fields import Column
from data.importing.kinds._common import as_int, flag_before, resolve
from data.importing.spec import KindSpec, References, RowCheck, Target
from data.schema import MENTEE_STATUSES, MENTOR_STATUSES, Mentee, Mentor, Site

SITE_CODE = Column(
    "site_code",
    required=True,
    aliases=("site", "site_id", "site code", "location", "program_site"),
    max_length=20,
    help="The site's short code (as in the sites file).",
)
MENTEE_CODE = Column(
    "mentee_code",
    required=True,
    aliases=("mentee", "mentee_id", "client_id"),
    max_length=20,
    help="The mentee's code (as in the mentees file).",
)


def _build_sites(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    existing = refs.get("sites")
    owner = existing.reset_index().set_index("name")["code"]
    names = check["site_name"]
    taken = names.map(owner)
    clash = taken.notna() & (taken != check["site_code"])
    check.flag(
        clash, "site_name", "another site already has this name ('" + taken.astype(str) + "')"
    )
    frame = pd.DataFrame({"code": check["site_code"], "name": names})
    return {"sites": frame}


SITES = KindSpec(
    name="sites",
    title="Sites",
    description="The places the program runs. Import these first: everything else names a site.",
    columns=(
        Column(
            "site_code",
            required=True,
            aliases=("code", "site", "site_id"),
            max_length=20,
            help="A short code, unique, e.g. RIV.",
        ),
        Column(
            "site_name",
            required=True,
            aliases=("name", "site name"),
            max_length=120,
            help="The site's name, unique.",
        ),
    ),
    key=("site_code",),
    targets=(Target(Site.__table__, key=("code",), columns=("code", "name")),),
    build=_build_sites,
    example=(
        {"site_code": "RIV", "site_name": "Riverside"},
        {"site_code": "HIL", "site_name": "Hillcrest"},
    ),
    order=1,
)


def _build_mentors(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    site = resolve(check, refs, "sites", "site_code", "site")
    flag_before(check, "end_date", "start_date", "end date before start date")
    status = check["status"].copy()
    status = status.where(status.notna(), None)
    if check.has("status"):
        ended = check["end_date"].notna()
        status = status.fillna(pd.Series("inactive", index=status.index).where(ended, "active"))
    else:
        status = pd.Series("active", index=status.index).where(check["end_date"].isna(), "inactive")
    frame = pd.DataFrame(
        {
            "code": check["mentor_code"],
            "site_id": as_int(site["id"]),
            "display_name": check["mentor_name"],
            "start_date": check["start_date"],
            "end_date": check["end_date"],
            "status": status,
            "capacity": check["capacity"].fillna(4),
        }
    )
    return {"mentors": frame}


def code_and_name(
    person: str, other_codes: tuple[str, ...], code_length: int, code_help: str, name_help: str
) -> tuple[Column, Column]:
    """A person's two required columns: ``<person>_code`` (also read as ``code``,
    ``<person>``, ``<person>_id`` and ``other_codes``) and ``<person>_name``."""
    return (
        Column(
            f"{person}_code",
            required=True,
            aliases=("code", person, f"{person}_id", *other_codes),
            max_length=code_length,
            help=code_help,
        ),
        Column(
            f"{person}_name",
            required=True,
            aliases=("name", "display_name", "full_name"),
            max_length=120,
            help=name_help,
        ),
    )


MENTORS = KindSpec(
    name="mentors",
    title="Mentors",
    description="Trained peer mentors, each at one site, with the most mentees they take at once.",
    columns=(
        *code_and_name(
            "mentor",
            ("staff_id",),
            40,
            "The program's own code for the mentor, unique.",
            "How the dashboard names the mentor.",
        ),
        SITE_CODE,
        Column(
            "start_date",
            "date",
            required=True,
            aliases=("started", "start", "trained_on"),
            help="When they started mentoring.",
        ),
        Column(
            "end_date",
            "date",
            aliases=("ended", "end", "left_on"),
            help="When they stopped (blank while active).",
        ),
        Column(
            "status",
            "choice",
            choices=MENTOR_STATUSES,
            choice_aliases={"leave": "on_leave", "on leave": "on_leave"},
            help="active, on_leave or inactive (blank: active, or inactive with an end date).",
        ),
        Column(
            "capacity",
            "int",
            low=0,
            high=50,
            aliases=("max_mentees", "caseload_limit"),
            help="Most mentees at once (blank: 4).",
        ),
    ),
    key=("mentor_code",),
    targets=(
        Target(
            Mentor.__table__,
            key=("code",),
            columns=(
                "code",
                "site_id",
                "display_name",
                "start_date",
                "end_date",
                "status",
                "capacity",
            ),
            optional={"status": "status", "capacity": "capacity", "end_date": "end_date"},
        ),
    ),
    build=_build_mentors,
    example=(
        {
            "mentor_code": "M001",
            "mentor_name": "Alex Rivera",
            "site_code": "RIV",
            "start_date": "2025-01-06",
            "end_date": "",
            "status": "active",
            "capacity": "4",
        },
        {
            "mentor_code": "M002",
            "mentor_name": "Sam Okafor",
            "site_code": "HIL",
            "start_date": "2025-03-03",
            "end_date": "",
            "status": "",
            "capacity": "3",
        },
    ),
    order=2,
)


def _build_mentees(check: RowCheck, refs: References) -> dict[str, pd.DataFrame]:
    site = resolve(check, refs, "sites", "site_code", "site")
    flag_before(check, "intake_date", "referral_date", "intake date before referral date")
    flag_before(check, "exit_date", "referral_date", "exit date before referral date")
    status = check["status"]
    derived = pd.Series("waiting", index=status.index).where(check["exit_date"].isna(), "exited")
    status = status.fillna(derived) if check.has("status") else derived
    frame = pd.DataFrame(
        {
            "code": check["mentee_code"],
            "site_id": as_int(site["id"]),
            "display_name": check["mentee_name"],
            "referral_date": check["referral_date"],
            "intake_date": check["intake_date"],
            "status": status,
            "exit_date": check["exit_date"],
            "exit_reason": check["exit_reason"],
        }
    )
    return {"mentees": frame}


MENTEES = KindSpec(
    name="mentees",
    title="Mentees",
    description="People referred to the program. The code is pseudonymous and shown to staff; "
    "the name only where a role may see it.",
    columns=(
        *code_and_name(
            "mentee",
            ("client_id",),
            20,
            "The program's pseudonymous code, unique.",
            "The mentee's name (staff only).",
        ),
        SITE_CODE,
        Column(
            "referral_date",
            "date",
            required=True,
            aliases=("referred", "referred_on"),
            help="When they were referred.",
        ),
        Column("intake_date", "date", aliases=("intake", "started"), help="Intake, if held."),
        Column(
            "status",
            "choice",
            choices=MENTEE_STATUSES,
            help="waiting, matched or exited (blank: waiting, or exited with an exit date).",
        ),
        Column("exit_date", "date", aliases=("exited", "exited_on"), help="When they left."),
        Column("exit_reason", max_length=60, help="Why they left (short text)."),
    ),
    key=("mentee_code",),
    targets=(
        Target(
            Mentee.__table__,
            key=("code",),
            columns=(
                "code",
                "site_id",
                "display_name",
                "referral_date",
                "intake_date",
                "status",
                "exit_date",
                "exit_reason",
            ),
            optional={
                "intake_date": "intake_date",
                "status": "status",
                "exit_date": "exit_date",
                "exit_reason": "exit_reason",
            },
        ),
    ),
    build=_build_mentees,
    example=(
        {
            "mentee_code": "P-0001",
            "mentee_name": "Jordan Lee",
            "site_code": "RIV",
            "referral_date": "2025-02-10",
            "intake_date": "2025-02-20",
            "status": "matched",
            "exit_date": "",
            "exit_reason": "",
        },
        {
            "mentee_code": "P-0002",
            "mentee_name": "Casey Nguyen",
            "site_code": "HIL",
            "referral_date": "2025-04-01",
            "intake_date": "",
            "status": "waiting",
            "exit_date": "",
            "exit_reason": "",
        },
    ),
    order=3,
)
