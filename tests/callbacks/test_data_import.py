"""The import page's callbacks called directly: admins only, check then import, bad input."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sqlalchemy import Engine

from callbacks import data_import as cb
from dashboard.settings import Settings
from data import schema as s
from data.filters import AccessScope
from tests.callbacks.conftest import ADMIN, make_ctx
from tests.data.importing.support import count, import_templates, template_path

SUPERVISOR = AccessScope(role="supervisor", site_ids=frozenset({1}), username="supervisor")


def _data_url(path: Path) -> str:
    return "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode()


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
    view = cb.run_import(ctx, progress, ticket, False)
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
