"""``python -m dashboard instruments``: add a program's own instrument, refuse bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from data.instruments import (
    BARC_10,
    InstrumentError,
    add_instrument,
    list_instruments,
    parse_definition,
)
from data.queries.outcomes import instrument_info

GOOD = {
    "code": "my_scale",
    "name": "My scale",
    "higher_is_better": False,
    "total_reliability": 0.85,
    "domains": [
        {"name": "Hope", "min_score": 0, "max_score": 10, "reliability": 0.8, "reference_sd": 2},
        {"name": "Home", "min_score": 0, "max_score": 5},
    ],
}


def test_add_from_json_and_csv(any_engine: Engine) -> None:
    add_instrument(any_engine, parse_definition(json.dumps(GOOD), "json"))
    csv = (
        "code,name,higher_is_better,domain,min_score,max_score,reliability\n"
        "csv_scale,CSV scale,true,Total,10,60,0.9\n"
    )
    add_instrument(any_engine, parse_definition(csv, "csv"))
    info = instrument_info(any_engine, "my_scale")
    assert info is not None and not info.higher_is_better
    assert [d.name for d in info.domains] == ["Hope", "Home"]
    assert info.score_range("Total") == (0, 15) and info.domains[0].reference_sd == 2.0
    assert set(list_instruments(any_engine).code) == {"my_scale", "csv_scale"}
    with pytest.raises(InstrumentError, match="already exists"):
        add_instrument(any_engine, parse_definition(json.dumps(GOOD), "json"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "Bad Code"}, "code must"),
        ({"domains": []}, "non-empty"),
        ({"total_reliability": 1.5}, "between 0 and 1"),
        ({"domains": [{"name": "A", "min_score": 5, "max_score": 5}]}, "min_score < max_score"),
        ({"domains": [{"name": "A", "min_score": 0, "max_score": 1}] * 2}, "same name"),
    ],
)
def test_bad_definitions_are_refused(change: dict, message: str) -> None:
    with pytest.raises(InstrumentError, match=message):
        parse_definition(json.dumps({**GOOD, **change}), "json")


def test_cli_add_and_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from dashboard.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    from data.db import make_engine
    from data.migrate import upgrade

    upgrade(make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}"))
    path = tmp_path / "scale.json"
    path.write_text(json.dumps(GOOD))
    assert main(["instruments", "add", str(path)]) == 0
    assert main(["instruments", "add", str(path)]) == 1
    assert main(["instruments", "list"]) == 0
    out = capsys.readouterr().out
    assert "added instrument my_scale" in out and "already exists" in out
    assert "my_scale" in out.splitlines()[-1]


def test_barc10_definition() -> None:
    assert BARC_10.total_range == (10, 60)
    assert BARC_10.domains[0].reliability == 0.90
    assert "Vilsaint" in BARC_10.reliability_source
