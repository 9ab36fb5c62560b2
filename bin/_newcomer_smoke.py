"""Sign in to a running dashboard as a newcomer would and check it answers; one line on failure.

Run by bin/check-newcomer with the throwaway virtualenv's Python, so it uses the standard
library only (the run extras hold no HTTP client):

    python bin/_newcomer_smoke.py http://127.0.0.1:PORT USERNAME  (password on standard input)

Checks, in order: /login answers with its form; the form signs the user in; the Overview page
and Dash's layout and dependencies load; one callback (the Overview's headline figures)
answers with a number for "contacts this month". Exit 0 when all pass, 1 with the failed step.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

OVERVIEW_FIGURE = "overview-contacts-month.children"


class SmokeFailure(Exception):
    """A step the newcomer would see fail."""


class Browser:
    """Cookies and same-origin headers, as the browser a person uses would send them."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: bytes | None = None, content_type: str = "") -> str:
        """The body of ``path`` (GET, or POST when ``data``); SmokeFailure unless it is 200."""
        headers = {"Origin": self.base, "Sec-Fetch-Site": "same-origin"}
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.base + path, data=data, headers=headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=60) as answer:
                return answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            raise SmokeFailure(f"{path} answered {error.code}") from None
        except OSError as error:
            raise SmokeFailure(f"{path} did not answer: {error}") from None


def sign_in(browser: Browser, username: str, password: str) -> None:
    """Fill in /login's form; fail unless it lands on a signed-in page."""
    form = browser.request("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    if not token:
        raise SmokeFailure("/login has no sign-in form")
    fields = {"username": username, "password": password, "csrf_token": token.group(1)}
    page = browser.request(
        "/login",
        urllib.parse.urlencode(fields).encode(),
        "application/x-www-form-urlencoded",
    )
    if 'name="csrf_token"' in page:
        raise SmokeFailure(f"signing in as {username} was refused")


def callback_body(dependencies: list[dict[str, Any]], output: str) -> dict[str, Any]:
    """The update request Dash's renderer sends for the callback drawing ``output``, with every
    input and state empty (the page's first load)."""
    for spec in dependencies:
        keys = spec["output"].strip(".").split("...")
        if output not in keys:
            continue
        outputs = [{"id": key.rsplit(".", 1)[0], "property": key.rsplit(".", 1)[1]} for key in keys]
        inputs = [{**item, "value": None} for item in spec["inputs"]]
        return {
            "output": spec["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs,
            "state": [{**item, "value": None} for item in spec["state"]],
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [],
        }
    raise SmokeFailure(f"no callback draws {output}")


def check(base: str, username: str, password: str) -> str:
    """Every step against ``base``; returns the Overview's contacts this month."""
    browser = Browser(base)
    sign_in(browser, username, password)
    if "_dash-config" not in browser.request("/"):
        raise SmokeFailure("the Overview page is not a Dash page")
    json.loads(browser.request("/_dash-layout"))
    dependencies = json.loads(browser.request("/_dash-dependencies"))
    body = json.dumps(callback_body(dependencies, OVERVIEW_FIGURE)).encode()
    answer = json.loads(browser.request("/_dash-update-component", body, "application/json"))
    contacts = answer.get("response", {}).get("overview-contacts-month", {}).get("children")
    if not re.fullmatch(r"[\d,]+", str(contacts)):
        raise SmokeFailure(f"the Overview's callback answered {str(answer)[:200]}")
    return str(contacts)


def main(argv: list[str]) -> int:
    """Run the checks; print one line either way."""
    base, username = argv[1], argv[2]
    password = sys.stdin.readline().rstrip("\n")
    try:
        contacts = check(base, username, password)
    except SmokeFailure as failure:
        print(f"newcomer check failed: {failure}", file=sys.stderr)
        return 1
    print(f"newcomer check: signed in as {username}; Overview answered ({contacts} contacts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
