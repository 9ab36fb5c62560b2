"""Single sign-on through OpenID Connect: an organisation's provider vouches for a staff member.

Installed by ``dashboard.auth.setup.init_app`` only when ``OIDC_ISSUER`` is set, so without it this
module is never imported and nothing is fetched. With it, the sign-in page shows a button
that starts the authorization-code flow (PKCE S256, state and nonce kept in the signed session
cookie by Authlib). The provider's discovery document and keys are fetched at the first
sign-in, not at start-up.

``/login/oidc/callback`` checks the state, exchanges the code, and validates the ID token:
signature against the provider's JWKS, issuer, audience (our client id), expiry and nonce.
It then signs in the EXISTING user whose username equals the configured claim (lower-cased).
Nobody is created here: roles and sites stay managed in the dashboard. An unknown or disabled
user gets the same "Sign-in failed" message as a wrong password; a locked account stays
locked. Every outcome is written to the audit trail (``sign_in`` / ``sign_in_failed`` with a
detail starting "sso").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from joserfc.errors import JoseError

from dashboard.auth import clock
from dashboard.auth.base import ADDRESS_LIMIT_MESSAGE, FAILED_MESSAGE, AppServices, auth_state
from dashboard.auth.login import render_login, safe_next
from dashboard.auth.principal import client_ip, current_user_info
from dashboard.auth.sessions import start_session
from data.services import sign_in
from data.services.moments import utc_naive
from data.services.users import get_user

log = logging.getLogger(__name__)

EXTENSION_KEY = "peer_mentoring_sso"
CLIENT_NAME = "oidc"
START_PATH = "/login/oidc"
CALLBACK_PATH = "/login/oidc/callback"
START_ENDPOINT = "login_oidc"
CALLBACK_ENDPOINT = "login_oidc_callback"
# The sign-in guard lets these through: both are reached before anyone is signed in.
PUBLIC_ENDPOINTS = frozenset({START_ENDPOINT, CALLBACK_ENDPOINT})
SCOPE = "openid email profile"
NEXT_KEY = "sso_next"
HTTP_TIMEOUT_SECONDS = 10
# Asymmetric signatures only: "none" and HMAC (keyed with the client secret) are refused.
SIGNING_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
UNAVAILABLE_MESSAGE = "Single sign-on is not available right now. Please try again later."
# What can go wrong talking to the provider or checking its answer.
PROVIDER_ERRORS = (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError)


class SsoRefused(Exception):
    """The provider's answer does not sign anyone in; ``detail`` goes to the audit trail."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


@dataclass
class SsoState:
    """The registered OpenID client and the settings the callback needs."""

    ctx: AppServices
    client: Any  # authlib's FlaskOAuth2App
    issuer: str
    client_id: str
    username_claim: str


def _state() -> SsoState:
    return current_app.extensions[EXTENSION_KEY]


def discovery_url(issuer: str) -> str:
    """The provider's discovery document for ``issuer`` (OpenID Connect Discovery 1.0)."""
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _metadata(state: SsoState) -> dict[str, Any]:
    """The provider's discovery document, fetched at first use; checked once per process."""
    metadata: dict[str, Any] = state.client.load_server_metadata()
    if not metadata.get("_checked"):
        announced = str(metadata.get("issuer", ""))
        if announced.rstrip("/") != state.issuer.rstrip("/"):
            # A discovery document naming another issuer is a misconfiguration or an attack.
            raise SsoRefused("sso: discovery document names another issuer")
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        metadata["id_token_signing_alg_values_supported"] = [
            alg for alg in offered if alg in SIGNING_ALGORITHMS
        ] or ["RS256"]
        metadata["_checked"] = True
    return metadata


def _limiter_blocked() -> bool:
    return auth_state().throttle.address_held(client_ip(), clock.now())


def _address_limited() -> ResponseReturnValue:
    """Too many failed sign-ins from this address: audited, answered 429."""
    sign_in.record_refusal(_state().ctx.engine, "sso: address limit", client_ip())
    return render_login(ADDRESS_LIMIT_MESSAGE, 429)


def _refuse(
    detail: str,
    username: str = "",
    user_id: int | None = None,
    message: str = FAILED_MESSAGE,
) -> ResponseReturnValue:
    """Count and record one failed single sign-on; show ``message`` on the sign-in page."""
    ip = client_ip()
    auth_state().throttle.address_failure(ip, clock.now())
    sign_in.record_refusal(_state().ctx.engine, detail, ip, username, user_id)
    log.warning("single sign-on refused: %s", detail)  # never the claim value
    return render_login(message, 401)


def start_view() -> ResponseReturnValue:
    """GET /login/oidc: send the browser to the provider (authorization code with PKCE)."""
    if current_user_info() is not None:
        return redirect(safe_next(request.args.get("next")))
    if _limiter_blocked():
        return _address_limited()
    state = _state()
    try:
        _metadata(state)
        session[NEXT_KEY] = safe_next(request.args.get("next"))
        return state.client.authorize_redirect(url_for(CALLBACK_ENDPOINT, _external=True))
    except (SsoRefused, *PROVIDER_ERRORS) as exc:
        log.warning("single sign-on unavailable: %s", type(exc).__name__)
        return render_login(UNAVAILABLE_MESSAGE, 503)


def _verified_username(state: SsoState) -> str:
    """The username the provider vouches for, after every check of its answer."""
    metadata = _metadata(state)
    claims_options = {
        "iss": {"essential": True, "value": metadata["issuer"]},
        "aud": {"essential": True, "value": state.client_id},
    }
    token = state.client.authorize_access_token(claims_options=claims_options)
    claims = token.get("userinfo")
    if not claims:  # no ID token, or no nonce to check it against
        raise SsoRefused("sso: no id token")
    if state.username_claim == "email" and claims.get("email_verified") is False:
        raise SsoRefused("sso: e-mail address not verified by the provider")
    value = claims.get(state.username_claim)
    if not isinstance(value, str) or not value.strip():
        raise SsoRefused(f"sso: no {state.username_claim[:40]} claim")
    return value.strip().lower()[:80]


def callback_view() -> ResponseReturnValue:
    """GET /login/oidc/callback: validate the provider's answer, sign in an existing user."""
    if _limiter_blocked():
        return _address_limited()
    state = _state()
    try:
        username = _verified_username(state)
    except SsoRefused as exc:
        return _refuse(exc.detail)
    except PROVIDER_ERRORS as exc:
        # The class name only: messages of these errors may quote the token's claims.
        return _refuse(f"sso: invalid response ({type(exc).__name__})")
    at = clock.now()
    engine = state.ctx.engine
    account = sign_in.find_account(engine, username)
    if account is None:
        return _refuse("sso: unknown user")  # what the provider sent is not stored
    user = account.info
    if not user.is_active:
        return _refuse("sso: unknown user", username, user.id)
    if user.locked_until is not None and user.locked_until > utc_naive(at):
        # Held by the account ceiling (data.services.throttle): the same answer as any refusal.
        return _refuse("sso: locked account", username, user.id)
    sign_in.record_sso_sign_in(engine, user.id, at, client_ip())
    info = get_user(engine, user.id)
    assert info is not None
    target = safe_next(session.get(NEXT_KEY))
    start_session(info, at)  # clears Authlib's state data and NEXT_KEY too
    return redirect(target)


def init_app(server: Flask, ctx: AppServices) -> None:
    """Register the OpenID client and the two single sign-on routes (no network here)."""
    settings = ctx.settings
    assert settings.oidc_issuer, "sso.init_app needs OIDC_ISSUER"
    if not settings.oidc_client_id:
        raise ValueError("OIDC_ISSUER is set but OIDC_CLIENT_ID is not.")
    client_kwargs: dict[str, Any] = {
        "scope": SCOPE,
        "code_challenge_method": "S256",
        "default_timeout": HTTP_TIMEOUT_SECONDS,
    }
    if not settings.oidc_client_secret:
        # A public client (PKCE only); "none" names an auth method, not a password.
        client_kwargs["token_endpoint_auth_method"] = "none"  # noqa: S105
    oauth = OAuth(server)
    client = oauth.register(
        CLIENT_NAME,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=discovery_url(settings.oidc_issuer),
        client_kwargs=client_kwargs,
    )
    server.extensions[EXTENSION_KEY] = SsoState(
        ctx=ctx,
        client=client,
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        username_claim=settings.oidc_username_claim,
    )
    server.add_url_rule(START_PATH, START_ENDPOINT, start_view, methods=["GET"])
    server.add_url_rule(CALLBACK_PATH, CALLBACK_ENDPOINT, callback_view, methods=["GET"])
