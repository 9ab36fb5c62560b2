"""The import page's behaviour: kinds and templates, upload and check, the import itself.

Checking (a dry run over the whole upload, at most 5 MB) happens in an ordinary callback; the
import runs as a Dash background callback (``dashboard.background``: diskcache locally, Celery
with REDIS_URL) that reports its progress to the page's progress bar. Between the two, the file
stays on the server and the page holds only a signed ticket naming it (``import_uploads``): the
background job has no sign-in of its own, and trusts only what an admin's check signed.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, dcc
from dash import ctx as dash_ctx
from flask import jsonify, request
from sqlalchemy import Engine

from callbacks.filters import may_open
from dashboard.auth import client_ip, current_user_info, instance_secret_key
from dashboard.background import background_manager
from dashboard.context import AppContext
from dashboard.import_uploads import UploadRefused, UploadStore, UploadTicket
from dashboard.pages import role_may_open
from dashboard.request_validation import CALLBACK_PATH
from data.db import make_engine
from data.importing import KINDS, ImportResult, import_file
from data.importing.preview import UnreadableFile, preview_rows
from data.importing.templates import template_csv, template_xlsx
from data.services.users import get_user
from layouts.components import problem_alert
from layouts.data_import import import_result
from layouts.ids.data_import import ImportIds as ids

PAGE = "data_import"
EMPTY_PREVIEW_COLUMNS = ({"field": "row", "headerName": "row"},)
DEFAULT_KIND = "contacts"
FORBIDDEN = "Only admins may import data."
SHOWN_PROBLEMS = 200
SHOWN_UNKNOWN_COLUMNS = 12
RESULT_PROBLEMS = 20

CheckResult = tuple[list, list, list, Any, str | None, bool, str, Any]


def upload_store(ctx: AppContext) -> UploadStore:
    """Where this app keeps uploads, with its signing key."""
    settings = ctx.settings
    secret = settings.secret_key or instance_secret_key(settings.instance_path)
    return UploadStore(settings.instance_path, secret)


def _is_admin(ctx: AppContext) -> bool:
    return may_open(ctx, PAGE)


def kind_choices(ctx: AppContext, kind: object) -> tuple[list[dict[str, str]], str | None, str]:
    """The kinds as dropdown options, the chosen one (contacts unless a known one is chosen)
    and a sentence on it; nothing for non-admins."""
    if not _is_admin(ctx):
        return [], None, ""
    options = [{"label": spec.title, "value": name} for name, spec in KINDS.items()]
    chosen = kind if isinstance(kind, str) and kind in KINDS else DEFAULT_KIND
    return options, chosen, KINDS[chosen].description


def template_file(ctx: AppContext, which: object, kind: object) -> dict | None:
    """The template of ``kind`` as a download (``which``: csv or xlsx); None when refused."""
    if not _is_admin(ctx) or not isinstance(kind, str) or kind not in KINDS:
        return None
    spec = KINDS[kind]
    if which == ids.TEMPLATE_XLSX:
        return dcc.send_bytes(template_xlsx(spec), f"{spec.name}_template.xlsx")
    return dcc.send_string(template_csv(spec), f"{spec.name}_template.csv")


def _nothing(message: Any = None, note: str = "") -> CheckResult:
    # One column, not none: a grid header with no cells is an ARIA fault (axe: critical).
    return list(EMPTY_PREVIEW_COLUMNS), [], [], None, None, True, note, message


def _summary(result: ImportResult) -> Any:
    if not result.rows_read and not result.problem_count:
        return problem_alert("The file has its heading row but no rows: nothing to import.")
    if result.problem_count:
        return problem_alert(
            f"{result.problem_count:,} problems in {result.rows_rejected:,} of "
            f"{result.rows_read:,} rows. Nothing will be imported until they are fixed, unless "
            "you choose to import the valid rows and set the others aside.",
            color="warning",
        )
    return problem_alert(
        f"All {result.rows_read:,} rows are fine: {result.inserted:,} new, "
        f"{result.updated:,} updated, {result.unchanged:,} unchanged when imported.",
        color="success",
    )


def check_upload(
    ctx: AppContext, contents: object, file_name: object, kind: object, dayfirst: object
) -> CheckResult:
    """Save an upload, show its first rows and every problem a dry run finds.

    Returns (preview columns, preview rows, problem rows, summary, signed ticket, run button
    disabled, file note, alert).
    """
    if not _is_admin(ctx):
        return _nothing(problem_alert(FORBIDDEN))
    if contents is None:
        return _nothing()
    if not isinstance(kind, str) or kind not in KINDS:
        return _nothing(problem_alert("Choose what kind of records the file holds."))
    store = upload_store(ctx)
    try:
        token, name = store.save(contents, file_name)
    except UploadRefused as refused:
        return _nothing(problem_alert(str(refused)))
    path = store.path(token)
    dayfirst = dayfirst is True
    try:
        columns, rows = preview_rows(path, kind)
    except UnreadableFile as unreadable:
        return _nothing(problem_alert(f"{name}: {unreadable}"))
    result = import_file(ctx.engine, kind, path, dry_run=True, dayfirst=dayfirst, file_name=name)
    info = current_user_info()
    ticket = UploadTicket(
        token,
        name,
        kind,
        dayfirst,
        info.username if info else "",
        info.id if info else None,
        client_ip(),
    )
    column_defs = [{"field": c, "headerName": c} for c in columns]
    problems = [p.as_dict() for p in result.problems[:SHOWN_PROBLEMS]]
    note = f"{name}: {result.rows_read:,} rows as {KINDS[kind].title.lower()}."
    if result.unknown_columns:
        shown = result.unknown_columns[:SHOWN_UNKNOWN_COLUMNS]
        more = len(result.unknown_columns) - len(shown)
        note += " Columns not in the template (ignored): " + ", ".join(shown)
        note += f" and {more:,} more." if more else ""
    nothing_to_import = any(p.row <= 1 for p in result.problems) or not result.rows_read
    return (
        column_defs,
        rows,
        problems,
        _summary(result),
        store.sign(ticket),
        nothing_to_import,
        note,
        None,
    )


def may_import(engine: Engine, upload: UploadTicket) -> bool:
    """True when the admin the ticket names may import now: the account still exists, is
    active and has a role that may open the import page (read from the database at the moment
    of the write: the background job has no sign-in of its own)."""
    if upload.user_id is None:
        return False
    user = get_user(engine, upload.user_id)
    return user is not None and user.is_active and role_may_open(user.role, PAGE)


def run_import(ctx: AppContext, set_progress: Any, ticket: object, skip_invalid: object) -> Any:
    """The background job: import the ticket's file, reporting progress; returns the result."""
    try:
        upload = upload_store(ctx).open(ticket)
    except UploadRefused as refused:
        return problem_alert(str(refused))
    # The job's own engine: it may run in a child process, which must not share the
    # parent's pooled connections.
    engine = make_engine(ctx.engine.url.render_as_string(hide_password=False))

    def report(fraction: float, message: str) -> None:
        percent = max(1, min(100, round(100 * fraction)))
        set_progress((str(percent), f"{percent} %: {message}"))

    try:
        if not may_import(engine, upload):
            return problem_alert(FORBIDDEN)
        set_progress(("1", "Starting…"))
        result = import_file(
            engine,
            upload.kind,
            upload_store(ctx).path(upload.token),
            skip_invalid=skip_invalid is True,
            dayfirst=upload.dayfirst,
            progress=report,
            username=upload.username,
            user_id=upload.user_id,
            ip=upload.ip,
            file_name=upload.file_name,
            rejected_path=upload_store(ctx).folder / f"{upload.token}.rejected.csv",
        )
    except Exception:  # the database failed midway: the transaction rolled back
        return problem_alert(
            "The import failed before it finished, so nothing was changed. Try again, or ask "
            "the operator to look at the server's log.",
            color="danger",
        )
    finally:
        engine.dispose()
    set_progress(("100", "100 %: done"))
    return result_view(result)


def result_view(result: ImportResult) -> Any:
    """What the page shows after an import: the counts in words, and problems if refused."""
    problems = [p.as_dict() for p in result.problems[:RESULT_PROBLEMS]]
    return import_result(
        result.summary(), result.committed, result.rows_rejected, problems, result.problem_count
    )


RUN_OUTPUT = f"{ids.RESULT}.children"


def refuse_someone_elses_run(ctx: AppContext, body: object) -> str | None:
    """Why a request that starts (or polls) the import job is refused, or None.

    The job runs without a sign-in, so the request that starts it is where the signed-in user
    is checked: only an admin, and only with a ticket issued to that same admin's check.
    """
    if not isinstance(body, dict) or body.get("output") != RUN_OUTPUT:
        return None
    info = current_user_info()
    if info is None or not role_may_open(info.role, PAGE):
        return FORBIDDEN
    states = body.get("state")
    ticket = next(
        (
            item.get("value")
            for item in (states if isinstance(states, list) else [])
            if isinstance(item, dict) and item.get("id") == ids.TICKET
        ),
        None,
    )
    try:
        upload = upload_store(ctx).open(ticket)
    except UploadRefused:
        return None  # no file to import: the job itself says so, and writes nothing
    return None if upload.user_id == info.id else "That upload was checked by someone else."


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the import page's callbacks, and the guard of its background job, on ``app``."""

    def _guard():  # type: ignore[no-untyped-def]
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        try:
            body = request.get_json(silent=True)
        except Exception:  # too deeply nested to parse: request_validation answers it (400)
            return None
        reason = refuse_someone_elses_run(ctx, body)
        return None if reason is None else (jsonify({"message": reason}), 403)

    app.server.before_request(_guard)
    app.callback(
        Output(ids.KIND, "options"),
        Output(ids.KIND, "value"),
        Output(ids.KIND_HELP, "children"),
        Input(ids.INIT, "data"),
        Input(ids.KIND, "value"),
    )(lambda _init, kind: kind_choices(ctx, kind))

    def _template(_csv, _xlsx, kind):  # type: ignore[no-untyped-def]
        which = dash_ctx.triggered_id
        if which not in (ids.TEMPLATE_CSV, ids.TEMPLATE_XLSX):
            return None
        return template_file(ctx, which, kind)

    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.TEMPLATE_CSV, "n_clicks"),
        Input(ids.TEMPLATE_XLSX, "n_clicks"),
        State(ids.KIND, "value"),
        prevent_initial_call=True,
    )(_template)
    app.callback(
        Output(ids.PREVIEW_GRID, "columnDefs"),
        Output(ids.PREVIEW_GRID, "rowData"),
        Output(ids.PROBLEMS_GRID, "rowData"),
        Output(ids.CHECK_SUMMARY, "children"),
        Output(ids.TICKET, "data"),
        Output(ids.RUN, "disabled"),
        Output(ids.FILE_NOTE, "children"),
        Output(ids.ALERT, "children"),
        Input(ids.UPLOAD, "contents"),
        Input(ids.KIND, "value"),
        Input(ids.DAYFIRST, "value"),
        State(ids.UPLOAD, "filename"),
        prevent_initial_call=True,
    )(lambda contents, kind, dayfirst, name: check_upload(ctx, contents, name, kind, dayfirst))

    # A named function: the background manager keys its jobs by the function's source.
    def _run(set_progress, _clicks, ticket, skip_invalid):  # type: ignore[no-untyped-def]
        return run_import(ctx, set_progress, ticket, skip_invalid)

    app.callback(
        Output(ids.RESULT, "children"),
        Input(ids.RUN, "n_clicks"),
        State(ids.TICKET, "data"),
        State(ids.SKIP_INVALID, "value"),
        background=True,
        manager=background_manager(ctx.settings),
        progress=[
            Output(ids.PROGRESS, "value"),
            Output(ids.PROGRESS_TEXT, "children"),
        ],
        running=[(Output(ids.RUN, "disabled"), True, False)],
        prevent_initial_call=True,
    )(_run)
