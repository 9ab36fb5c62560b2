"""The sign-in package's types and constants: the signed-in principal, the refusal a page
raises, the state one app keeps. Every other module of ``dashboard.auth`` imports this one;
it imports none of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Engine

from dashboard.settings import Settings
from data.services.sessions import SessionStore
from data.services.throttle import SignInThrottler
from data.services.users import UserInfo

EXTENSION_KEY = "peer_mentoring_auth"
# Pages that show mentees one by one: every opening is written to the audit trail.
MENTEE_PAGES = frozenset({"caseloads", "notes"})
# Roles that see identities (and exact counts).
IDENTITY_ROLES = frozenset({"admin", "supervisor"})
SESSION_ID_KEY = "sid"  # the cookie's key for the raw session id
FAILED_MESSAGE = "Sign-in failed: check your username and password."
ADDRESS_LIMIT_MESSAGE = "Too many failed sign-ins from here. Try again later."
END_REASONS = {
    "idle": "You were signed out after a while without activity.",
    "expired": "Your session reached its time limit. Please sign in again.",
    "ended": "Your session has ended. Please sign in again.",
    "signed_out": "You have signed out.",
}


class PageForbidden(PermissionError):
    """The signed-in user's role may not use this page (or nobody is signed in)."""


class AppServices(Protocol):
    """What sign-in needs of the app's services (``dashboard.context.AppContext`` has it)."""

    settings: Settings
    engine: Engine


@dataclass
class SignedInUser(UserMixin):
    """The Flask-Login user object: a snapshot of the user's row for this request."""

    info: UserInfo

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session."""
        return str(self.info.id)

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Disabled users are never signed in."""
        return self.info.is_active


@dataclass
class AuthState:
    """What the sign-in machinery of one app needs: its services, sessions and throttle."""

    ctx: AppServices
    store: SessionStore
    throttle: SignInThrottler
    public_endpoints: frozenset[str] = field(default_factory=frozenset)
    stylesheets: tuple[str, ...] = ()
    sso_label: str = ""  # label of the single sign-on button; "" when SSO is not configured


def auth_state() -> AuthState:
    """The sign-in state of the app serving this request."""
    return current_app.extensions[EXTENSION_KEY]
