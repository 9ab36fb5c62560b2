"""gunicorn settings for the Peer Mentoring Dashboard (``bin/serve`` uses this file).

Every value can be changed from the environment without editing this file:

    BIND              address:port to listen on (default 127.0.0.1:8050: behind a reverse
                      proxy on the same host; use 0.0.0.0:8050 only on a private network)
    WEB_CONCURRENCY   worker processes (default 2: one per core of a 2-core machine)
    GUNICORN_THREADS  threads per worker (default 4: callbacks mostly wait on the database)
    GUNICORN_TIMEOUT  seconds before a stuck request's worker is replaced (default 60)
    GUNICORN_PIDFILE  where the master writes its pid (default instance/gunicorn.pid), for
                      graceful reload: kill -HUP "$(cat instance/gunicorn.pid)"
    GUNICORN_LOGLEVEL gunicorn's own log level (default warning; the app logs separately)
    ACCESS_LOG        "-" for stdout, a file path, or unset for no access log

The master checks the database (and Redis) once before starting workers; when it cannot
reach them it prints one line and exits 2 (see dashboard/wsgi.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import gunicorn.http.wsgi as gunicorn_wsgi

_instance = Path(
    os.environ.get("INSTANCE_PATH")
    or os.environ.get("DASHBOARD_INSTANCE_PATH")
    or Path(__file__).resolve().parent / "instance"
)

wsgi_app = "dashboard.wsgi:server"
bind = [
    os.environ.get("BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replace each worker after a while, so that no worker's memory grows without bound.
max_requests = 2000
max_requests_jitter = 200
pidfile = os.environ.get("GUNICORN_PIDFILE") or str(_instance / "gunicorn.pid")
Path(pidfile).parent.mkdir(parents=True, exist_ok=True)
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
errorlog = "-"
accesslog = os.environ.get("ACCESS_LOG") or None
# The path only (%(U)s), never the query string: filters can name mentors and mentees.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# Trust X-Forwarded-* only from a reverse proxy on this host.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Every answer names no server software or version (gunicorn sends "Server: gunicorn" and has
# no setting for it; workers inherit this from the master). A reverse proxy adds its own.
gunicorn_wsgi.SERVER = "peer-mentoring-dashboard"


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    """In the master, once: check the database and Redis, or exit 2 with one line."""
    from dashboard.wsgi import ServeRefused, check_before_serving

    try:
        accounts = check_before_serving()
    except ServeRefused as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        if getattr(server, "pidfile", None) is not None:
            server.pidfile.unlink()
        raise SystemExit(2) from None
    for username, role, password in accounts:
        shown = password if password else "(from the environment)"
        print(f"created {role} account '{username}' with password: {shown}", flush=True)


def when_ready(server) -> None:  # type: ignore[no-untyped-def]
    """Say where the dashboard listens, once the master is ready."""
    print(
        f"Peer Mentoring Dashboard: http://{bind[0]}/ ({workers} workers x {threads} threads, "
        f"pid {os.getpid()}; reload: kill -HUP $(cat {pidfile}))",
        flush=True,
    )
