"""STUB - security headers, CSP and CSRF checks (issue 3)."""


def init_app(app, ctx) -> None:  # type: ignore[no-untyped-def]
    """Install security headers and cross-site request checks."""
