"""The Audit trail's export: the page of events the table shows, its columns and headers,
formula-looking text escaped, itself written to the trail; admins only."""

from __future__ import annotations

import base64
import io

import pandas as pd
import pytest
from dash import no_update
from sqlalchemy import Engine, select

from callbacks import audit as cb
from callbacks.exports import export_table
from callbacks.filters import FORBIDDEN_MESSAGE
from dashboard.settings import Settings
from data.filters import AccessScope
from data.schema import AuditEvent
from data.services.audit import record
from layouts.audit import COLUMNS, PAGE_SIZE
from tests.callbacks.conftest import ADMIN, ScopedContext, make_ctx

FAILED = 55  # failed sign-ins: a full first page and five on the second


@pytest.fixture
def trail(engine: Engine) -> Engine:
    for i in range(FAILED):
        record(engine, "sign_in_failed", f"user{i}", None, "", "=cmd|' /C calc'!A0", "10.0.0.1")
    for _ in range(3):
        record(engine, "sign_in", "admin", None, "", "", "127.0.0.1")
    return engine


@pytest.fixture
def admin(trail: Engine, settings: Settings) -> ScopedContext:
    return make_ctx(trail, settings, ADMIN)


def _export(ctx: ScopedContext, query: object, fmt: str = "csv") -> tuple[object, str]:
    return export_table(ctx, cb.page_frame, cb.AUDIT_EXPORT, "audit", "trail", fmt, query)  # type: ignore[arg-type]


def test_the_export_is_the_page_the_table_shows(admin: ScopedContext) -> None:
    rows, pages, current, _summary, alert = cb.event_page(
        admin, {}, "sign_in_failed", None, 2, new_filter=False
    )
    assert (alert, pages, current, len(rows)) == (None, 2, 2, FAILED - PAGE_SIZE)
    query = cb.export_query({}, "sign_in_failed", None, current)
    data, message = _export(admin, query)
    assert message == f"Exported {FAILED - PAGE_SIZE} rows."
    text = base64.b64decode(data["content"]).decode("utf-8-sig")  # type: ignore[index]
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(table.columns) == [c["headerName"] for c in COLUMNS]
    fields = [c["field"] for c in COLUMNS]
    grid = [[str(r[f] or "") for f in fields] for r in rows]
    for line in grid:
        line[fields.index("detail")] = "'" + line[fields.index("detail")]  # escaped in the file
    assert table.values.tolist() == grid
    assert set(table["Detail"]) == {"'=cmd|' /C calc'!A0"}
    with admin.engine.connect() as conn:
        last = conn.execute(
            select(AuditEvent.event, AuditEvent.target, AuditEvent.detail)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).one()
    assert tuple(last) == ("export", "audit:trail", "format=csv rows=5 columns=6 all sites")


def test_the_first_page_in_xlsx_and_odd_queries_fall_back_to_it(admin: ScopedContext) -> None:
    rows, *_ = cb.event_page(admin, {}, None, None, 1, new_filter=True)
    data, message = _export(admin, cb.export_query({}, None, None, 1), "xlsx")
    assert message == f"Exported {PAGE_SIZE} rows."
    sheet = pd.read_excel(io.BytesIO(base64.b64decode(data["content"])), dtype=str)  # type: ignore[index]
    assert sheet["When (UTC)"].tolist() == [r["occurred_at"] for r in rows]
    for odd in ({"page": "2; drop"}, {"page": True, "event": ["x"]}, {"page": 10**9}, None, "x"):
        _data, message = _export(admin, odd)
        assert message == f"Exported {PAGE_SIZE} rows."


def test_only_admins_may_export_the_trail(trail: Engine, settings: Settings) -> None:
    supervisor = AccessScope(
        role="supervisor", site_ids=frozenset({1}), see_identities=True, username="sup"
    )
    for scope in (supervisor, None):
        data, message = _export(make_ctx(trail, settings, scope), {"page": 1})
        assert data is no_update and message == FORBIDDEN_MESSAGE
    with trail.connect() as conn:
        assert conn.scalar(select(AuditEvent.id).where(AuditEvent.event == "export")) is None


def test_the_rows_callback_keeps_the_export_query_and_refusals_keep_none(
    admin: ScopedContext, trail: Engine, settings: Settings
) -> None:
    answer = cb.page_and_export_query(admin, {"sites": "1"}, "sign_in", "admin", 1, True)
    assert len(answer[0]) == 3
    assert answer[5] == {"start": None, "end": None, "sites": "1", "event": "sign_in",
                         "username": "admin", "page": 1}  # fmt: skip
    viewer = make_ctx(trail, settings, AccessScope(role="meeting_viewer", username="v"))
    refused = cb.page_and_export_query(viewer, {}, "sign_in_failed", None, 1, True)
    assert refused[0] == [] and refused[4] is not None and refused[5] is None
