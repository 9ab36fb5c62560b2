"""What a person sees when something fails: a friendly message and a reference id.

The traceback goes to the server log under the same reference id, so an operator can find it;
the browser never gets a stack trace. Request bodies and callback payloads (which may hold
program data) are never logged, and SQL parameters are hidden from logged database errors.
Refusals are not failures: a forbidden page or callback is a 403, a bad filter a 400 with
its message.
"""

from __future__ import annotations

import logging
import secrets

from dash import Dash
from dash.exceptions import DependencyException, UnsupportedRelativePath
from flask import Flask, current_app, jsonify, render_template_string, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import StatementError
from werkzeug.exceptions import HTTPException

from dashboard.auth.base import EXTENSION_KEY
from dashboard.context import AppContext
from data.filters import FilterError

log = logging.getLogger(__name__)

FAILED_MESSAGE = "Something went wrong. If it happens again, tell your administrator the "
FORBIDDEN_MESSAGE = "This is not available for your account."

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} · Peer Mentoring Dashboard</title>
{% for href in stylesheets %}<link rel="stylesheet" href="{{ href }}">{% endfor %}</head>
<body><main class="container mt-5" style="max-width: 40rem;">
<h1 class="h3" id="error-heading">{{ title }}</h1><p id="error-message">{{ message }}</p>
<p><a href="/">Back to the overview</a></p></main></body></html>"""


def new_reference() -> str:
    """A short random id that ties what the person saw to the server log entry."""
    return secrets.token_hex(6)


def _hide_sql_parameters(error: BaseException | None) -> None:
    # SQLAlchemy prints bound parameters (which may be a mentee's name) in its messages.
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, StatementError):
            error.hide_parameters = True
        error = error.__cause__ or error.__context__


def _is_dash_request() -> bool:
    return request.path.startswith("/_dash-")


def _respond(status: int, title: str, message: str, reference: str = "") -> ResponseReturnValue:
    if _is_dash_request() or request.method != "GET":
        body = {"message": message}
        if reference:
            body["reference"] = reference
        return jsonify(body), status
    auth_state = current_app.extensions.get(EXTENSION_KEY)
    stylesheets = auth_state.stylesheets if auth_state is not None else ()
    return (
        render_template_string(_PAGE, title=title, message=message, stylesheets=stylesheets),
        status,
    )


def handle_unexpected(error: Exception) -> ResponseReturnValue:
    """Any error nobody handled: log it with a reference id, show the person the id only."""
    if isinstance(error, HTTPException):
        return error
    reference = new_reference()
    _hide_sql_parameters(error)
    # Method and path only: never the body (callback payloads) or the query string.
    log.error(
        "unexpected error ref=%s on %s %s",
        reference,
        request.method,
        loggable(request.path),
        exc_info=error,
    )
    return _respond(
        500, "Something went wrong", f"{FAILED_MESSAGE}reference {reference}.", reference
    )


def loggable(text: str, limit: int = 200) -> str:
    """``text`` (a path the browser sent) safe for one log line: at most ``limit`` characters,
    control and other unprintable characters escaped, so a request cannot forge log lines or
    send terminal escapes to whoever reads the log."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text[:limit]
    )


def handle_forbidden(_error: PermissionError) -> ResponseReturnValue:
    """A page or callback the signed-in role may not use (or a query without a scope)."""
    log.info("refused %s %s", request.method, loggable(request.path))
    return _respond(403, "Not available", FORBIDDEN_MESSAGE)


def handle_bad_filter(error: FilterError) -> ResponseReturnValue:
    """Browser input that is not a valid filter: its message is written for a person."""
    return _respond(400, "Check the filters", str(error)[:300])


def handle_bad_address(_error: UnsupportedRelativePath) -> ResponseReturnValue:
    """A page address Dash cannot route (only a hand-made request sends one)."""
    return _respond(400, "Unknown address", "That address is not part of this dashboard.")


def handle_missing_file(_error: DependencyException) -> ResponseReturnValue:
    """A component file Dash does not serve (``/_dash-component-suites/dash/x.js``, a path
    with ``..`` in it): 404, and one short log line instead of a traceback."""
    log.info("not found %s %s", request.method, loggable(request.path))
    return _respond(404, "Not found", "That address is not part of this dashboard.")


def init_app(app: Dash, ctx: AppContext) -> None:
    """Install the error handlers on the Flask server (debug mode stays as settings say)."""
    server: Flask = app.server
    server.debug = bool(ctx.settings.debug)
    server.config["PROPAGATE_EXCEPTIONS"] = False
    server.register_error_handler(FilterError, handle_bad_filter)
    server.register_error_handler(UnsupportedRelativePath, handle_bad_address)
    server.register_error_handler(DependencyException, handle_missing_file)
    server.register_error_handler(PermissionError, handle_forbidden)
    server.register_error_handler(Exception, handle_unexpected)
