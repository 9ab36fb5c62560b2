"""The shell's callbacks: filter bar <-> URL, navbar links, site options."""

from __future__ import annotations

import datetime as dt

from dash import no_update

from callbacks.filters import query_params, search_string, site_values
from callbacks.shell import nav_hrefs, site_options, sync_filters, update_filter_bar
from dashboard.pages import PAGES_BY_KEY
from layouts.ids import ShellIds as ids
from tests.callbacks.conftest import site_ids

TODAY = dt.date(2026, 11, 24)


def test_a_url_with_filters_sets_the_filter_bar():
    search, start, end, sites, store = sync_filters(
        "?start=2026-01-01&end=2026-06-30&sites=2,1", None, None, None, None, TODAY
    )
    assert search is no_update
    assert (start, end, sites) == ("2026-01-01", "2026-06-30", [2, 1])
    assert store == {"start": "2026-01-01", "end": "2026-06-30", "sites": [2, 1]}


def test_a_url_without_filters_shows_the_default_period():
    _search, start, end, sites, _store = sync_filters("", None, None, None, ids.URL, TODAY)
    assert (start, end, sites) == ("2025-12-01", "2026-11-24", [])


def test_changing_a_site_rewrites_the_query_string():
    search, start, end, sites, store = sync_filters(
        "?start=2026-01-01", "2026-01-01", "2026-03-31", [3], ids.FILTER_SITES, TODAY
    )
    assert search == "?start=2026-01-01&sites=3"
    assert (start, end, sites) == (no_update, no_update, no_update)
    assert store["sites"] == [3]


def test_changing_the_period_keeps_the_chosen_sites():
    search, *_rest = sync_filters(
        "?sites=2,1", "2026-02-01", "2026-03-31", [], ids.FILTER_PERIOD, TODAY
    )
    assert search == "?start=2026-02-01&end=2026-03-31&sites=2,1"


def test_a_control_echoing_the_url_leaves_it_alone():
    # The date picker reports the default period it was given; the sites must survive.
    search, *_rest = sync_filters(
        "?sites=3", "2025-12-01", "2026-11-24", [], ids.FILTER_PERIOD, TODAY
    )
    assert search is no_update


def test_an_unchanged_filter_leaves_the_url_alone():
    search, *_rest = sync_filters(
        "?start=2026-01-01&end=2026-03-31", "2026-01-01", "2026-03-31", [], ids.FILTER_PERIOD
    )
    assert search is no_update


def test_reset_clears_the_query_string():
    search, start, end, sites, _store = sync_filters(
        "?sites=1", "2026-01-01", "2026-03-31", [1], ids.FILTER_RESET, TODAY
    )
    assert (search, start, end, sites) == ("", "2025-12-01", "2026-11-24", [])


def test_navbar_links_keep_the_filters_and_nothing_else():
    link_ids = [ids.nav_link("overview"), ids.nav_link("caseloads")]
    hrefs = nav_hrefs("?sites=1,2&next=javascript:alert(1)&start=2026-01-01", link_ids)
    suffix = "?start=2026-01-01&sites=1,2"
    assert hrefs == [
        PAGES_BY_KEY["overview"].path + suffix,
        PAGES_BY_KEY["caseloads"].path + suffix,
    ]


def test_query_string_helpers_round_trip_and_drop_junk():
    assert query_params(search_string("2026-01-01", "2026-02-01", [1, 2])) == {
        "start": "2026-01-01",
        "end": "2026-02-01",
        "sites": "1,2",
    }
    assert site_values("1, x,2,,1") == [1, 2]
    assert site_values({"a": 1}) == []
    assert search_string(None, None, []) == ""


def test_site_options_are_the_users_sites(supervisor_ctx, admin_ctx):
    options, message = site_options(supervisor_ctx)
    assert message == ""
    assert [o["value"] for o in options] == [site_ids(supervisor_ctx.engine)[0]]
    all_options, _ = site_options(admin_ctx)
    assert sorted(o["value"] for o in all_options) == site_ids(admin_ctx.engine)


def test_site_options_for_nobody_are_empty(anonymous_ctx):
    options, message = site_options(anonymous_ctx)
    assert options == []
    assert message


def test_the_url_sends_the_site_options_with_the_sites_value(admin_ctx):
    first = site_ids(admin_ctx.engine)[0]
    result = update_filter_bar(f"?sites={first}", None, None, None, ids.URL, admin_ctx)
    sites, options = result[3], result[5]
    assert sites == [first]
    assert first in [o["value"] for o in options]


def test_a_filter_change_does_not_resend_the_options(admin_ctx):
    result = update_filter_bar("", "2026-01-01", "2026-02-01", [1], ids.FILTER_SITES, admin_ctx)
    assert result[0] == "?sites=1"
    assert result[5] is no_update and result[6] is no_update


def test_navbar_link_ids_from_a_hand_made_request_link_home_instead_of_failing():
    """A link id that names no page (int, list, unknown key) answers the Overview's address."""
    link_ids = [5, {"page": "no-such-page"}, {"page": ["ALL"]}, None, ids.nav_link("caseloads")]
    hrefs = nav_hrefs("?sites=1", link_ids)
    home = PAGES_BY_KEY["overview"].path + "?sites=1"
    assert hrefs == [home, home, home, home, PAGES_BY_KEY["caseloads"].path + "?sites=1"]
    assert nav_hrefs("", {"page": "overview"}) == []
