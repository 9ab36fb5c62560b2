"""STUB - friendly error pages with a reference id (issue 3)."""


def init_app(app, ctx) -> None:  # type: ignore[no-untyped-def]
    """Install error handlers."""
