"""``python -m dashboard settings``: the settings in force, secrets hidden."""

from __future__ import annotations

import argparse

from sqlalchemy.engine import make_url

from dashboard.settings import Settings

SECRET_FIELDS = frozenset(
    {"secret_key", "admin_password", "demo_user_password", "oidc_client_secret", "smtp_password"}
)


def add_arguments(_parser: argparse.ArgumentParser) -> None:
    """The ``settings`` sub-command takes no arguments."""


def run(_args: argparse.Namespace, settings: Settings) -> int:
    """Print every setting, its value (secrets as "(set)") and its description."""
    for name, info in Settings.model_fields.items():
        value = getattr(settings, name)
        if name in SECRET_FIELDS and value:
            value = "(set)"
        if name == "database_url" and value:
            value = make_url(value).render_as_string(hide_password=True)
        print(f"{name:>22} = {value!s:<40} {info.description or ''}")
    return 0
