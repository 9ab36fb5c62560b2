"""An admin uploads a file on the import page, sees its first rows and its problems, imports
it with the progress bar, and finds the new figures on the Overview without a restart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dash.testing.wait import until

from data import clock
from layouts.ids import OverviewIds
from layouts.ids.data_import import ImportIds as ids
from tests.conftest import TEST_ADMIN_PASSWORD
from tests.data.importing.support import import_templates
from tests.support import browser_login

pytestmark = pytest.mark.browser


def this_months_contacts() -> str:
    """Four contacts on days of this month up to today (data.clock's), one of an unknown match:
    three reach the Overview's "contacts this month" on whatever day the test runs."""
    today = clock.today()

    def day(offset: int) -> dt.date:
        return today.replace(day=1) + dt.timedelta(days=min(offset, today.day - 1))

    return (
        "contact_id,match_id,date,time,minutes,mode,contact_type\n"
        f"B-1,MT-1,{day(1)},10:00,60,in_person,practical_living_skills\n"
        f"B-2,MT-404,{day(2)},10:00,30,phone,emotional_support\n"
        f"B-3,MT-1,{day(8)},19:30,20,phone,crisis_call\n"
        f"B-4,MT-1,{day(15)},11:00,45,video,emotional_support\n"
    )


def _click(dash_duo, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Scroll ``selector`` into view and click it (in the page, so a sticky bar or a grid that
    is still growing cannot take the click)."""
    element = dash_duo.find_element(selector)
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element
    )


def test_upload_preview_problems_import_and_overview(dash_duo, small_app, small_engine, tmp_path):
    import_through_the_page(dash_duo, small_app, small_engine, tmp_path)


def import_through_the_page(dash_duo, app, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The whole story in the browser; the import runs on ``app``'s background manager."""
    import_templates(engine)
    upload = tmp_path / "this_months_contacts.csv"
    upload.write_text(this_months_contacts(), encoding="utf-8")

    dash_duo.start_server(app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + "/")
    dash_duo.wait_for_text_to_equal(f"#{OverviewIds.CONTACTS_MONTH}", "0")

    dash_duo.wait_for_page(dash_duo.server_url + "/admin/import")
    dash_duo.wait_for_text_to_equal("h1", "Import data")
    dash_duo.wait_for_contains_text(f"#{ids.KIND_HELP}", "meeting, call or message")
    dash_duo.find_element(f"#{ids.UPLOAD} input[type=file]").send_keys(str(Path(upload)))

    # The preview shows the first rows; the problem is listed with its row and reason.
    dash_duo.wait_for_contains_text(f"#{ids.PREVIEW_GRID}", "B-3")
    dash_duo.wait_for_contains_text(f"#{ids.PROBLEMS_GRID}", "unknown match 'MT-404'")
    dash_duo.wait_for_contains_text(f"#{ids.CHECK_SUMMARY}", "1 problems in 1 of 4 rows")
    assert "this_months_contacts.csv: 4 rows" in dash_duo.find_element(f"#{ids.FILE_NOTE}").text

    _click(dash_duo, f"#{ids.SKIP_INVALID}")
    until(lambda: dash_duo.find_element(f"#{ids.RUN}").is_enabled(), timeout=10)
    _click(dash_duo, f"#{ids.RUN}")
    dash_duo.wait_for_contains_text(f"#{ids.RESULT}", "3 new, 0 updated", timeout=60)
    assert dash_duo.find_element(f"#{ids.PROGRESS}").get_attribute("value") == "100"
    assert "100 %" in dash_duo.find_element(f"#{ids.PROGRESS_TEXT}").text
    assert "1 row was set aside" in dash_duo.find_element(f"#{ids.RESULT}").text

    _click(dash_duo, f"#{ids.RESULT} a[href='/']")
    dash_duo.wait_for_text_to_equal(f"#{OverviewIds.CONTACTS_MONTH}", "3", timeout=20)
    assert dash_duo.get_logs() == []
