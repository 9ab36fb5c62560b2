"""Engine options: PostgreSQL sessions run without JIT compilation (compiling cost 200-450 ms on
queries that run in tens of ms at the large scale) and price random page reads for cached
data, unless the URL sets them itself."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from data.db import postgres_connect_args

DEFAULTS = "-c jit=off -c random_page_cost=1.1"


def test_jit_is_turned_off_random_pages_priced_for_cache_and_other_options_kept():
    assert postgres_connect_args({}) == {"options": DEFAULTS}
    assert postgres_connect_args({"options": "-c work_mem=8MB"}) == {
        "options": f"-c work_mem=8MB {DEFAULTS}"
    }


def test_a_url_that_sets_a_setting_keeps_its_own():
    assert postgres_connect_args({"options": "-c jit=on"}) == {
        "options": "-c jit=on -c random_page_cost=1.1"
    }
    assert postgres_connect_args({"options": ("-c jit=on", "-c random_page_cost=4")}) == {}


def test_sessions_on_the_server_run_without_jit(any_engine: Engine):
    if any_engine.dialect.name != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with any_engine.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar() == "off"
        assert conn.execute(text("SHOW random_page_cost")).scalar() == "1.1"
