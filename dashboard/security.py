"""Security headers, the Content Security Policy, cookie flags and cross-site request checks.

The CSP allows scripts from this server plus the hashes of Dash's own inline scripts
(``app.csp_hashes()``, read per response since Dash adds scripts at the first request); no
``unsafe-eval``. Plotly needs inline styles and ``data:`` images. Every unsafe method
(POST, PUT, PATCH, DELETE) coming from another site is refused with 403, judged by the
``Sec-Fetch-Site`` and ``Origin`` headers a browser sets and page scripts cannot forge.

Development-only endpoints (Dash's ``/_reload-hash`` for hot reload, Jupyter's ``/_alive_*``)
answer 404 unless debug is on, and no response names the server software or its version: the
development server runs with :class:`BannerlessRequestHandler` (``python app.py``) and gunicorn
(from version 22 on) sends a bare ``Server: gunicorn`` with no version.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dash import Dash
from flask import Flask, Response, abort, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.serving import WSGIRequestHandler

from dashboard.context import AppContext

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/_favicon.ico")
DEV_ONLY_ENDPOINTS = ("_reload-hash", "_alive_")  # Dash's hot reload, Jupyter's liveness


class BannerlessRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler without the ``Server: Werkzeug/x Python/y`` header."""

    def send_header(self, keyword: str, value: str) -> None:
        """Send every header but ``Server``."""
        if keyword.lower() == "server":
            return
        super().send_header(keyword, value)


def is_dev_only(endpoint: str | None, prefix: str = "/") -> bool:
    """True for the endpoints Dash adds for development only (hot reload, Jupyter)."""
    name = (endpoint or "").removeprefix(prefix)
    return name.startswith(DEV_ONLY_ENDPOINTS)


def content_security_policy(script_hashes: list[str]) -> str:
    """The CSP header value: self-hosted everything, scripts limited to self and the hashes."""
    scripts = " ".join(["'self'", *script_hashes])  # Dash's hashes come quoted
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def is_cross_site() -> bool:
    """True when this request was sent by a page of another site (a forged request).

    Requests without either header (curl, scripts, very old browsers) are not cross-site
    forgeries: a browser always sends at least one of them on an unsafe request.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.lower() not in ALLOWED_FETCH_SITES:
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    # Compare host and port only: behind a TLS-terminating proxy the scheme seen here differs.
    return urlsplit(origin).netloc.lower() != request.host.lower()


def _refuse_cross_site() -> ResponseReturnValue | None:
    if request.method in UNSAFE_METHODS and is_cross_site():
        return jsonify({"message": "Refused: this request came from another site."}), 403
    return None


def init_app(app: Dash, ctx: AppContext) -> None:
    """Install cookie flags, the cross-site check and the security headers on every response."""
    server: Flask = app.server
    server.config.update(
        SESSION_COOKIE_NAME="pmd_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=ctx.settings.cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=ctx.settings.cookie_secure,
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
    )
    # First in line: a forged request is refused before the sign-in guard or any callback.
    server.before_request_funcs.setdefault(None, []).insert(0, _refuse_cross_site)
    if not ctx.settings.debug:
        prefix = app.config.routes_pathname_prefix

        def _hide_dev_endpoints() -> None:
            if is_dev_only(request.endpoint, prefix):
                abort(404)

        server.before_request_funcs[None].insert(0, _hide_dev_endpoints)
    policies: dict[tuple[str, ...], str] = {}

    def current_policy() -> str:
        # Read on every response, not once at start-up: Dash adds inline scripts (the page
        # title script of its pages router) at the first request, and each needs its hash.
        hashes = tuple(app.csp_hashes())
        if hashes not in policies:
            policies[hashes] = content_security_policy(list(hashes))
        return policies[hashes]

    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", current_policy())
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if ctx.settings.cookie_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.path.startswith(STATIC_PREFIXES):
            # Pages, layouts and callback answers may carry program data: never kept by caches.
            headers.setdefault("Cache-Control", "no-store")
        return response

    server.after_request(add_headers)
