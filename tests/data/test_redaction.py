"""Redaction of mentee identities from free text, in every spelling a keyboard allows, and
never of what only looks like one (a mentor's name, a date, a count)."""

from __future__ import annotations

import pytest

from data.queries.meeting._redaction import REDACTED, build_redactor, fold, text_keys

MENTEES = [("Zoë Müller", "M-00029"), ("Gary Wilson", "M-00003"), ("Jordan Quill", "MT-0042")]
MENTORS = ["Alex Wilson", "Jordan Mentor"]
REDACTOR = build_redactor(MENTEES, MENTORS)


@pytest.mark.parametrize(
    "spelled",
    [
        "M-00029", "M\n00029", "M\t00029", "M\u00a000029", "M\u201300029", "M_00029",
        "M/00029", "#00029", "00029", "M-29", "M29", "m 29", "# 29",
        "Zoë Müller", "Zoe Muller", "Zoe Mueller", "ZOË MÜLLER", "Zoë\nMüller", "Zoë  Müller",
        "Zo\u0435 M\u00fcller",  # a Cyrillic "е"
        "Z\u200boë Mül\u00adler",  # a zero-width space and a soft hyphen
        "Zoe\u0308 Mu\u0308ller",  # accents as combining marks
        "Müller", "Mueller", "Z. M.", "Z.M.",
        "Wilson", "Gary", "Ｚｏｅ Ｍｕｌｌｅｒ",  # full-width letters
    ],
)  # fmt: skip
def test_every_spelling_of_an_identity_is_redacted(spelled: str) -> None:
    text = f"We met {spelled} on Tuesday."
    assert REDACTOR.redact(text) == f"We met {REDACTED} on Tuesday."


@pytest.mark.parametrize(
    "text",
    [
        "Alex Wilson ran the group.",  # a mentor's full name, though a mentee is a Wilson too
        "Jordan Mentor helped.",  # a mentor sharing a mentee's first name
        "On 2026-09-29 we met 29 people, 3 of them new.",  # numbers without a code's zeros
        "Zoey and Mullery came.",  # longer words are other words
    ],
)
def test_what_only_looks_like_an_identity_stays(text: str) -> None:
    assert REDACTOR.redact(text) == text


def test_a_surname_shared_with_a_mentor_goes_while_the_mentors_full_name_stays() -> None:
    text = "Alex Wilson called Mr Wilson and G. Wilson."
    assert REDACTOR.redact(text) == f"Alex Wilson called Mr {REDACTED} and G. {REDACTED}."


def test_only_the_identity_is_replaced_and_the_rest_stays_as_written() -> None:
    text = "Café visit:\tZoë  Müller — and M‑00003 — said “thanks”."
    assert REDACTOR.redact(text) == f"Café visit:\t{REDACTED} — and {REDACTED} — said “thanks”."
    assert REDACTOR.spans(text) == [(12, 23), (30, 37)]


def test_folding_keeps_a_map_back_to_the_text() -> None:
    flat, origin = fold("A\u00a0\u00a0Zoë\u200b!")
    assert flat == "a zoe!"
    assert [origin[i] for i in range(len(flat))] == [0, 1, 3, 4, 5, 7]


def test_a_mentees_keys_are_found_in_a_text_that_names_them() -> None:
    keys = text_keys("Zoe Mueller met M-29 and Z. M.")
    assert {"zoe", "mueller", "29", "initials:zm"} <= keys


def test_a_note_naming_another_sites_mentee_reaches_no_room(any_engine) -> None:  # type: ignore[no-untyped-def]
    """A Riverside note names a Hilltop mentee: a Riverside meeting viewer's slides (and so the
    pack) show neither the name nor the code, in any of its spellings."""
    from sqlalchemy import insert, select

    from data import schema as s
    from data.queries import meeting as room
    from tests.data import notes_fixture as nf

    ids = nf.load_meetings(any_engine)
    text = "Synthetic Person 8 (HT-001, ht 1, #001) and SYNTHETIC\u00a0PERSON\u00a08 went out."
    with any_engine.begin() as conn:
        conn.execute(
            insert(s.ConsultationNote).values(
                meeting_id=ids["february"], site_id=nf.RIVERSIDE, mentor_id=None,
                kind="accomplishment", text=text, author="sam", version=1,
                cleared_version=1, cleared_by="sam",
            )
        )  # fmt: skip
        hilltop = conn.execute(select(s.Mentee.site_id).where(s.Mentee.code == "HT-001"))
        assert hilltop.scalar_one() == nf.HILLTOP
    filters = room.meeting_filters(nf.VIEWER, "2026-02")
    shown = [t for t in room.room_notes(any_engine, filters)["text"] if "went out" in t]
    assert shown == [f"{REDACTED} ({REDACTED}, {REDACTED}, {REDACTED}) and {REDACTED} went out."]
