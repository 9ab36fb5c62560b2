"""The import page's callbacks called directly: admins only, check then import, bad input."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from callbacks import data_import as cb
from dashboard.import_uploads import UploadTicket
from dashboard.settings import Settings
from data import schema as s
from data.filters import AccessScope
from data.services.users import add_user, disable_user, get_user_id
from layouts.ids.data_import import ImportIds as ids
from tests.callbacks.conftest import ADMIN, make_ctx
from tests.data.importing.support import count, import_templates, table_rows, template_path
from tests.fixtures_app import sign_in
from tests.support import callback_body, same_origin_headers

SUPERVISOR = AccessScope(role="supervisor", site_ids=frozenset({1}), username="supervisor")


def _data_url(path: Path) -> str:
    return "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode()


def as_admin(ctx, engine: Engine, signed: str) -> str:  # type: ignore[no-untyped-def]
    """``signed`` (a ticket from a check made outside a request, so naming no user) signed
    again for an admin account of ``engine``: the job imports only for a current admin."""
    admin_id = (
        get_user_id(engine, "admin")
        or add_user(engine, "admin", "admin", password="admin-password-for-tests-1")[0].id
    )
    store = cb.upload_store(ctx)
    upload = store.open(signed)
    return store.sign(replace(upload, username="admin", user_id=admin_id))


class Progress:
    """Collects what the background job reports."""

    def __init__(self) -> None:
        self.seen: list[tuple] = []

    def __call__(self, value: tuple) -> None:
        self.seen.append(value)


def test_only_admins_see_kinds_templates_and_checks(engine: Engine, settings: Settings) -> None:
    ctx = make_ctx(engine, settings, SUPERVISOR)
    assert cb.kind_choices(ctx, "contacts") == ([], None, "")
    assert cb.template_file(ctx, "import-template-csv", "sites") is None
    result = cb.check_upload(ctx, _data_url(template_path("sites")), "sites.csv", "sites", False)
    assert result[4] is None and "Only admins" in str(result[7])
    ticket = Progress()
    assert "Upload a file first" in str(cb.run_import(ctx, ticket, None, False))


def test_admin_checks_then_imports_with_progress(engine: Engine, settings: Settings) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    options, chosen, help_text = cb.kind_choices(ctx, "sites")
    assert {"label": "Sites", "value": "sites"} in options and "first" in help_text
    assert chosen == "sites" and cb.kind_choices(ctx, {"$ne": 1})[1] == "contacts"
    download = cb.template_file(ctx, "import-template-xlsx", "mentors")
    assert download["filename"] == "mentors_template.xlsx" and download["base64"]
    columns, rows, problems, summary, ticket, disabled, note, alert = cb.check_upload(
        ctx, _data_url(template_path("sites")), "sites.csv", "sites", False
    )
    assert [c["field"] for c in columns] == ["row", "site_code", "site_name"]
    assert rows[0] == {"row": "2", "site_code": "RIV", "site_name": "Riverside"}
    assert problems == [] and not disabled and alert is None and "2 rows" in note
    assert "2 new" in str(summary) and count(engine, s.Site) == 0  # checking writes nothing
    progress = Progress()
    view = cb.run_import(ctx, progress, as_admin(ctx, engine, ticket), False)
    assert "2 new, 0 updated, 0 unchanged" in str(view)
    assert progress.seen[-1] == ("100", "100 %: done") and count(engine, s.Site) == 2


def test_problems_are_listed_and_nothing_is_imported(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    import_templates(engine)
    ctx = make_ctx(engine, settings, ADMIN)
    bad = tmp_path / "contacts.csv"
    bad.write_text(
        "contact_id,match_id,date,minutes,mode,contact_type\n"
        "C-1,MT-1,2025-03-04,60,phone,other\n"
        "C-2,MT-404,2025-03-04,60,phone,other\n"
    )
    *_, problems, summary, ticket, disabled, _note, _alert = cb.check_upload(
        ctx, _data_url(bad), "contacts.csv", "contacts", False
    )[:8]
    assert [(p["row"], p["column"], p["reason"]) for p in problems] == [
        (3, "match_id", "unknown match 'MT-404'")
    ]
    assert "1 problems in 1 of 2 rows" in str(summary) and not disabled
    ticket = as_admin(ctx, engine, ticket)
    refused = cb.run_import(ctx, Progress(), ticket, False)
    assert "nothing was imported" in str(refused) and count(engine, s.Contact) == 0
    partial = cb.run_import(ctx, Progress(), ticket, True)
    assert "1 new" in str(partial) and count(engine, s.Contact) == 1


@pytest.mark.parametrize(
    ("contents", "name", "message"),
    [
        ("not a data url", "x.csv", "Choose a CSV"),
        ("data:text/csv;base64,@@@@", "x.csv", "damaged"),
        ("data:text/csv;base64," + base64.b64encode(b"a,b\n").decode(), "x.exe", "Only CSV"),
        ("data:text/csv;base64," + "A" * 8_000_000, "x.csv", "larger than 5 MB"),
    ],
)
def test_bad_uploads_get_a_clear_message(
    engine: Engine, settings: Settings, contents: str, name: str, message: str
) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    result = cb.check_upload(ctx, contents, name, "sites", False)
    assert message in str(result[7]) and result[4] is None


def test_a_forged_or_stale_ticket_is_refused(engine: Engine, settings: Settings) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    for ticket in ("forged", 5, ["x"], "a" * 5000):
        assert "not known" in str(cb.run_import(ctx, Progress(), ticket, False)) or "Upload" in str(
            cb.run_import(ctx, Progress(), ticket, False)
        )
    store = cb.upload_store(ctx)
    with pytest.raises(cb.UploadRefused):
        store.path("../../etc/passwd")


def _admins_ticket(app, engine: Engine) -> str:  # type: ignore[no-untyped-def]
    """A ticket for the sites template, signed as the demo admin's check would sign it."""
    ctx = app.server.extensions["peer_mentoring"]
    store = cb.upload_store(ctx)
    token, name = store.save(_data_url(template_path("sites")), "sites.csv")
    admin_id = get_user_id(engine, "admin")
    return store.sign(UploadTicket(token, name, "sites", False, "admin", admin_id, "127.0.0.1"))


@pytest.mark.parametrize("role", ["viewer", "supervisor"])
def test_a_narrower_role_cannot_start_an_admins_import(
    small_app, small_client_for, small_engine: Engine, role: str
) -> None:
    """The import job has no sign-in of its own: the request that starts it is checked."""
    ticket = _admins_ticket(small_app, small_engine)
    body = callback_body(small_app, cb.RUN_OUTPUT, {f"{ids.TICKET}.data": ticket})
    client = small_client_for(role)
    before = table_rows(small_engine, s.Site), count(small_engine, s.AuditEvent)
    answer = client.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert answer.status_code == 403 and "Only admins" in answer.get_json()["message"]
    assert (table_rows(small_engine, s.Site), count(small_engine, s.AuditEvent)) == before


def test_another_admins_ticket_is_refused(small_app, small_engine) -> None:  # type: ignore[no-untyped-def]
    add_user(small_engine, "second-admin", "admin", password="second-admin-password-1")
    ticket = _admins_ticket(small_app, small_engine)
    body = callback_body(small_app, cb.RUN_OUTPUT, {f"{ids.TICKET}.data": ticket})
    client = small_app.server.test_client()
    assert sign_in(client, "second-admin", "second-admin-password-1") == 302
    answer = client.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert answer.status_code == 403 and "someone else" in answer.get_json()["message"]
    assert count(small_engine, s.Site) == 2


def _sites_ticket(ctx, engine: Engine, admin: str, ip: str = "") -> tuple[str, UploadTicket]:  # type: ignore[no-untyped-def]
    """A new admin account ``admin`` and a signed ticket for the sites template, as that
    admin's check from ``ip`` would issue it; and the ticket itself."""
    admin_id = add_user(engine, admin, "admin", password=f"{admin}-password-for-tests-1")[0].id
    store = cb.upload_store(ctx)
    token, name = store.save(_data_url(template_path("sites")), "sites.csv")
    upload = UploadTicket(token, name, "sites", False, admin, admin_id, ip)
    return store.sign(upload), upload


def test_the_job_refuses_a_ticket_whose_admin_is_no_longer_one(
    engine: Engine, settings: Settings
) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    ticket, upload = _sites_ticket(ctx, engine, "leaving")
    disable_user(engine, "leaving")
    assert "Only admins" in str(cb.run_import(ctx, Progress(), ticket, False))
    forged_user = cb.upload_store(ctx).sign(replace(upload, username="x", user_id=None))
    assert "Only admins" in str(cb.run_import(ctx, Progress(), forged_user, False))
    assert count(engine, s.Site) == 0


def test_the_import_is_audited_with_the_checking_admins_address(
    engine: Engine, settings: Settings
) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    ticket, _upload = _sites_ticket(ctx, engine, "importer", "10.1.2.3")
    assert "2 new" in str(cb.run_import(ctx, Progress(), ticket, False))
    with engine.connect() as conn:
        event = conn.execute(
            select(s.AuditEvent.username, s.AuditEvent.ip_address).where(
                s.AuditEvent.event == "import"
            )
        ).one()
    assert tuple(event) == ("importer", "10.1.2.3")


def test_an_excel_upload_is_checked_and_imported(engine: Engine, settings: Settings) -> None:
    """Uploads are stored as <token>.upload: the Excel reader must not go by the extension."""
    ctx = make_ctx(engine, settings, ADMIN)
    download = cb.template_file(ctx, "import-template-xlsx", "sites")
    contents = "data:application/vnd.ms-excel;base64," + download["content"]
    _c, rows, problems, _s, _ticket, disabled, note, alert = cb.check_upload(
        ctx, contents, "sites.xlsx", "sites", False
    )
    assert alert is None and problems == [] and not disabled and "2 rows" in note
    assert rows[0]["site_code"] == "RIV"


WIDE = ",".join(f"c{i}" for i in range(5000)) + "\n" + ",".join("x" * 1 for _ in range(5000))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'site_code,site_name\nA,"never closed\nB,ok\n', "a quoted value is never closed"),
        (WIDE.encode(), "5,000 columns"),
    ],
)
def test_files_the_reader_gives_up_on_are_explained(
    engine: Engine, settings: Settings, data: bytes, message: str
) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    result = cb.check_upload(ctx, contents, "f.csv", "sites", False)
    assert message in str(result[7]) and result[4] is None and result[5] is True


def test_a_file_with_headings_only_offers_no_import(engine: Engine, settings: Settings) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    contents = "data:text/csv;base64," + base64.b64encode(b"site_code,site_name\n").decode()
    *_, summary, _ticket, disabled, _note, _alert = cb.check_upload(
        ctx, contents, "f.csv", "sites", False
    )
    assert disabled is True and "no rows: nothing to import" in str(summary)


def test_a_utf16_csv_is_read(engine: Engine, settings: Settings) -> None:
    ctx = make_ctx(engine, settings, ADMIN)
    data = "site_code,site_name\nRIV,Riverside\n".encode("utf-16")
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    _c, rows, problems, _s, _t, disabled, note, alert = cb.check_upload(
        ctx, contents, "f.csv", "sites", False
    )
    assert alert is None and problems == [] and not disabled and "1 rows" in note
    assert rows == [{"row": "2", "site_code": "RIV", "site_name": "Riverside"}]
