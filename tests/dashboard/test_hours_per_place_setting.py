"""HOURS_PER_PLACE_PER_MONTH: the query layer's default unless set, read from the environment,
and refused when it is not a positive number of hours a month."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dashboard.settings import Settings
from data.queries.workload import HOURS_PER_PLACE_PER_MONTH


def test_the_default_is_the_query_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOURS_PER_PLACE_PER_MONTH", "DASHBOARD_HOURS_PER_PLACE_PER_MONTH"):
        monkeypatch.delenv(name, raising=False)
    assert Settings().hours_per_place_per_month == pytest.approx(HOURS_PER_PLACE_PER_MONTH)


@pytest.mark.parametrize(
    "name", ["HOURS_PER_PLACE_PER_MONTH", "DASHBOARD_HOURS_PER_PLACE_PER_MONTH"]
)
def test_the_environment_sets_it(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "6.5")
    assert Settings().hours_per_place_per_month == 6.5


@pytest.mark.parametrize("value", ["0", "-2", "201", "two", "nan"])
def test_a_value_that_is_not_hours_a_month_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HOURS_PER_PLACE_PER_MONTH", value)
    with pytest.raises(ValidationError):
        Settings()
