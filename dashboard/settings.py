"""One Settings object read from the environment, with safe defaults for the embedded demo.

Every setting is documented here (the ``description`` is the help text) and in
docs/configuration.md; ``tests/dashboard/test_settings_documented.py`` fails when the two
drift apart. Each is read from its name in upper case, with or without a ``DASHBOARD_`` prefix.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, AliasGenerator, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(field_name: str) -> AliasChoices:
    """A setting is read from its plain variable name (``DATABASE_URL`` for ``database_url``)
    or the prefixed one (``DASHBOARD_DATABASE_URL``)."""
    name = field_name.upper()
    return AliasChoices(name, f"DASHBOARD_{name}")


class Settings(BaseSettings):
    """What the app reads from its environment. Unset means the embedded SQLite demo."""

    model_config = SettingsConfigDict(
        extra="ignore",
        populate_by_name=True,
        alias_generator=AliasGenerator(validation_alias=_env),
    )

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Unset: an SQLite demo database in the instance folder, "
        "created and filled with synthetic data on first run. PostgreSQL: "
        "postgresql+psycopg://user:password@host:5432/dbname",
    )
    redis_url: str | None = Field(
        default=None,
        description="redis://host:6379/0 to share the query cache between gunicorn "
        "workers (entries signed with SECRET_KEY), to keep the server-side session records "
        "there, and to run imports on Celery workers (celery -A dashboard.worker worker). "
        "Unset: an in-process cache, sessions in the database, imports in a child process.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Signs session cookies. Unset: generated once into instance/secret_key.",
    )
    instance_path: Path = Field(
        default=PROJECT_ROOT / "instance",
        description="Folder for the demo database, the generated secret key and caches.",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address `python app.py` listens on.",
    )
    port: int = Field(default=8050, description="Port `python app.py` uses.")
    debug: bool = Field(
        default=False,
        description="Dash debug mode (tracebacks in the browser). Never in production.",
    )
    demo_scale: str = Field(
        default="small",
        description="Size of the demo data created on first run: small, medium or large.",
    )
    demo_seed: int = Field(default=7, description="Seed of the demo data.")
    admin_password: str | None = Field(
        default=None,
        description="Password of the demo's first admin. Unset: generated and printed once.",
    )
    demo_user_password: str | None = Field(
        default=None,
        description="Password of the demo's supervisor and meeting viewer. Unset: generated "
        "and printed once.",
    )
    small_cell_min: int = Field(
        default=5,
        ge=1,
        description="Counts of mentees below this (but above zero) are hidden from meeting "
        "viewers, so that nobody can be recognised from a small number on a shared screen.",
    )
    meeting_day: int = Field(
        default=1,
        ge=1,
        le=28,
        description="Day of the month the mentors' consultation meeting is held. Meeting mode "
        "opens on the last complete month; before this day, on the month before that.",
    )
    follow_up_baseline_days: int = Field(
        default=30,
        ge=0,
        le=365,
        description="The baseline assessment is due within this many days of intake.",
    )
    follow_up_interval_months: int = Field(
        default=6,
        ge=1,
        le=24,
        description="A follow-up assessment is due every this many months after intake.",
    )
    follow_up_window_days: int = Field(
        default=30,
        ge=0,
        le=180,
        description="A follow-up (or exit) assessment counts as on time within this many "
        "days either side of its due date.",
    )
    follow_up_at_exit: bool = Field(
        default=True,
        description="Whether an assessment is due when a mentee leaves the program.",
    )
    idle_timeout_minutes: int = Field(
        default=30,
        ge=1,
        description="A signed-in user who does nothing this long is signed out.",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Failed sign-ins in a row for one username from one client address "
        "before that pair is slowed down (a back-off from 1 minute, doubling each time).",
    )
    lockout_minutes: int = Field(
        default=15,
        ge=1,
        description="Longest back-off for one (username, client address) pair after too "
        "many failed sign-ins from that address (the back-off doubles up to this).",
    )
    login_account_ceiling: int = Field(
        default=50,
        ge=1,
        description="Failed sign-ins for one username, from all addresses together, since its "
        "last successful sign-in; at this many the username is held for 24 hours or until an "
        "admin lifts it (`python -m dashboard users unlock NAME`).",
    )
    session_lifetime_hours: float = Field(
        default=12,
        gt=0,
        description="Absolute lifetime of a signed-in session: after this many hours the "
        "person signs in again, however active they were.",
    )
    cookie_secure: bool = Field(
        default=False,
        description="Send session cookies over HTTPS only. Turn on behind TLS.",
    )
    trusted_proxies: int = Field(
        default=0,
        ge=0,
        le=5,
        description="How many reverse proxies in front of the app set X-Forwarded-For and "
        "X-Forwarded-Proto (1 behind one nginx). 0: the connection's address is the client's. "
        "Sign-in throttling, the audit trail and sessions use the client address it gives; "
        "set it only when every request comes through those proxies.",
    )
    cache_seconds: int = Field(
        default=300,
        ge=0,
        description="How long query results are cached (keyed by filters, access scope and "
        "data version). 0 turns the cache off.",
    )

    # --- the Workload page ----------------------------------------------------------
    hours_per_place_per_month: float = Field(
        default=2 * 52 / 12,  # about two hours a week: data.queries.workload's default
        gt=0,
        le=200,
        description="Workload: the hours of direct service a month that one place in a "
        "mentor's caseload stands for (more than 0, at most 200; default about two hours a "
        "week, 8.67). The Workload page draws direct-service hours against capacity x this, "
        "per mentor or per site.",
    )

    # --- the attention list: thresholds of its items -----------------------------
    attention_no_contact_days: int = Field(
        default=14,
        ge=1,
        le=365,
        description="Attention list: a matched mentee with no contact for this many days.",
    )
    attention_waiting_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Attention list: a mentee waiting for a mentor longer than this many days.",
    )
    attention_new_match_days: int = Field(
        default=14,
        ge=1,
        le=90,
        description="Attention list: a new match (in its first three months) with no contact "
        "yet this many days after it started.",
    )

    # --- the weekly digest by email ------------------------------------------------
    smtp_host: str | None = Field(
        default=None,
        description="Mail server for the weekly digest. Unset: no email is ever sent.",
    )
    smtp_port: int = Field(
        default=587,
        ge=1,
        le=65535,
        description="Port of the mail server (587 for STARTTLS submission).",
    )
    smtp_user: str | None = Field(
        default=None,
        description="Username at the mail server. Unset: no SMTP authentication.",
    )
    smtp_password: str | None = Field(
        default=None,
        description="Password at the mail server (never printed).",
    )
    smtp_starttls: bool = Field(
        default=True,
        description="Upgrade the SMTP connection with STARTTLS before signing in and sending.",
    )
    digest_from: str = Field(
        default="Peer Mentoring Dashboard <dashboard@localhost>",
        description="The digest's From address.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8050",
        description="The dashboard's address as people open it; the digest links there.",
    )

    oidc_issuer: str | None = Field(
        default=None,
        description="Single sign-on: the OpenID Connect issuer URL (its discovery document is "
        "ISSUER/.well-known/openid-configuration). Unset: password sign-in only, and nothing "
        "is fetched.",
    )
    oidc_client_id: str | None = Field(
        default=None,
        description="Single sign-on: the client id this dashboard is registered under at the "
        "provider.",
    )
    oidc_client_secret: str | None = Field(
        default=None,
        description="Single sign-on: the client secret from the provider. Unset: a public "
        "client (PKCE only).",
    )
    oidc_username_claim: str = Field(
        default="email",
        description="Single sign-on: the ID-token claim whose value (lower-cased) must equal "
        "an existing dashboard username.",
    )
    oidc_button_label: str = Field(
        default="Sign in with your organisation",
        description="Single sign-on: the label of the sign-in page's button.",
    )

    @property
    def is_demo(self) -> bool:
        """True when no DATABASE_URL is set: the app runs on its embedded SQLite demo."""
        return not self.database_url

    @property
    def effective_database_url(self) -> str:
        """The URL actually used: DATABASE_URL, or the instance folder's demo SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance_path / 'demo.sqlite3'}"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; keyword overrides win (used by tests)."""
    return Settings(**overrides)
