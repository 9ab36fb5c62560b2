"""Engine options: PostgreSQL sessions run without JIT compilation unless the URL asks for it
(compiling cost 200-450 ms on queries that run in tens of ms at the large scale)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from data.db import postgres_connect_args


def test_jit_is_turned_off_and_other_options_kept():
    assert postgres_connect_args({}) == {"options": "-c jit=off"}
    assert postgres_connect_args({"options": "-c work_mem=8MB"}) == {
        "options": "-c work_mem=8MB -c jit=off"
    }


def test_a_url_that_sets_jit_keeps_its_own_setting():
    assert postgres_connect_args({"options": "-c jit=on"}) == {}
    assert postgres_connect_args({"options": ("-c jit=on", "-c work_mem=8MB")}) == {}


def test_sessions_on_the_server_run_without_jit(any_engine: Engine):
    if any_engine.dialect.name != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with any_engine.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar() == "off"
