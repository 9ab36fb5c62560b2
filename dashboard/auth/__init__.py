"""Sign-in, sessions, roles and site scope: who is asking, and may they.

One ``before_request`` guard on the Flask server denies by default: only the login page, the
sign-out route, Dash's component files, the assets folder and Dash's favicon are public;
everything else (pages, ``/_dash-layout``, ``/_dash-dependencies``, ``/_dash-update-component``)
needs a signed-in, active user whose session is current.

Modules, each importing only those above it in this list:

- ``base``: types and constants (the signed-in principal, ``PageForbidden``, the app's state)
- ``clock``: the one clock sessions and lockouts read (tests set it)
- ``principal``: who is asking, their role and access scope, from the server-side session
- ``sessions``: a request's session, started at sign-in and checked on every request
- ``login``: the sign-in and sign-out routes; ``sso``: single sign-on (only when configured)
- ``guard``: the default-deny request guard and the guard around each page
- ``secret_key``: the instance's secret key; ``setup``: ``init_app`` installs all of it

What is stored (users, session records, throttle counters, the audit trail) is written by
``data.services``; this package decides and talks to the browser. The names below are what
the rest of the app uses.
"""

from __future__ import annotations

from dashboard.auth import clock
from dashboard.auth.base import (
    EXTENSION_KEY,
    SESSION_ID_KEY,
    AuthState,
    PageForbidden,
    SignedInUser,
    auth_state,
)
from dashboard.auth.guard import guard_layout
from dashboard.auth.principal import (
    client_ip,
    current_role,
    current_rounding,
    current_user_info,
    current_username,
    scope_for_page,
)
from dashboard.auth.secret_key import instance_secret_key
from dashboard.auth.sessions import end_session, record_event, session_store, start_session
from dashboard.auth.setup import init_app

__all__ = [
    "EXTENSION_KEY",
    "SESSION_ID_KEY",
    "AuthState",
    "PageForbidden",
    "SignedInUser",
    "auth_state",
    "client_ip",
    "clock",
    "current_role",
    "current_rounding",
    "current_user_info",
    "current_username",
    "end_session",
    "guard_layout",
    "init_app",
    "instance_secret_key",
    "record_event",
    "scope_for_page",
    "session_store",
    "start_session",
]
