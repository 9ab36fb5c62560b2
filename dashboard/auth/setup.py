"""Installing sign-in on one app: the secret key, Flask-Login, the routes and the guard."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask import Flask
from flask_login import LoginManager

from dashboard.auth.base import EXTENSION_KEY, AppServices, AuthState
from dashboard.auth.guard import guard_request
from dashboard.auth.login import login_view, logout_view
from dashboard.auth.secret_key import instance_secret_key
from dashboard.auth.sessions import load_user
from data.services.sessions import make_store
from data.services.throttle import SignInThrottler, ThrottlePolicy


def init_app(app: Dash, ctx: AppServices) -> None:
    """Install the secret key, Flask-Login, the sign-in routes and the default-deny guard."""
    server: Flask = app.server
    settings = ctx.settings
    server.secret_key = settings.secret_key or instance_secret_key(settings.instance_path)
    prefix = app.config.routes_pathname_prefix
    public = {
        "login",
        "logout",
        "_dash_assets.static",
        f"{prefix}_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
        f"{prefix}_favicon.ico",
    }
    window = settings.lockout_minutes * 60
    assets = Path(app.config.assets_folder)
    stylesheets = tuple(f"/assets/{p.name}" for p in sorted(assets.glob("*.css")))
    sso_enabled = bool(settings.oidc_issuer)
    if sso_enabled:
        # Imported only when configured: without OIDC_ISSUER, Authlib is never loaded.
        from dashboard.auth import sso

        public |= sso.PUBLIC_ENDPOINTS
    server.extensions[EXTENSION_KEY] = AuthState(
        ctx=ctx,
        store=make_store(
            ctx.engine,
            settings.redis_url,
            settings.idle_timeout_minutes,
            settings.session_lifetime_hours,
        ),
        throttle=SignInThrottler(
            ctx.engine,
            ThrottlePolicy(
                pair_max_failures=settings.login_max_failures,
                pair_max_backoff_seconds=settings.lockout_minutes * 60,
                account_ceiling=settings.login_account_ceiling,
                address_ceiling=max(20, 4 * settings.login_max_failures),
                address_window_seconds=window,
            ),
        ),
        public_endpoints=frozenset(public),
        stylesheets=stylesheets,
        sso_label=settings.oidc_button_label if sso_enabled else "",
    )
    manager = LoginManager()
    manager.init_app(server)
    manager.user_loader(load_user)
    server.add_url_rule("/login", "login", login_view, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", logout_view, methods=["GET", "POST"])
    if sso_enabled:
        sso.init_app(server, ctx)
    server.before_request(guard_request)
