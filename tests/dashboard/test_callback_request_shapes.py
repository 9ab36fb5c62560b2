"""Hand-made callback requests that name a real callback but not the way the renderer does.

Found by QA: a POST naming a clientside callback's output (which has no Python function), or
naming a server callback's output key with other outputs or too few inputs, reached Dash's
dispatcher and came back as a 500. Each is refused with 400 before Dash runs, and an ordinary
request from the page still gets its answer.
"""

from __future__ import annotations

from dash import Dash

from tests.fixtures_app import ClientFor
from tests.support import callback_body, same_origin_headers

MALFORMED = "This is not a valid request from the dashboard."
OVERVIEW_OUTPUT = "overview-attention-card.children"


def _post(client_for: ClientFor, body: object) -> tuple[int, dict]:
    response = client_for("supervisor").post(
        "/_dash-update-component", json=body, headers=same_origin_headers()
    )
    return response.status_code, response.get_json(silent=True) or {}


def _clientside_outputs(app: Dash) -> list[str]:
    app.server.test_client().get("/login")  # Dash adds the pages callbacks at the first request
    return [spec["output"] for spec in app._callback_list if spec.get("clientside_function")]


def test_a_request_for_a_clientside_callback_is_refused_not_a_500(
    demo_app: Dash, client_for: ClientFor
) -> None:
    outputs = _clientside_outputs(demo_app)
    assert outputs, "the app has clientside callbacks (the pages router's, at least)"
    for output in outputs:
        spec = next(s for s in demo_app._callback_list if s["output"] == output)
        body = {
            "output": output,
            "outputs": {"id": output.rsplit(".", 1)[0].lstrip("."), "property": "x"},
            "inputs": [{**item, "value": 1} for item in spec["inputs"]],
            "state": [{**item, "value": None} for item in spec["state"]],
            "changedPropIds": [],
        }
        status, answer = _post(client_for, body)
        assert (status, answer.get("message")) == (400, MALFORMED), output


def test_outputs_that_are_not_the_callbacks_own_are_refused(
    demo_app: Dash, client_for: ClientFor
) -> None:
    body = callback_body(demo_app, OVERVIEW_OUTPUT)
    body["outputs"] = {"id": "overview-alert", "property": "children"}
    status, answer = _post(client_for, body)
    assert (status, answer.get("message")) == (400, MALFORMED)


def test_too_few_inputs_are_refused(demo_app: Dash, client_for: ClientFor) -> None:
    body = callback_body(demo_app, OVERVIEW_OUTPUT)
    body["inputs"] = []
    status, answer = _post(client_for, body)
    assert (status, answer.get("message")) == (400, MALFORMED)


def test_navbar_links_with_ids_that_name_no_page_answer_200(
    demo_app: Dash, client_for: ClientFor
) -> None:
    """The navbar callback's state holds the links' ids; made-up ones link to the Overview."""
    link = {"type": "shell-nav-link", "page": "no-such-page"}
    body = {
        "output": '{"page":["ALL"],"type":"shell-nav-link"}.href',
        "outputs": [{"id": link, "property": "href"}],
        "inputs": [{"id": "shell-url", "property": "search", "value": "?sites=1"}],
        "state": [[{"id": link, "property": "id", "value": 5}]],
        "changedPropIds": ["shell-url.search"],
    }
    status, answer = _post(client_for, body)
    assert status == 200, answer
    assert answer["response"]['{"page":"no-such-page","type":"shell-nav-link"}'] == {
        "href": "/?sites=1"
    }


def test_an_ordinary_request_still_gets_its_answer(demo_app: Dash, client_for: ClientFor) -> None:
    body = callback_body(
        demo_app, OVERVIEW_OUTPUT, {"overview-query.data": {"start": None, "end": None}}
    )
    status, answer = _post(client_for, body)
    assert status == 200, answer
    assert "overview-attention-card" in answer["response"]
