"""Every setting is documented in docs/configuration.md (the datasette habit: docs tests keep)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented(name: str) -> None:
    text = DOC.read_text()
    assert f"`{name.upper()}`" in text, f"{name.upper()} is missing from docs/configuration.md"


def test_no_undocumented_extra_settings_in_doc() -> None:
    import re

    documented = set(re.findall(r"^\| `([A-Z_]+)`", DOC.read_text(), flags=re.M))
    assert documented == {name.upper() for name in Settings.model_fields}
