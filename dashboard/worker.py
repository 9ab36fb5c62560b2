"""The Celery worker for background jobs when ``REDIS_URL`` is set (see dashboard.background).

    celery -A dashboard.worker worker --loglevel=INFO --concurrency=1

Builds the app once, from the same environment as the web server (DATABASE_URL, REDIS_URL,
INSTANCE_PATH, SECRET_KEY), so its background callbacks are registered as Celery tasks.
"""

from __future__ import annotations

from dashboard import create_app
from dashboard.background import celery_app_for
from dashboard.settings import load_settings

settings = load_settings()
dash_app = create_app(settings)
celery = celery_app_for(settings)
