"""Shape checks on callback requests, before Dash dispatches them.

Our own callbacks parse every input into ``Filters`` and answer bad values with a message. Dash's
own pages router does not type-check its inputs: a hand-made request with a number or a list as
the page address makes it raise. Such requests, and bodies that are not a callback request at
all, are answered 400 here, so a malformed request never reaches a callback. However the
check fails (a body too deeply nested for the JSON parser, which raises RecursionError, or any
other surprise), the answer is 400, never a 500.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from dash import Dash, Output
from dash._grouping import flatten_grouping, grouping_len
from dash._validate import validate_output_spec
from dash.exceptions import CallbackException
from flask import jsonify, request
from flask.typing import ResponseReturnValue

CALLBACK_PATH = "/_dash-update-component"
# Inputs of Dash's pages router (dash.Dash._setup_routes): the browser sends strings or null.
STRING_INPUT_IDS = frozenset({"_pages_location"})
# ... and always sends a page address: the router fails on a null one.
REQUIRED_STRING_PROPERTIES = frozenset({"pathname"})
MALFORMED = "This is not a valid request from the dashboard."


def _server_outputs(callback_map: dict[str, Any]) -> set[str]:
    """The output keys of callbacks that run on the server (a clientside callback has no
    Python function, and Dash fails with a KeyError when a request names its output)."""
    return {key for key, spec in callback_map.items() if "callback" in spec}


def _is_callback_body(body: Any, known_outputs: Container[str]) -> bool:
    if not isinstance(body, dict) or body.get("output") not in known_outputs:
        return False
    if not isinstance(body.get("outputs"), dict | list):
        return False
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return False
    for part in ("inputs", "state"):
        items = body.get(part, [])
        if not isinstance(items, list):
            return False
        for item in items:
            if isinstance(item, list):  # pattern-matching inputs come as lists of items
                if not all(isinstance(sub, dict) for sub in item):
                    return False
            elif not isinstance(item, dict):
                return False
    return True


def _matches_definition(body: dict[str, Any], callback_map: dict[str, Any]) -> bool:
    """True when the body's outputs, inputs and state are the ones its callback declares.

    Dash makes the same checks once dispatching, but answers a mismatch (a hand-made body
    naming one callback's output key with other outputs, or too few inputs) with a 500.
    """
    spec = callback_map[body["output"]]
    output = spec["output"]
    if isinstance(output, Output):
        declared: Any = output
    else:
        declared = flatten_grouping(output)
        if not declared:
            return True  # a callback without outputs: Dash checks nothing here either
    try:
        validate_output_spec(declared, body["outputs"], Output)
    except (CallbackException, KeyError, TypeError):
        return False
    given = len(body.get("inputs", [])) + len(body.get("state", []))
    return given == grouping_len(spec["inputs_state_indices"])


def _router_inputs_are_strings(body: dict[str, Any]) -> bool:
    for item in [*body.get("inputs", []), *body.get("state", [])]:
        if isinstance(item, dict) and item.get("id") in STRING_INPUT_IDS:
            value = item.get("value")
            if value is None and item.get("property") in REQUIRED_STRING_PROPERTIES:
                return False
            if value is not None and not isinstance(value, str):
                return False
    return True


def check_callback_request(app: Dash) -> ResponseReturnValue | None:
    """Refuse a callback POST whose body is not the shape Dash's renderer sends for one of
    ``app``'s callbacks (an unknown output, inputs that are not a list, ...)."""
    if request.path != CALLBACK_PATH or request.method != "POST":
        return None
    try:
        body = request.get_json(silent=True)
        valid = (
            _is_callback_body(body, _server_outputs(app.callback_map))
            and _matches_definition(body, app.callback_map)
            and _router_inputs_are_strings(body)
        )
    except Exception:  # RecursionError from deep nesting, and anything else: not a request
        valid = False
    if not valid:
        return jsonify({"message": MALFORMED}), 400
    return None


def init_app(app: Dash) -> None:
    """Check callback request bodies after sign-in checks, before Dash handles them."""
    app.server.before_request(lambda: check_callback_request(app))
