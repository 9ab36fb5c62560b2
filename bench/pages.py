"""Time every page and every server-side callback through the whole app, as a signed-in admin.

Builds the app with ``create_app`` on the benchmark database (query cache off), signs in as the
demo admin through /login with the Flask test client, then times, ``repeat`` times after one
warm-up each: the HTML shell of every page in ``dashboard.pages.PAGES``, ``/_dash-layout``,
and a ``/_dash-update-component`` POST for every server-side callback with the body Dash's
renderer sends when the page is first opened without filters. Those bodies are built from
what the browser itself receives: the component props of ``/_dash-layout`` (the shell) and of
the pages router's answer for each page (the page), so a new page or callback is picked up
without changes here. A response other than 200 or 204 stops the run with an error.
"""

from __future__ import annotations

import inspect
import json
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, event

from bench.timing import p90
from dashboard import create_app
from dashboard.heap import freeze_startup_objects
from dashboard.pages import PAGES
from dashboard.settings import Settings
from data.services.users import ensure_demo_users, reset_password

CALLBACK_PATH = "/_dash-update-component"
CALLBACK_TARGET_MS = 500.0  # reported per callback
CALLBACK_LIMIT_MS = 1000.0  # a median at or above this makes the run fail
QUERY_RATIO_TARGET = 1.5  # a callback's wall time against the time inside its query functions
QUERY_MS_FLOOR = 0.1  # below this a callback is taken not to query (it reads a store)
ADMIN_USERNAME = "admin"
# Known passwords of the demo accounts in the benchmark's own (synthetic, throwaway) database.
ADMIN_PASSWORD = "bench-admin-password"  # noqa: S105
DEMO_USER_PASSWORD = "bench-demo-user-password"  # noqa: S105
CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')
ROUTER_OUTPUT = "_pages_content.children"
OK_STATUSES = (200, 204)
# What a browser reports for a dcc.Location when the page opens at ``path`` with no filters.
LOCATION_PROPS = ("pathname", "search", "hash", "href")


class BenchRequestFailed(RuntimeError):
    """A page or callback request answered something other than 200/204 (the run stops)."""


@dataclass(frozen=True)
class RequestTiming:
    """One timed request: wall time in ms (median, p90) and SQL it ran (ms, statements)."""

    kind: str  # "page", "layout" or "callback"
    name: str  # the path, or the callback's module and first output
    page: str  # the page path a callback was sent from; "-" for the shell's callbacks
    median_ms: float
    p90_ms: float
    sql_ms: float  # median over the timed calls of the summed cursor execute time
    statements: int  # SQL statements per call (the last timed call)
    status: int
    query_ms: float = 0.0  # median over the timed calls of the time inside query functions

    @property
    def query_ratio(self) -> float | None:
        """Wall time over time inside query-layer functions (None when it called none)."""
        return self.median_ms / self.query_ms if self.query_ms >= QUERY_MS_FLOOR else None


@dataclass
class _SqlMeter:
    """Sums the time spent in cursor executes on one engine while it is attached, and the
    time spent inside query-layer functions called by callbacks (see ``_attach_query_meter``)."""

    seconds: float = 0.0
    statements: int = 0
    query_seconds: float = 0.0
    depth: int = 0

    def reset(self) -> None:
        self.seconds, self.statements, self.query_seconds = 0.0, 0, 0.0


def _attach_meter(engine: Engine) -> tuple[_SqlMeter, Callable[[], None]]:
    meter = _SqlMeter()

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        meter.seconds += time.perf_counter() - conn.info["bench_started"].pop()
        meter.statements += 1

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)

    def detach() -> None:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)

    return meter, detach


def _timing_wrapper(fn: Callable[..., Any], meter: _SqlMeter) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        meter.depth += 1
        began = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            meter.depth -= 1
            if meter.depth == 0:  # only the outermost query function counts
                meter.query_seconds += time.perf_counter() - began

    # Keep what the function carries (a decorated query's ``__wrapped__`` stays the inner
    # function its module's code calls), not functools.wraps' pointer to ``fn`` itself.
    timed.__dict__.update(fn.__dict__)
    timed.__name__, timed.__qualname__ = fn.__name__, fn.__qualname__
    timed.__module__ = fn.__module__
    return timed


QUERY_PACKAGE = "data.queries"
CALLERS = ("callbacks", "dashboard", "layouts", QUERY_PACKAGE)
# Packages of the query layer that every subject builds on and that hold no query function.
SHARED_PACKAGES = ("plumbing", "contact_facts")


def _is_query_function(value: object) -> bool:
    """A public function of a public module of a subject of the query layer
    (``data.queries.subject.fn``, ``data.queries.subject.module.fn``)."""
    if not inspect.isfunction(value) or value.__name__.startswith("_"):
        return False
    module = value.__module__ or ""
    if not module.startswith(QUERY_PACKAGE + "."):
        return False
    parts = module.split(".")[2:]
    return parts[0] not in SHARED_PACKAGES and not any(part.startswith("_") for part in parts)


def _attach_query_meter(meter: _SqlMeter) -> Callable[[], None]:
    """Time every call into the query layer's public functions while attached.

    Callers hold query functions either as module attributes (``queries.x``) or as names
    imported into their own globals, and look them up when they run, so rebinding each such
    name in the query modules and in their callers measures every call a callback makes.
    Nested calls count once (the outermost).
    """
    replaced: list[tuple[ModuleType, str, Any]] = []
    wrappers: dict[int, Callable[..., Any]] = {}
    for name, module in list(sys.modules.items()):
        if module is None or not any(name == c or name.startswith(c + ".") for c in CALLERS):
            continue
        for attr, value in list(vars(module).items()):
            if _is_query_function(value):
                wrapper = wrappers.setdefault(id(value), _timing_wrapper(value, meter))
                replaced.append((module, attr, value))
                setattr(module, attr, wrapper)

    def detach() -> None:
        for module, attr, value in replaced:
            setattr(module, attr, value)

    return detach


def _timed(
    send: Callable[[], Any], meter: _SqlMeter, repeat: int, what: str
) -> tuple[float, float, float, int, int, float]:
    """Median and p90 wall ms, median SQL ms, statements, status and median ms inside query
    functions of ``repeat`` sends."""

    def once() -> Any:
        response = send()
        if response.status_code not in OK_STATUSES:
            body = response.get_data(as_text=True)[:500]
            raise BenchRequestFailed(f"{what} answered {response.status_code}: {body}")
        return response

    once()  # warm-up
    walls, sqls, queries = [], [], []
    status = 0
    for _ in range(repeat):
        meter.reset()
        began = time.perf_counter()
        status = once().status_code
        walls.append((time.perf_counter() - began) * 1000.0)
        sqls.append(meter.seconds * 1000.0)
        queries.append(meter.query_seconds * 1000.0)
    return (
        statistics.median(walls),
        p90(walls),
        statistics.median(sqls),
        meter.statements,
        status,
        statistics.median(queries),
    )


# --- the app and the session -------------------------------------------------------------


def bench_app(engine: Engine, instance_path: Path) -> Dash:
    """The whole app on ``engine`` with the query cache off and the demo accounts present."""
    settings = Settings(
        admin_password=ADMIN_PASSWORD,
        demo_user_password=DEMO_USER_PASSWORD,
        cache_seconds=0,
        instance_path=instance_path,
        secret_key=secrets.token_urlsafe(48),
        redis_url=None,
    )
    ensure_demo_users(engine, settings)
    app = create_app(settings=settings, engine=engine)
    freeze_startup_objects()  # as app.py and dashboard/wsgi.py do when they serve
    return app


def _post_login(client: FlaskClient) -> int:
    page = client.get("/login").get_data(as_text=True)
    match = CSRF_PATTERN.search(page)
    if not match:
        raise BenchRequestFailed("the login page has no CSRF token")
    response = client.post(
        "/login",
        data={
            "username": ADMIN_USERNAME,
            "password": ADMIN_PASSWORD,
            "csrf_token": match.group(1),
            "next": "/",
        },
    )
    return response.status_code


def signed_in_admin(app: Dash, engine: Engine) -> FlaskClient:
    """A test client signed in as the demo admin, as a browser signs in (GET then POST /login).

    An admin account left in the benchmark database with another password gets the
    benchmark's password (the database is the benchmark's own).
    """
    client = app.server.test_client()
    status = _post_login(client)
    if status != 302:
        reset_password(engine, ADMIN_USERNAME, ADMIN_PASSWORD, actor="bench")
        status = _post_login(client)
    if status != 302:
        raise BenchRequestFailed(f"signing in as {ADMIN_USERNAME} answered {status}")
    return client


def _headers() -> dict[str, str]:
    """What a browser adds to a callback POST from the app's own page."""
    return {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


# --- callback bodies as the renderer builds them on first load ---------------------------


def _id_key(component_id: object) -> str:
    """A component id as a dictionary key: the string, or sorted JSON for a dict id."""
    return (
        component_id if isinstance(component_id, str) else json.dumps(component_id, sort_keys=True)
    )


def _components(tree: object) -> Iterator[dict[str, Any]]:
    """Every serialised component (``{"type", "namespace", "props"}``) in a layout tree."""
    if isinstance(tree, list):
        for item in tree:
            yield from _components(item)
    elif isinstance(tree, dict):
        if "props" in tree and "type" in tree and "namespace" in tree:
            yield tree
            for value in tree["props"].values():
                yield from _components(value)
        else:
            for value in tree.values():
                yield from _components(value)


@dataclass
class FirstLoad:
    """The props of every component with an id, as the browser holds them on first load."""

    props: dict[str, dict[str, Any]]
    ids: dict[str, object]
    locations: frozenset[str]

    @classmethod
    def from_tree(cls, tree: object, path: str) -> FirstLoad:
        """Read the components of ``tree``; a dcc.Location reports the page at ``path``."""
        props: dict[str, dict[str, Any]] = {}
        ids: dict[str, object] = {}
        locations: set[str] = set()
        for component in _components(tree):
            component_id = component["props"].get("id")
            if component_id is None:
                continue
            values = dict(component["props"])
            if component["type"] == "Location":
                values.update(pathname=path, search="", hash="", href=f"http://localhost{path}")
                locations.add(_id_key(component_id))
            props[_id_key(component_id)] = values
            ids[_id_key(component_id)] = component_id
        return cls(props, ids, frozenset(locations))

    def merged(self, other: FirstLoad) -> FirstLoad:
        """These components and ``other``'s together (a page inside the shell)."""
        return FirstLoad(
            {**self.props, **other.props},
            {**self.ids, **other.ids},
            self.locations | other.locations,
        )

    def matching(self, spec_id: str) -> list[object]:
        """The ids a callback dependency ``spec_id`` names (a pattern may name several)."""
        if not spec_id.startswith("{"):
            return [spec_id] if spec_id in self.props else []
        pattern = json.loads(spec_id)
        found = []
        for component_id in self.ids.values():
            if not isinstance(component_id, dict) or set(component_id) != set(pattern):
                continue
            if all(v == ["ALL"] or component_id[k] == v for k, v in pattern.items()):
                found.append(component_id)
        if any(v in (["MATCH"], ["ALLSMALLER"]) for v in pattern.values()):
            raise NotImplementedError(
                f"MATCH/ALLSMALLER dependencies are not benchmarked: {spec_id}"
            )
        return found

    def has(self, dependency: dict[str, str]) -> bool:
        """True when the component a (non-pattern) dependency names is on the page."""
        return dependency["id"].startswith("{") or dependency["id"] in self.props

    def item(self, component_id: object, prop: str, with_value: bool) -> dict[str, Any]:
        """One dependency entry of a callback body, with the browser's value when it has one."""
        entry: dict[str, Any] = {"id": component_id, "property": prop}
        values = self.props.get(_id_key(component_id), {})
        if with_value and prop in values:
            entry["value"] = values[prop]
        return entry

    def entries(self, dependency: dict[str, str], with_value: bool) -> object:
        """A dependency as the renderer sends it: one entry, or a list for a pattern."""
        if dependency["id"].startswith("{"):
            return [
                self.item(cid, dependency["property"], with_value)
                for cid in self.matching(dependency["id"])
            ]
        return self.item(dependency["id"], dependency["property"], with_value)


def _outputs(output_key: str) -> list[dict[str, str]]:
    keys = output_key[2:-2].split("...") if output_key.startswith("..") else [output_key]
    outputs = []
    for key in keys:
        component_id, prop = key.rsplit(".", 1)
        outputs.append({"id": component_id, "property": prop})
    return outputs


def first_load_body(spec: dict[str, Any], page: FirstLoad) -> dict[str, Any]:
    """The /_dash-update-component body the renderer sends for ``spec`` when ``page`` opens.

    A dcc.Location reports its address when it mounts, so callbacks on one are sent with
    those props as changed; any other callback is an initial call (nothing changed).
    """
    outputs = [page.entries(o, with_value=False) for o in _outputs(spec["output"])]
    inputs = [page.entries(i, with_value=True) for i in spec["inputs"]]
    changed = [
        f"{i['id']}.{i['property']}"
        for i in spec["inputs"]
        if i["id"] in page.locations and i["property"] in LOCATION_PROPS
    ]
    return {
        "output": spec["output"],
        "outputs": outputs if spec["output"].startswith("..") else outputs[0],
        "inputs": inputs,
        "state": [page.entries(s, with_value=True) for s in spec["state"]],
        "changedPropIds": changed,
    }


def callback_name(app: Dash, spec: dict[str, Any]) -> str:
    """``module: first output (+n)`` for a callback, so the table says where it lives."""
    fn = app.callback_map.get(spec["output"], {}).get("callback")
    fn = getattr(fn, "__wrapped__", fn)
    module = getattr(fn, "__module__", "?")
    if module.startswith("dash."):
        module = "Dash pages router"
    outputs = _outputs(spec["output"])
    first = outputs[0]["id"]
    if first.startswith("{"):
        first = json.loads(first).get("type", first)
    more = f" (+{len(outputs) - 1})" if len(outputs) > 1 else ""
    return f"{module}: {first}.{outputs[0]['property']}{more}"


def server_callbacks(app: Dash, client: FlaskClient) -> list[dict[str, Any]]:
    """Every server-side callback the renderer knows (after the first request registered
    the pages router), as ``/_dash-dependencies`` lists them."""
    response = client.get("/_dash-dependencies")
    if response.status_code != 200:
        raise BenchRequestFailed(f"/_dash-dependencies answered {response.status_code}")
    return [spec for spec in app._callback_list if not spec.get("clientside_function")]


# --- the run ------------------------------------------------------------------------------


def run(engine: Engine, repeat: int) -> tuple[list[RequestTiming], list[str]]:
    """Time every page, the layout and every server-side callback; also what was skipped."""
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as instance:
        app = bench_app(engine, Path(instance))
        client = signed_in_admin(app, engine)
        meter, detach = _attach_meter(engine)
        detach_queries = _attach_query_meter(meter)
        try:
            return _run(app, client, meter, repeat, [p.path for p in PAGES])
        finally:
            detach_queries()
            detach()


def _run(
    app: Dash, client: FlaskClient, meter: _SqlMeter, repeat: int, paths: list[str]
) -> tuple[list[RequestTiming], list[str]]:
    results: list[RequestTiming] = []
    for path in paths:
        timing = _timed(lambda p=path: client.get(p), meter, repeat, f"GET {path}")
        results.append(RequestTiming("page", f"GET {path}", "-", *timing))
    layout = client.get("/_dash-layout")
    if layout.status_code != 200:
        raise BenchRequestFailed(f"/_dash-layout answered {layout.status_code}")
    timing = _timed(lambda: client.get("/_dash-layout"), meter, repeat, "/_dash-layout")
    results.append(RequestTiming("layout", "GET /_dash-layout", "-", *timing))

    specs = server_callbacks(app, client)
    router = next(s for s in specs if s["output"].startswith(f"..{ROUTER_OUTPUT}"))
    others = [s for s in specs if s is not router]
    shell_tree = layout.get_json()
    pages: dict[str, FirstLoad] = {}
    for path in paths:
        shell = FirstLoad.from_tree(shell_tree, path)
        body = first_load_body(router, shell)
        name = callback_name(app, router)
        results.append(RequestTiming("callback", name, path, *_send(client, body, meter, repeat)))
        content = client.post(CALLBACK_PATH, json=body, headers=_headers()).get_json()
        pages[path] = shell.merged(FirstLoad.from_tree(content["response"], path))

    shell_only = FirstLoad.from_tree(shell_tree, paths[0])
    skipped: list[str] = []
    for spec in others:
        name = callback_name(app, spec)
        if spec.get("prevent_initial_call"):
            skipped.append(f"{name}: runs only when the user acts (prevent_initial_call)")
            continue
        if all(shell_only.has(i) for i in spec["inputs"]):
            body = first_load_body(spec, shell_only)
            results.append(
                RequestTiming("callback", name, "-", *_send(client, body, meter, repeat))
            )
            continue
        opened = [path for path in paths if all(pages[path].has(i) for i in spec["inputs"])]
        if not opened:
            skipped.append(f"{name}: its inputs are on no page when it first opens")
        for path in opened:
            body = first_load_body(spec, pages[path])
            results.append(
                RequestTiming("callback", name, path, *_send(client, body, meter, repeat))
            )
    return results, skipped


def _send(
    client: FlaskClient, body: dict[str, Any], meter: _SqlMeter, repeat: int
) -> tuple[float, float, float, int, int, float]:
    def post() -> Any:
        return client.post(CALLBACK_PATH, json=body, headers=_headers())

    return _timed(post, meter, repeat, f"callback {body['output'][:80]}")


# --- the report ---------------------------------------------------------------------------


def too_slow(results: list[RequestTiming]) -> list[RequestTiming]:
    """Callbacks whose median reaches the 1 s limit (they fail the run)."""
    return [r for r in results if r.kind == "callback" and r.median_ms >= CALLBACK_LIMIT_MS]


def _ratio_cell(r: RequestTiming) -> str:
    ratio = r.query_ratio
    if r.kind != "callback" or ratio is None:
        return "-"
    return f"{ratio:.2f}" if ratio <= QUERY_RATIO_TARGET else f"**{ratio:.2f}**"


def report_lines(results: list[RequestTiming], skipped: list[str], repeat: int) -> list[str]:
    """The Markdown table of pages and callbacks (appended to the backend's section)."""
    callbacks = [r for r in results if r.kind == "callback"]
    over = [r for r in callbacks if r.median_ms >= CALLBACK_TARGET_MS]
    querying = [r for r in callbacks if r.query_ratio is not None]
    ratio_over = [r for r in querying if r.query_ratio > QUERY_RATIO_TARGET]  # type: ignore[operator]
    lines = [
        "",
        f"Pages and callbacks through the app (Flask test client, signed in as admin; "
        f"{repeat} timed requests after one warm-up; query cache off). Callbacks are sent "
        f"with the body the browser sends when the page first opens without filters. "
        f"Target: callback median < {CALLBACK_TARGET_MS:.0f} ms "
        f"({'all within' if not over else f'{len(over)} over'}); a median of "
        f"{CALLBACK_LIMIT_MS / 1000:.0f} s or more fails the run. SQL ms: time inside "
        f"cursor executes during the request (includes the session check). Query ms: time "
        f"inside the query-layer functions the callback called; x queries: median ms over "
        f"query ms, target at most {QUERY_RATIO_TARGET} "
        f"({len(querying) - len(ratio_over)} of {len(querying)} callbacks that query are "
        f"within it).",
        "",
        "| request | page | median ms | p90 ms | SQL ms | statements | query ms | x queries "
        "| < 500 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        within = (
            "-"
            if r.kind != "callback"
            else ("yes" if r.median_ms < CALLBACK_TARGET_MS else "**no**")
        )
        lines.append(
            f"| {r.name} | {r.page} | {r.median_ms:.1f} | {r.p90_ms:.1f} | {r.sql_ms:.1f} | "
            f"{r.statements} | {r.query_ms:.1f} | {_ratio_cell(r)} | {within} |"
        )
    if skipped:
        lines += ["", "Not timed (they do not run when a page first opens):", ""]
        lines += [f"- {line}" for line in skipped]
    return lines
