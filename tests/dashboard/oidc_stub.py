"""A stub OpenID Connect provider that runs inside the test process, on 127.0.0.1.

It serves discovery, JWKS, /authorize and /token like a real provider: /authorize remembers
the nonce and the PKCE challenge and sends the browser back with a code and the state;
/token checks the client's credentials, the redirect URI and the PKCE verifier before it
returns an ID token signed with an RSA key generated here. Tests change ``login_as``
(who signs in at the provider), ``overrides`` (claims to tamper with) and ``sign_with``
(another key, for a forged signature).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "peer-mentoring-dashboard"
CLIENT_SECRET = "stub-client-secret-for-tests"
KEY_ID = "stub-key-1"


def _new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of ``verifier`` (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class StubProvider:
    """A running stub provider: ``url`` is its issuer; ``close()`` stops it."""

    def __init__(self) -> None:
        self.key = _new_key(KEY_ID)
        self.other_key = _new_key(KEY_ID)  # same kid, different key: a forged signature
        self.hits: list[str] = []
        self.reset()
        self.app = self._build_app()
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def reset(self) -> None:
        """Forget what the previous test set up."""
        self.login_as = ""
        self.overrides: dict[str, Any] = {}
        self.sign_with: RSAKey | None = None
        self.codes: dict[str, dict[str, str]] = {}
        self.hits.clear()

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._thread.join(timeout=5)

    # --- the provider's endpoints -----------------------------------------------------

    def _build_app(self) -> Flask:
        app = Flask("stub_oidc_provider")
        app.add_url_rule("/.well-known/openid-configuration", "discovery", self._discovery)
        app.add_url_rule("/jwks", "jwks", self._jwks)
        app.add_url_rule("/authorize", "authorize", self._authorize)
        app.add_url_rule("/token", "token", self._token, methods=["POST"])
        return app

    def _discovery(self) -> Response:
        self.hits.append("discovery")
        return jsonify(
            issuer=self.url,
            authorization_endpoint=f"{self.url}/authorize",
            token_endpoint=f"{self.url}/token",
            jwks_uri=f"{self.url}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
            token_endpoint_auth_methods_supported=["client_secret_basic"],
        )

    def _jwks(self) -> Response:
        self.hits.append("jwks")
        return jsonify(keys=[self.key.as_dict(private=False)])

    def _authorize(self) -> Any:
        self.hits.append("authorize")
        args = request.args
        problems = [
            args.get("response_type") != "code",
            args.get("client_id") != CLIENT_ID,
            "openid" not in args.get("scope", "").split(),
            args.get("code_challenge_method") != "S256",
            not args.get("code_challenge"),
            not args.get("state"),
            not args.get("nonce"),
        ]
        if any(problems):
            return jsonify(error="invalid_request"), 400
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": args["nonce"],
            "challenge": args["code_challenge"],
            "redirect_uri": args["redirect_uri"],
            "email": self.login_as,
        }
        query = urlencode({"code": code, "state": args["state"]})
        return redirect(f"{args['redirect_uri']}?{query}")

    def _token(self) -> Any:
        self.hits.append("token")
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (CLIENT_ID, CLIENT_SECRET):
            return jsonify(error="invalid_client"), 401
        form = request.form
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or form.get("redirect_uri") != grant["redirect_uri"]
            or pkce_challenge(form.get("code_verifier", "")) != grant["challenge"]
        ):
            return jsonify(error="invalid_grant"), 400
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "sub": f"stub-{grant['email']}",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "email": grant["email"],
            "email_verified": True,
        }
        claims.update(self.overrides)
        key = self.sign_with or self.key
        id_token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)
        return jsonify(
            access_token=secrets.token_urlsafe(16),
            token_type="Bearer",
            expires_in=300,
            id_token=id_token,
        )
