"""A small HTTP client on http.client: cookies, form posts and the CSRF token, one per thread."""
from __future__ import annotations

import http.client
import re
import time
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: str, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


class Client:
    """One browser: its own connection and cookie jar."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> Response:
        headers = {"Accept-Language": "sv"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            raw = self.connection.getresponse()
            content = raw.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # the server closed a kept connection: one retry on a fresh one
            self.connection.request(method, path, body=body, headers=headers)
            raw = self.connection.getresponse()
            content = raw.read()
        seconds = time.perf_counter() - start
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if raw.will_close:
            self.connection.close()
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()},
                        content.decode("utf-8", "replace"), seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, Any]) -> Response:
        return self.request("POST", path, form)

    def close(self) -> None:
        self.connection.close()


def token_of(html: str) -> str:
    """Return the CSRF token a page carries."""
    match = TOKEN.search(html)
    if not match:
        raise RuntimeError("the page carries no CSRF token")
    return match.group(1) or match.group(2)


def version_of(html: str) -> str:
    match = VERSION.search(html)
    if not match:
        raise RuntimeError("the step page carries no version")
    return match.group(1)


def expect(response: Response, *statuses: int) -> Response:
    if response.status not in statuses:
        raise RuntimeError(f"HTTP {response.status}, expected {statuses}: {response.body[:300]}")
    return response
