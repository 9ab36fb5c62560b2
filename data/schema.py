"""SQLAlchemy 2 declarative models of the peer-mentoring program.

Words follow the program: a *mentor* has a *caseload* of *mentees*; a *match* pairs them for a
while; a *contact* is one meeting, call or message within a match; *goals* become *milestones*
when achieved; *assessments* score a mentee on an *instrument*'s domains; mentors meet monthly
in a *consultation meeting*, where *consultation notes* are written.

Contacts carry ``site_id``, ``mentor_id`` and ``contact_date`` copied from their match so that
the large tables can be filtered and grouped without joins (several million rows at the large
scale); the copies are written once, at insert, by the code that creates contacts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from data import clock

# Stable constraint names, so Alembic batch migrations on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MENTOR_STATUSES = ("active", "on_leave", "inactive")
MENTEE_STATUSES = ("waiting", "matched", "exited")
CONTACT_MODES = ("in_person", "phone", "video", "text")
CONTACT_TYPES = (
    "practical_living_skills",
    "emotional_support",
    "crisis_call",
    "community_outing",
    "other",
)
GOAL_CATEGORIES = (
    "transport",
    "money_and_banking",
    "food",
    "housing",
    "work_and_learning",
    "health_appointments",
    "social_connection",
)
NOTE_KINDS = ("accomplishment", "positive_impact", "challenge", "action_item")
EVENT_KINDS = ("crisis_episode", "hospital_admission", "relapse")
ACTION_OWNERS = ("mentor", "supervisor")
ACTION_STATUSES = ("open", "done", "dropped")
NOTE_ORIGINS = ("written", "suggested")
ROLES = ("admin", "supervisor", "meeting_viewer")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def utcnow() -> dt.datetime:
    """The current time in UTC, without tzinfo (stored naive, always UTC)."""
    return clock.now()


class Base(DeclarativeBase):
    """Declarative base with the shared naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Site(Base):
    """A place where the program runs; the unit of access scope."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)


class Mentor(Base):
    """A trained peer mentor; ``capacity`` is the most mentees they take at once."""

    __tablename__ = "mentors"
    __table_args__ = (
        CheckConstraint(_in("status", MENTOR_STATUSES), name="status"),
        CheckConstraint("capacity >= 0", name="capacity"),
        Index("ix_mentors_site_status", "site_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    # The program's own mentor code, the natural key of imports (null for demo rows).
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    capacity: Mapped[int] = mapped_column(Integer, default=4)

    site: Mapped[Site] = relationship()


class Mentee(Base):
    """A person receiving peer mentoring. ``code`` is pseudonymous; ``display_name`` is not."""

    __tablename__ = "mentees"
    __table_args__ = (
        CheckConstraint(_in("status", MENTEE_STATUSES), name="status"),
        Index("ix_mentees_site_status", "site_id", "status"),
        Index("ix_mentees_site_referral", "site_id", "referral_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    referral_date: Mapped[dt.date] = mapped_column(Date)
    intake_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    exit_date: Mapped[dt.date | None] = mapped_column(Date)
    exit_reason: Mapped[str | None] = mapped_column(String(60))

    site: Mapped[Site] = relationship()


class Match(Base):
    """A mentor paired with a mentee from ``start_date`` until ``end_date`` (open while null)."""

    __tablename__ = "matches"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        Index("ix_matches_mentor_dates", "mentor_id", "start_date", "end_date"),
        Index("ix_matches_mentee", "mentee_id"),
        Index("ix_matches_site_dates", "site_id", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentees.id"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    closure_reason: Mapped[str | None] = mapped_column(String(60))
    # The id of this row in the program's own records: the natural key of imports.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class Contact(Base):
    """One contact within a match: when, how long, how (mode) and what kind of support (type)."""

    __tablename__ = "contacts"
    __table_args__ = (
        CheckConstraint("minutes >= 0 AND minutes <= 1440", name="minutes"),
        CheckConstraint(_in("mode", CONTACT_MODES), name="mode"),
        CheckConstraint(_in("contact_type", CONTACT_TYPES), name="contact_type"),
        Index("ix_contacts_site_date", "site_id", "contact_date"),
        Index("ix_contacts_mentor_date", "mentor_id", "contact_date"),
        Index("ix_contacts_mentee_date", "mentee_id", "contact_date"),
        # A match's newest contact is one index seek (the attention list's quiet matches).
        Index("ix_contacts_match_date", "match_id", "contact_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentees.id"))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    contact_date: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(20))
    contact_type: Mapped[str] = mapped_column(String(40))
    after_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    # The id of this row in the program's own records: the natural key of imports.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class PeerGroup(Base):
    """A standing peer group at a site (e.g. a weekly recovery-skills group)."""

    __tablename__ = "peer_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(120))
    # The id of this row in the program's own records: the natural key of imports.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class GroupSession(Base):
    """One meeting of a peer group, with its topic and how many attended."""

    __tablename__ = "group_sessions"
    __table_args__ = (
        CheckConstraint("attendance >= 0", name="attendance"),
        Index("ix_group_sessions_site_date", "site_id", "session_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    session_date: Mapped[dt.date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(120))
    attendance: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=90)
    # The id of this row in the program's own records: the natural key of imports.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class GroupFacilitator(Base):
    """A mentor who facilitated a group session."""

    __tablename__ = "group_facilitators"

    session_id: Mapped[int] = mapped_column(ForeignKey("group_sessions.id"), primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id"), primary_key=True, index=True)


class Goal(Base):
    """A mentee's goal in a life area; it is a *milestone reached* once ``achieved_date`` is set."""

    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint(_in("category", GOAL_CATEGORIES), name="category"),
        Index("ix_goals_site_achieved", "site_id", "achieved_date"),
        Index("ix_goals_mentee", "mentee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentees.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
    set_date: Mapped[dt.date] = mapped_column(Date)
    achieved_date: Mapped[dt.date | None] = mapped_column(Date)
    # The id of this row in the program's own records: the natural key of imports.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class Instrument(Base):
    """An outcome measure the program uses (its own, so any measure fits).

    ``total_min``/``total_max`` bound the sum of the domains (null: the sum of their ranges);
    ``total_reliability`` and ``total_reference_sd`` feed the reliable change index of the
    total (null SD: the program's own baseline SD); ``reliability_source`` says where the
    reliability values come from (a citation, or "illustrative" for demo instruments).
    """

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    total_min: Mapped[int | None] = mapped_column(Integer)
    total_max: Mapped[int | None] = mapped_column(Integer)
    total_reliability: Mapped[float | None] = mapped_column(Float)
    total_reference_sd: Mapped[float | None] = mapped_column(Float)
    reliability_source: Mapped[str] = mapped_column(String(300), default="")

    domains: Mapped[list[InstrumentDomain]] = relationship(
        back_populates="instrument", order_by="InstrumentDomain.position"
    )


class InstrumentDomain(Base):
    """One scored domain of an instrument, with its score range."""

    __tablename__ = "instrument_domains"
    __table_args__ = (
        UniqueConstraint("instrument_id", "name", name="uq_instrument_domains_name"),
        CheckConstraint("min_score < max_score", name="range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    min_score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    # Reliability (0-1) and reference SD for the reliable change index; null SD: the
    # program's own baseline SD of this domain.
    reliability: Mapped[float | None] = mapped_column(Float)
    reference_sd: Mapped[float | None] = mapped_column(Float)

    instrument: Mapped[Instrument] = relationship(back_populates="domains")


class Assessment(Base):
    """A mentee scored on an instrument on a date; ``is_baseline`` marks the first one."""

    __tablename__ = "assessments"
    __table_args__ = (
        Index("ix_assessments_site_date", "site_id", "assessed_on"),
        Index("ix_assessments_mentee_instrument", "mentee_id", "instrument_id", "assessed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentees.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    # The id of this row in the program's own records: the natural key of imports.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class AssessmentScore(Base):
    """The score of one domain in one assessment."""

    __tablename__ = "assessment_scores"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("instrument_domains.id"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)


class MenteeEvent(Base):
    """Something that happened to a mentee on a date: a crisis episode, a hospital admission,
    a relapse or recurrence. ``site_id`` is the mentee's site, copied at insert."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
        Index("ix_events_site_date", "site_id", "event_date"),
        Index("ix_events_mentee", "mentee_id", "event_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentees.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    event_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    # The id of this row in the program's own records: the natural key of imports.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class ConsultationMeeting(Base):
    """A site's monthly consultation meeting; ``month`` is the first day of the month."""

    __tablename__ = "consultation_meetings"
    __table_args__ = (UniqueConstraint("site_id", "month", name="uq_consultation_meetings_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    held_on: Mapped[dt.date] = mapped_column(Date)


class MeetingAttendee(Base):
    """A mentor who attended a consultation meeting."""

    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_meetings.id"), primary_key=True
    )
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id"), primary_key=True)


class ConsultationNote(Base):
    """A note from a consultation meeting, optionally about one mentor.

    ``version`` is SQLAlchemy's optimistic-lock counter: an update that started from an older
    version fails instead of overwriting a colleague's edit. Every saved text is also kept in
    ``note_revisions`` so nothing written is ever lost; ``deleted_at`` hides without erasing.
    """

    __tablename__ = "consultation_notes"
    __table_args__ = (
        CheckConstraint(_in("kind", NOTE_KINDS), name="kind"),
        CheckConstraint(f"owner IS NULL OR {_in('owner', ACTION_OWNERS)}", name="owner"),
        CheckConstraint(f"status IS NULL OR {_in('status', ACTION_STATUSES)}", name="status"),
        CheckConstraint(_in("origin", NOTE_ORIGINS), name="origin"),
        Index("ix_consultation_notes_meeting", "meeting_id"),
        Index("ix_consultation_notes_site_kind", "site_id", "kind"),
        Index("ix_consultation_notes_mentor", "mentor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("consultation_meetings.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("mentors.id"))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    is_done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # Action items only: who owns it (a mentor: the note's mentor_id; or the supervisor),
    # the first day of the month it is due, open/done/dropped and when it stopped being open.
    owner: Mapped[str | None] = mapped_column(String(20))
    due_month: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(20))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Challenges reach meeting mode's shared screen only when the supervisor marks them.
    shown_in_room: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # 'suggested' when the line came from the suggested agenda and a supervisor accepted it.
    origin: Mapped[str] = mapped_column(String(20), default="written", server_default="written")
    # Cleared for the room: the version a supervisor read as the room would see it and let
    # through (meeting mode shows a note only while cleared_version equals version).
    cleared_version: Mapped[int | None] = mapped_column(Integer)
    cleared_by: Mapped[str] = mapped_column(String(80), default="", server_default="")
    cleared_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class NoteRevision(Base):
    """Every saved state of a consultation note, for history and recovery."""

    __tablename__ = "note_revisions"
    __table_args__ = (UniqueConstraint("note_id", "version", name="uq_note_revisions_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("consultation_notes.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    edited_by: Mapped[str] = mapped_column(String(120))
    edited_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    """Someone who signs in to the dashboard. ``session_epoch`` ends other sessions when bumped."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The weekly digest's address (staff only) and whether they asked not to get it.
    email: Mapped[str | None] = mapped_column(String(254))
    digest_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class UserSite(Base):
    """A site a supervisor or meeting viewer may see (admins see all sites)."""

    __tablename__ = "user_sites"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)


class UserSession(Base):
    """One open sign-in. Keyed by a SHA-256 of the cookie's random session id:
    the raw id is never stored, so a copy of this table opens no session."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user", "user_id"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(120), default="")


class SignInThrottle(Base):
    """Failed sign-ins per (account, address) pair, and per account (address '*').

    ``account_key`` is an HMAC of the typed username, so unknown usernames are throttled exactly
    like real ones and nothing typed into the username box is stored in clear.
    """

    __tablename__ = "sign_in_throttle"

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(DateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """One entry in the audit trail: who did what, when, from where. Never a mentee's name."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_when", "occurred_at"),
        Index("ix_audit_events_event", "event", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80), default="")
    event: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")


ATTENTION_MARKS = ("seen", "snoozed", "cleared")
DIGEST_STATUSES = ("sending", "sent", "failed")


class AttentionMark(Base):
    """A supervisor's mark on an item of the attention list: seen, snoozed until a date, or
    cleared. Rows are only ever added (the latest per item counts), so no mark is lost.

    ``item_key`` names the item's subject (``mentee:12``, ``mentor:3``, ``site:1``...);
    ``fingerprint`` is the cause as it was when marked: when the cause changes (a new
    contact, a larger caseload), the fingerprint no longer matches and the item returns.
    """

    __tablename__ = "attention_marks"
    __table_args__ = (
        CheckConstraint(_in("mark", ATTENTION_MARKS), name="mark"),
        Index("ix_attention_marks_site_item", "site_id", "kind", "item_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(40))
    item_key: Mapped[str] = mapped_column(String(80))
    fingerprint: Mapped[str] = mapped_column(String(200))
    mark: Mapped[str] = mapped_column(String(20))
    snooze_until: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(80))
    marked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DigestRun(Base):
    """One weekly digest to one user in one ISO week (``2026-W48``): claimed before sending,
    so a digest is never sent twice for the same week; failed ones are retried."""

    __tablename__ = "digest_runs"
    __table_args__ = (
        UniqueConstraint("iso_week", "user_id", name="uq_digest_runs_week_user"),
        CheckConstraint(_in("status", DIGEST_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    iso_week: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[str] = mapped_column(Text, default="")  # JSON: open items by kind, wins
    error: Mapped[str] = mapped_column(String(300), default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class DataVersion(Base):
    """A single counter bumped by every import or write; part of every cache key."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


# --- Summary tables (derived; rebuilt by data.summaries.rebuild_all after bulk loads) --------
#
# ``year_month`` is an integer yyyymm (202611 for November 2026), so whole months can be picked
# with a plain BETWEEN on both SQLite and PostgreSQL. The query layer reads whole months of a
# period from these tables and the partial months at its edges from the raw contacts.

# Keys of the assessment summaries that stand for something other than one domain or site:
# ``domain_id`` TOTAL_DOMAIN_ID is an instrument's total (the sum of one assessment's domain
# scores), MENTEE_ROW marks a mentee's own row, and ``site_id`` MULTI_SITE holds the mentees
# assessed at more than one site. The rebuilds write them; the query layer reads them.
TOTAL_DOMAIN_ID = 0
MENTEE_ROW = -1
MULTI_SITE = 0

# Contacts in a period across every site (an admin's view) have no site predicate to lead
# with; this index keeps the raw edge-month reads off a full table scan.
Index("ix_contacts_date", Contact.contact_date)


class ContactSummaryMentorMonth(Base):
    """Contacts of one mentor in one calendar month, by type of support (derived)."""

    __tablename__ = "contact_summary_mentor_month"
    __table_args__ = (Index("ix_contact_summary_mentor_month_ym", "year_month", "site_id"),)

    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    after_hours: Mapped[int] = mapped_column(Integer)


# Every column of ``contact_summary_mentor_running``, key first (the order rows are written in).
RUNNING_COLUMNS = (
    "year_month",
    "site_id",
    "mentor_id",
    "contact_type",
    "contacts",
    "minutes",
    "after_hours",
)


class ContactSummaryMentorRunning(Base):
    """Running totals of one mentor's contacts of one type, through the end of each month.

    Derived from ``contact_summary_mentor_month``: the row at month M holds everything from the
    mentor's first contact of that type up to and including M, and rows run without gaps from
    that first month to the newest month of any contact. Any range of whole months is then the
    row at its last month minus the row at the month before its first: two rows per mentor and
    type, however long the range (ten years at the large scale would otherwise read 600,000
    mentor-month rows). A missing row means no contact of that type yet.
    """

    __tablename__ = "contact_summary_mentor_running"
    # The two months a range reads, with every value: the rows of one month lie scattered
    # through the table (they are written mentor by mentor), so reading them from the table
    # itself costs a page per row (30 ms for the admin's 9,761 rows at the large scale; 3 ms
    # from this index).
    __table_args__ = (Index("ix_contact_summary_mentor_running_values", *RUNNING_COLUMNS),)

    year_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    after_hours: Mapped[int] = mapped_column(Integer)


class ContactSummaryMentorWeek(Base):
    """Contacts of one mentor in one Monday-based week (derived; Workload's heatmap).

    ``week`` is whole weeks since ``data.queries.plumbing.weeks.WEEK_EPOCH``; weeks straddle months,
    so this grain cannot be summed from the monthly summaries.
    """

    __tablename__ = "contact_summary_mentor_week"

    week: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)


class ContactSummarySiteMonthMode(Base):
    """Contacts at one site in one calendar month by mode (in person, phone, video, text)."""

    __tablename__ = "contact_summary_site_month_mode"

    year_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mode: Mapped[str] = mapped_column(String(20), primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)


class ContactSummaryMenteeMonth(Base):
    """Contacts between one mentor and one mentee in one calendar month (derived).

    Distinct mentees cannot be summed across mentors or months, so this grain keeps them.
    """

    __tablename__ = "contact_summary_mentee_month"
    __table_args__ = (Index("ix_contact_summary_mentee_month_ym", "year_month", "site_id"),)

    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentee_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)


class AssessmentSummarySiteMonth(Base):
    """Scores of one instrument measure at one site in one calendar month (derived).

    ``domain_id`` 0 stands for the instrument's total (the sum of one assessment's domain
    scores, for assessments that scored every domain). ``score_squares`` lets a 95% interval
    be computed from the sums; ``mentees`` counts distinct mentees (each belongs to one site,
    so the counts add up across sites).
    """

    __tablename__ = "assessment_summary_site_month"
    __table_args__ = (
        Index("ix_assessment_summary_site_month_ym", "instrument_id", "year_month", "site_id"),
    )

    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    score_total: Mapped[int] = mapped_column(Integer)
    score_squares: Mapped[int] = mapped_column(Integer)
    scores: Mapped[int] = mapped_column(Integer)
    mentees: Mapped[int] = mapped_column(Integer)


class AssessmentChangeSummary(Base):
    """Baseline against latest assessment, summed per site, instrument, measure and the month
    of the latest assessment (derived; distance travelled at scale).

    Each mentee with two or more assessment days of an instrument is one pair: their first
    assessment (baseline) and their last. ``mentees`` pairs ended in the month,
    ``baseline_total`` and ``latest_total`` the sums of their two scores. ``domain_id`` 0 is the
    instrument's total (pairs that scored every domain both times). ``site_id`` 0 holds the
    pairs of mentees assessed at more than one site (exact only for a scope of every site).
    Valid for a period that ends on or after the instrument's newest assessment.
    """

    __tablename__ = "assessment_change_summary"

    instrument_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentees: Mapped[int] = mapped_column(Integer)
    baseline_total: Mapped[int] = mapped_column(Integer)
    latest_total: Mapped[int] = mapped_column(Integer)


class AssessmentMenteeChange(Base):
    """Each mentee's first assessment of an instrument against their latest, per measure
    (derived; reliable change and its criterion at scale).

    One row per mentee, instrument and ``domain_id``: ``MENTEE_ROW`` (-1) marks the mentee
    (``baseline`` and ``latest`` NULL), a domain's row holds its score in the first assessment
    (``baseline``) and in the latest (``latest``, NULL when not scored then), and
    ``domain_id`` 0 the total, for instruments with several domains, when the first assessment
    scored every domain (``latest`` NULL unless the latest did too). First and latest are
    picked as the query layer picks them: earliest and latest day, the later-entered on a
    day with two. ``first_on == latest_on`` means one assessment day only. ``site_id`` 0: a
    mentee assessed at more than one site (exact only for a scope of every site). Valid for a
    period that ends on or after the instrument's newest assessment.
    """

    __tablename__ = "assessment_mentee_change"
    # Reliable change reads one instrument's mentees by the day of their latest assessment:
    # the key leads with it, and SQLite stores the rows in key order (no rowid table).
    __table_args__ = ({"sqlite_with_rowid": False},)

    instrument_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    latest_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    mentee_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer)
    first_on: Mapped[dt.date] = mapped_column(Date)
    baseline: Mapped[int | None] = mapped_column(Integer)
    latest: Mapped[int | None] = mapped_column(Integer)


class AssessmentBaselineSummary(Base):
    """Every mentee's first score per measure, summed per instrument, site and measure
    (derived from ``assessment_mentee_change``; the reliable-change criterion's program SD).

    ``mentees`` first assessments that scored the measure, ``score_total`` and
    ``score_squares`` the sums of those scores and of their squares; ``domain_id`` 0 the total,
    -1 every mentee assessed (sums 0), ``site_id`` 0 mentees assessed at more than one site.
    """

    __tablename__ = "assessment_baseline_summary"

    instrument_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentees: Mapped[int] = mapped_column(Integer)
    score_total: Mapped[int] = mapped_column(Integer)
    score_squares: Mapped[int] = mapped_column(Integer)


# The headline's "waiting" and "active" counts on one day: only the mentees not yet exited and
# the matches not yet closed are read (most of ten years' mentees and matches have ended). The
# index holds the mentor too, so every mentor's caseload on a day is read from it alone.
Index("ix_mentees_exit_date", Mentee.exit_date)
Index(
    "ix_matches_end_date_mentor",
    Match.end_date,
    Match.start_date,
    Match.mentee_id,
    Match.mentor_id,
)

# Outcome queries pick one instrument's assessments by date across every site (an admin's view).
Index("ix_assessments_instrument_date", Assessment.instrument_id, Assessment.assessed_on)


class AssessmentSummarySiteQuarter(Base):
    """Scores of one instrument domain at one site in one calendar quarter (derived).

    ``year_quarter`` is year * 10 + quarter (20264 for Oct-Dec 2026). ``mentees`` counts the
    distinct mentees assessed; a mentee's assessments carry their one site, so the counts add
    up across sites.
    """

    __tablename__ = "assessment_summary_site_quarter"

    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year_quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    score_total: Mapped[int] = mapped_column(Integer)
    scores: Mapped[int] = mapped_column(Integer)
    mentees: Mapped[int] = mapped_column(Integer)


class ContactSummarySiteMonth(Base):
    """Contacts at one site in one calendar month, and the distinct mentees contacted (derived).

    The grain of the program-wide monthly charts: a few rows per month however many mentors.
    ``mentees`` counts distinct mentees contacted at the site that month;
    ``mentees_elsewhere`` how many of them were also contacted at another site that month
    (usually none: then distinct mentees add up across sites, and a month where they do not is
    counted from ``contact_summary_mentee_month`` instead).
    """

    __tablename__ = "contact_summary_site_month"
    __table_args__ = (Index("ix_contact_summary_site_month_ym", "year_month"),)

    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    after_hours: Mapped[int] = mapped_column(Integer)
    mentees: Mapped[int] = mapped_column(Integer)
    mentees_elsewhere: Mapped[int] = mapped_column(Integer)
