"""App-level fixtures: an app built on the demo data, and signed-in clients per role.

(Owned by the access-control work; until then a minimal version.)
"""

from __future__ import annotations

import pytest
from dash import Dash
from sqlalchemy import Engine

from dashboard import create_app
from dashboard.settings import Settings


@pytest.fixture
def demo_app(demo_engine: Engine, settings: Settings) -> Dash:
    """A fresh app over the shared small demo database."""
    return create_app(settings=settings, engine=demo_engine)
