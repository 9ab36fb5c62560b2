"""Entry point: ``python app.py`` serves the dashboard; ``server`` is the WSGI app for gunicorn.

With DATABASE_URL unset it creates an SQLite demo database with synthetic data on first run.
Under gunicorn (``gunicorn app:server``) the database must exist and be migrated.
"""

from __future__ import annotations

import functools
import logging
import sys

from dashboard import create_app
from dashboard.bootstrap import prepare_database
from dashboard.heap import freeze_startup_objects
from dashboard.security import BannerlessRequestHandler
from dashboard.settings import load_settings
from data import clock
from data.db import DatabaseUnavailable

log = logging.getLogger("dashboard")


def main() -> int:
    """Prepare the database, print where to go, serve until stopped. Exit 2 if the DB fails."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = load_settings()
    try:
        clock.today()  # a DASHBOARD_TODAY that is not a date stops here, in one line
        prepared = prepare_database(settings)
    except (DatabaseUnavailable, clock.ClockSettingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for username, role, password in prepared.new_accounts:
        shown = password if password else "(from the environment)"
        print(f"created {role} account '{username}' with password: {shown}")
    if prepared.new_accounts:
        print("These passwords are shown once; change them with `python -m dashboard users`.")
    app = create_app(settings=settings, engine=prepared.engine)
    freeze_startup_objects()
    print(f"Peer Mentoring Dashboard: http://{settings.host}:{settings.port}/", flush=True)
    app.run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,
        request_handler=BannerlessRequestHandler,  # no "Server: Werkzeug/x Python/y" banner
    )
    return 0


@functools.cache
def _wsgi_server():  # type: ignore[no-untyped-def]
    settings = load_settings()
    try:
        prepared = prepare_database(settings)
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        # 4 is gunicorn's "app failed to load": its master stops instead of restarting the
        # worker forever. Production uses bin/serve (gunicorn.conf.py checks once, exits 2).
        raise SystemExit(4) from None
    server = create_app(settings=settings, engine=prepared.engine).server
    freeze_startup_objects()
    return server


if __name__ == "__main__":
    raise SystemExit(main())


# gunicorn app:server — built lazily so that `python app.py` does not build the app twice.
def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name == "server":
        return _wsgi_server()
    raise AttributeError(name)
