"""The identity index behind meeting-mode redaction: it finds the mentees whose words or code
numbers occur in a text, is reused while nothing is written, and sees a mentee written after
it was built; redaction covers every site. On SQLite always and on PostgreSQL with
TEST_DATABASE_URL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, event, insert

from data import schema as s
from data.filters import AccessScope
from data.queries import meeting as room
from data.queries.meeting._identity_index import IdentityIndex, identity_index
from data.queries.meeting._redaction import text_keys
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


def test_candidates_share_a_key_with_the_text_and_can_keep_to_sites():
    index = IdentityIndex([(1, "Jordan Quill", "MT-0042"), (2, "Zoë Müller", "HL-0007")])
    assert index.candidates(text_keys("J. QUILL"), None) == [("Jordan Quill", "MT-0042")]
    assert index.candidates(text_keys("met m-42"), None) == [("Jordan Quill", "MT-0042")]
    assert index.candidates(text_keys("Mueller, 7"), frozenset({2})) == [("Zoë Müller", "HL-0007")]
    assert index.candidates(text_keys("Z. M. said"), None) == [("Zoë Müller", "HL-0007")]
    assert index.candidates(text_keys("nobody; mt; hl"), None) == []  # code letters: everyone's


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
    assert filters.effective_site_ids == frozenset({1})
    text = "Robin Heron and Jordan went to the bank; Sam Otter too."
    assert room.redact_identities(any_engine, text) == (
        # Sam is a mentee of site 2: named in a note of site 1, still a mentee's name.
        "Robin Heron and a mentee went to the bank; a mentee too."
    )
    with any_engine.begin() as conn:
        _mentee(conn, 3, 1, "MT-0099", "Robin Heron")
        bump(conn)
    assert room.redact_identities(any_engine, text) == (
        "a mentee and a mentee went to the bank; a mentee too."
    )
