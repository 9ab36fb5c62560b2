"""The attention page's callbacks, called directly on the hand-made attention program."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dash import no_update
from sqlalchemy import Engine, func, select

from callbacks.attention import act_on_item, overview_attention, update_attention
from callbacks.filters import FORBIDDEN_MESSAGE
from dashboard.settings import Settings
from data import schema as s
from data.filters import AccessScope
from data.queries import attention as q
from data.versioning import current_version
from layouts.ids import AttentionIds as ids
from tests.callbacks.conftest import make_ctx
from tests.data import attention_fixture as fx

QUERY = {"start": "2026-01-01", "end": "2026-06-15", "sites": None}
TODAY = dt.date(2026, 6, 15)
OVER = "over_capacity|mentor:5"


@pytest.fixture
def program(any_engine: Engine) -> Engine:
    fx.load(any_engine)
    return any_engine


def _ctx(engine: Engine, settings: Settings, role: str = "supervisor", sites=(1,)):  # type: ignore[no-untyped-def]
    scope = AccessScope(
        role=role,
        site_ids=frozenset(sites),
        all_sites=role == "admin",
        see_identities=role != "meeting_viewer",
        username=f"{role}-user",
        small_cell_min=5 if role == "meeting_viewer" else 0,
    )
    return make_ctx(engine, settings, scope)


def _items(tree: Any) -> dict[str, str]:
    """data-item -> data-mark of every item component in a callback's answer."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
            return
        if node is None or not hasattr(node, "to_plotly_json"):
            return
        props = node.to_plotly_json()["props"]
        if "attention-item" in (props.get("className") or ""):
            found[props["data-item"]] = props["data-mark"]
        walk(props.get("children"))

    walk(tree)
    return found


def _press(ctx, item: str, action: str, **kwargs):  # type: ignore[no-untyped-def]
    trigger = {"type": ids.ITEM_ACTION, "item": item, "action": action}
    return act_on_item(trigger, 1, None, None, None, None, QUERY, 0, ctx, today=TODAY, **kwargs)


def _marks(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(s.AttentionMark)).scalar_one()


def test_a_supervisor_sees_their_sites_items(program, settings) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(program, settings)
    alert, wins, counts, listing = update_attention(QUERY, False, 0, ctx)
    assert alert is None
    expected = q.attention_items(program, fx.riverside())
    assert set(_items(listing)) == {
        f"{k}|{key}" for k, key in zip(expected.kind, expected.item_key, strict=True)
    }
    assert all(mark == "open" for mark in _items(listing).values())
    assert "Wins" in str(wins.to_plotly_json()) or "No milestones" in str(wins.to_plotly_json())
    assert f"{len(expected)} open items" in str(counts.to_plotly_json())


def test_meeting_viewers_and_strangers_are_refused(program, settings) -> None:  # type: ignore[no-untyped-def]
    for ctx in (_ctx(program, settings, "meeting_viewer"), make_ctx(program, settings, None)):
        alert, _wins, _counts, listing = update_attention(QUERY, False, 0, ctx)
        assert alert.children == FORBIDDEN_MESSAGE and listing == []
        assert overview_attention(QUERY, ctx) is None
        result = _press(ctx, OVER, "seen")
        assert FORBIDDEN_MESSAGE in str(result[0].to_plotly_json())
    assert _marks(program) == 0


@pytest.mark.parametrize(
    "query", [{"start": "yesterday"}, {"sites": "2"}, {"end": 5}, "not a dict", None]
)
def test_bad_filters_get_a_message(program, settings, query) -> None:  # type: ignore[no-untyped-def]
    alert, *_rest = update_attention(query, "yes", {"x": 1}, _ctx(program, settings))
    if query in ("not a dict", None):
        assert alert is None  # no filters: the default period
    else:
        assert alert is not None and "warning" in str(alert.to_plotly_json())


def test_mark_seen_is_stored_audited_and_shown(program, settings) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(program, settings)
    version = current_version(program)
    message, refresh, *rest = _press(ctx, OVER, "seen")
    assert "Marked as seen" in str(message.to_plotly_json()) and refresh == 1
    assert rest == [no_update] * 6
    assert current_version(program) > version
    _, _, _, listing = update_attention(QUERY, False, refresh, ctx)
    assert _items(listing)[OVER] == "seen"
    # Another supervisor of the site sees who marked it.
    df = q.attention_items(program, fx.riverside()).set_index("item_key")
    assert df.loc["mentor:5", "marked_by"] == "supervisor-user"
    with program.connect() as conn:
        event = conn.execute(
            select(s.AuditEvent.target, s.AuditEvent.detail).where(
                s.AuditEvent.event == "attention_mark"
            )
        ).one()
    assert tuple(event) == ("over_capacity mentor:5", "seen; site 1")


def test_snooze_needs_a_reason_then_hides_the_item(program, settings) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(program, settings)
    opened = _press(ctx, OVER, "snooze")
    assert opened[2] is True and opened[3] == OVER and "Eve Stone" in opened[4]

    def save(snooze_for, until, reason):  # type: ignore[no-untyped-def]
        return act_on_item(
            ids.SNOOZE_SAVE, 1, OVER, snooze_for, until, reason, QUERY, 3, ctx, today=TODAY
        )

    no_reason = save("14", None, "  ")
    assert "Say why" in no_reason[5] and no_reason[2] is no_update
    past = save("date", "2026-06-01", "Waiting for the new mentor")
    assert "after today" in past[5]
    too_far = save("date", "2027-12-01", "Waiting for the new mentor")
    assert "at most a year" in too_far[5]
    assert "a date like" in save("date", "June", "x")[5]
    assert _marks(program) == 0

    done = save("7", None, "Waiting for the new mentor")
    assert "Snoozed until 22 Jun 2026" in str(done[0].to_plotly_json())
    assert done[1] == 4 and done[2] is False
    _, _, counts, listing = update_attention(QUERY, False, 4, ctx)
    assert OVER not in _items(listing)
    assert "1 snoozed" in str(counts.to_plotly_json())
    _, _, _, with_snoozed = update_attention(QUERY, True, 4, ctx)
    assert _items(with_snoozed)[OVER] == "snoozed"
    assert "Waiting for the new mentor" in str(with_snoozed)

    # Clearing the mark brings it back at once.
    _press(ctx, OVER, "cleared")
    _, _, _, listing = update_attention(QUERY, False, 5, ctx)
    assert _items(listing)[OVER] == "open"


def test_another_sites_item_cannot_be_marked(program, settings) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(program, settings)
    message, *_rest = _press(ctx, "over_capacity|mentor:6", "seen")  # Hilltop's
    assert "no longer on the list" in str(message.to_plotly_json())
    assert _marks(program) == 0


@pytest.mark.parametrize(
    "trigger",
    [
        {"type": ids.ITEM_ACTION, "item": "x" * 5000, "action": "seen"},
        {"type": ids.ITEM_ACTION, "item": OVER, "action": "delete"},
        {"type": ids.ITEM_ACTION, "item": "no_contact|match:1; drop table", "action": "seen"},
        {"type": ids.ITEM_ACTION},
        {"type": "other"},
        12345,
        "attention-unknown",
        None,
    ],
)
def test_hostile_buttons_change_nothing(program, settings, trigger) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(program, settings)
    result = act_on_item(trigger, 1, [1], {"a": 1}, 7, ["r"], QUERY, "x", ctx, today=TODAY)
    assert len(result) == 8
    assert _marks(program) == 0


def test_a_button_drawn_anew_does_nothing(program, settings) -> None:  # type: ignore[no-untyped-def]
    trigger = {"type": ids.ITEM_ACTION, "item": OVER, "action": "seen"}
    result = act_on_item(trigger, None, None, None, None, None, QUERY, 0, _ctx(program, settings))
    assert result == (no_update,) * 8
    assert _marks(program) == 0


def test_the_overview_card_counts_open_items_for_staff(program, settings) -> None:  # type: ignore[no-untyped-def]
    card = overview_attention(QUERY, _ctx(program, settings, "admin"))
    text = str(card.to_plotly_json())
    everyone = q.attention_items(program, fx.admin())
    assert f"{len(everyone)} items need attention" in text
    assert "Over capacity: 2" in text
    assert "/attention?start=2026-01-01&end=2026-06-15" in text


def test_each_item_links_to_where_one_acts_on_it(program, settings) -> None:  # type: ignore[no-untyped-def]
    from callbacks.attention import act_link
    from dashboard.pages import PAGES_BY_KEY

    rows = q.attention_items(program, fx.riverside()).set_index(["kind", "item_key"])

    def link(kind: str, key: str) -> tuple[str, str]:
        row = {"kind": kind, "item_key": key, **rows.loc[(kind, key)].to_dict()}
        return act_link(row, QUERY)

    suffix = "?start=2026-01-01&end=2026-06-15&sites=1"
    assert link("free_place", "site:1") == ("Open Caseloads", "/caseloads" + suffix)
    assert link("waiting_long", "mentee:10") == ("Open the mentee's page", "/mentees/10" + suffix)
    label, href = link("may_need_support", "mentor:1")
    if "mentor" in PAGES_BY_KEY:
        assert (label, href) == ("Open the mentor's page", "/mentors/1" + suffix)
    else:
        assert (label, href) == ("Open Workload", "/workload" + suffix)


def test_a_supervisor_turns_their_own_digest_off_and_on(program, settings) -> None:  # type: ignore[no-untyped-def]
    from callbacks.attention import digest_switch
    from data.services.digest import digest_preference, set_email
    from data.services.users import add_user

    sam, _ = add_user(program, "sam", "supervisor", [1], password="a-long-password-for-sam-1")
    noa, _ = add_user(program, "noa", "supervisor", [1], password="a-long-password-for-noa-1")
    set_email(program, "sam", "sam@example.org")
    ctx = _ctx(program, settings)

    shown = digest_switch(ids.QUERY, None, sam.id, ctx)
    assert shown[:2] == (True, False) and "sam@example.org" in shown[2]
    off = digest_switch(ids.DIGEST_SWITCH, False, sam.id, ctx)
    assert off[:2] == (False, False) and "do not get" in off[2]
    assert digest_preference(program, sam.id) == ("sam@example.org", True)
    assert digest_switch(ids.DIGEST_SWITCH, "yes", sam.id, ctx)[0] is False  # not a choice
    on = digest_switch(ids.DIGEST_SWITCH, True, sam.id, ctx)
    assert on[0] is True and digest_preference(program, sam.id) == ("sam@example.org", False)

    assert digest_switch(ids.QUERY, None, noa.id, ctx)[:2] == (False, True)  # no address
    viewer = _ctx(program, settings, "meeting_viewer")
    assert digest_switch(ids.DIGEST_SWITCH, False, sam.id, viewer) == (False, True, "")
    assert digest_switch(ids.DIGEST_SWITCH, False, None, ctx) == (False, True, "")
    assert digest_preference(program, sam.id) == ("sam@example.org", False)


def test_a_long_kind_is_cut_with_a_link_to_the_rest(program, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import callbacks.attention as module

    monkeypatch.setattr(module, "MAX_PER_KIND", 2)
    _, _, _, listing = update_attention(QUERY, False, 0, _ctx(program, settings))
    shown = [k for k in _items(listing) if k.startswith("no_contact|")]
    assert len(shown) == 2  # of 3
    text = str(listing)
    assert "1 more not shown here; " in text
    assert "/caseloads?start=2026-01-01&end=2026-06-15" in text
