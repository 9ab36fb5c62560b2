"""Hand-made requests to the attention list's callbacks: hostile values, other roles, other
sites. Nothing but the signed-in supervisor's own sites' items can be marked."""

from __future__ import annotations

import json

import pytest
from dash import Dash
from sqlalchemy import Engine, func, select

from data.schema import AttentionMark, Site
from layouts.ids import AttentionIds as ids
from tests.dashboard.test_hostile_callback_requests import HOSTILE_VALUES
from tests.fixtures_app import ClientFor
from tests.support import callback_body, callback_keys, same_origin_headers

ACT_KEY_PART = f"{ids.MESSAGE}.children"


def _attention_keys(app: Dash) -> list[str]:
    return [k for k in callback_keys(app) if "attention" in k]


def _marks(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(AttentionMark)).scalar_one()


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: type(v).__name__ + str(v)[:20])
def test_attention_callbacks_survive_hostile_values(
    demo_app: Dash, demo_engine: Engine, client_for: ClientFor, value: object
) -> None:
    with demo_engine.connect() as conn:
        other_sites = conn.execute(select(Site.name).order_by(Site.id)).scalars().all()[1:]
    supervisor = client_for("supervisor")
    keys = _attention_keys(demo_app)
    assert len(keys) == 4  # the list, the buttons, the own digest switch, the Overview card
    before = _marks(demo_engine)
    for key in keys:
        inputs = callback_body(demo_app, key)["inputs"]
        body = callback_body(demo_app, key, {f"{s['id']}.{s['property']}": value for s in inputs})
        response = supervisor.post(
            "/_dash-update-component", json=body, headers=same_origin_headers()
        )
        text = response.get_data(as_text=True)
        assert response.status_code in (200, 204, 400, 403), (key, response.status_code, text[:300])
        assert "Traceback" not in text and "SELECT" not in text, key
        for name in other_sites:
            assert name not in text, (key, name)
    assert _marks(demo_engine) == before


def _press_body(app: Dash, item: str, action: str) -> dict:
    key = next(k for k in _attention_keys(app) if ACT_KEY_PART in k)
    body = callback_body(app, key)
    button = {"type": ids.ITEM_ACTION, "item": item, "action": action}
    body["inputs"][0] = [{"id": button, "property": "n_clicks", "value": 1}]
    body["changedPropIds"] = [
        json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"
    ]
    for state in body["state"]:
        if state["id"] == ids.QUERY:
            state["value"] = {"start": None, "end": None, "sites": None}
    return body


def test_a_meeting_viewer_cannot_mark_anything(
    demo_app: Dash, demo_engine: Engine, client_for: ClientFor
) -> None:
    viewer = client_for("meeting_viewer")
    before = _marks(demo_engine)
    body = _press_body(demo_app, "waiting_long|mentee:1", "seen")
    response = viewer.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert response.status_code in (200, 204, 403)
    assert _marks(demo_engine) == before


def test_a_supervisor_cannot_mark_another_sites_item(
    demo_app: Dash, demo_engine: Engine, client_for: ClientFor
) -> None:
    from data.filters import AccessScope, Filters
    from data.queries.attention import attention_items

    with demo_engine.connect() as conn:
        first = conn.execute(select(func.min(Site.id))).scalar_one()
    everyone = attention_items(
        demo_engine, Filters.parse(AccessScope("admin", all_sites=True, see_identities=True))
    )
    foreign = everyone[everyone["site_id"] != first].iloc[0]
    supervisor = client_for("supervisor")
    before = _marks(demo_engine)
    body = _press_body(demo_app, f"{foreign['kind']}|{foreign['item_key']}", "seen")
    response = supervisor.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "no longer on the list" in response.get_data(as_text=True)
    assert _marks(demo_engine) == before
