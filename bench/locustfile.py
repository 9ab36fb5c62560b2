"""Locust users for ``bench/load.py``: signed-in supervisors opening pages and changing filters.

Runs in its own environment (``.venv-load``, made by ``bin/load``): Locust needs urllib3 2,
which the browser-test stack in ``.venv`` cannot have. It imports nothing from the project:
the callback bodies each page sends were prepared by ``bench/load.py`` (from what the browser
receives) into the JSON file named by ``LOAD_SCENARIOS``.
"""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
with open(os.environ["LOAD_SCENARIOS"], encoding="utf-8") as handle:
    PLAN = json.load(handle)


class Supervisor(HttpUser):
    """Signs in once, then opens a page with some filters, reads it, and moves on."""

    # A person reading the page before the next click (bench/load.py --pause, in seconds).
    wait_time = between(*(float(x) for x in os.environ.get("LOAD_PAUSE", "5-15").split("-")))

    def on_start(self) -> None:
        """Sign in through the form, as a browser does."""
        page = self.client.get("/login", name="GET /login").text
        token = CSRF.search(page)
        self.client.post(
            "/login",
            data={
                "username": PLAN["username"],
                "password": PLAN["password"],
                "csrf_token": token.group(1) if token else "",
                "next": "/",
            },
            headers={"Origin": self.host},
            allow_redirects=False,
            name="POST /login",
        )

    @task
    def open_a_page_with_filters(self) -> None:
        """The shell, the page's content and every callback the page sends when it opens."""
        scenario = random.choice(PLAN["scenarios"])
        self.client.get(scenario["url"], name=f"GET {scenario['path']}")
        headers = {"Origin": self.host, "Sec-Fetch-Site": "same-origin"}
        for name, body in scenario["callbacks"]:
            with self.client.post(
                "/_dash-update-component", json=body, headers=headers, name=name,
                catch_response=True,
            ) as response:  # fmt: skip
                if response.status_code not in (200, 204):
                    response.failure(f"status {response.status_code}")
