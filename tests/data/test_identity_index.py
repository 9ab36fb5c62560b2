"""The identity index behind meeting-mode redaction: it finds the mentees whose words occur
in a text, keeps to the scope's sites, is reused while nothing is written, and sees a mentee
written after it was built. On SQLite always and on PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, event, insert

from data import schema as s
from data.filters import AccessScope
from data.queries import meeting as room
from data.queries._identity_index import IdentityIndex, identity_index
from data.versioning import bump

ADMIN = AccessScope(role="admin", all_sites=True, see_identities=True, username="admin")


def _mentee(conn, mentee_id: int, site_id: int, code: str, name: str) -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        insert(s.Mentee),
        [dict(id=mentee_id, site_id=site_id, code=code, display_name=name,
              referral_date=dt.date(2025, 1, 1), status="matched")],
    )  # fmt: skip


def _two_sites(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(s.Site),
            [{"id": 1, "code": "RS", "name": "Riverside"}, {"id": 2, "code": "HL", "name": "Hill"}],
        )
        _mentee(conn, 1, 1, "MT-0042", "Jordan Quill")
        _mentee(conn, 2, 2, "HL-0007", "Sam Otter")
        bump(conn)


def test_candidates_share_a_word_with_the_text_and_keep_to_the_sites():
    index = IdentityIndex([(1, "Jordan Quill", "MT-0042"), (2, "Sam Otter", "HL-0007")])
    assert index.candidates({"quill"}, None) == [("Jordan Quill", "MT-0042")]
    assert index.candidates({"0042", "otter"}, frozenset({2})) == [("Sam Otter", "HL-0007")]
    assert index.candidates({"nobody"}, None) == []
    assert sorted(index.candidates({"mt", "sam"}, None)) == [
        ("Jordan Quill", "MT-0042"),
        ("Sam Otter", "HL-0007"),
    ]


def test_the_index_is_reused_until_a_write_bumps_the_version(any_engine: Engine):
    _two_sites(any_engine)
    reads: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if "FROM mentees" in statement:
            reads.append(statement)

    event.listen(any_engine, "before_cursor_execute", count)
    try:
        first = identity_index(any_engine)
        assert identity_index(any_engine) is first
        assert len(reads) == 1
        with any_engine.begin() as conn:
            _mentee(conn, 3, 1, "MT-0099", "Robin Heron")
            bump(conn)
        rebuilt = identity_index(any_engine)
    finally:
        event.remove(any_engine, "before_cursor_execute", count)
    assert rebuilt is not first
    assert rebuilt.candidates({"heron"}, None) == [("Robin Heron", "MT-0099")]


def test_a_mentee_written_after_the_first_redaction_is_redacted_too(any_engine: Engine):
    _two_sites(any_engine)
    filters = room.meeting_filters(ADMIN, "2026-09", [1])
    text = "Robin Heron and Jordan went to the bank; Sam Otter too."
    assert room.redact_identities(text, room._identity_terms(any_engine, filters, [text])) == (
        "Robin Heron and a mentee went to the bank; Sam Otter too."  # Sam is at site 2
    )
    with any_engine.begin() as conn:
        _mentee(conn, 3, 1, "MT-0099", "Robin Heron")
        bump(conn)
    assert room.redact_identities(text, room._identity_terms(any_engine, filters, [text])) == (
        "a mentee and a mentee went to the bank; Sam Otter too."
    )
