"""A small keep-alive HTTP client with a cookie jar: one per simulated tablet."""

import http.client
import json
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Tablet:
    """One device: one persistent connection, its session cookie and CSRF token."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """Send a request; return (status, body bytes, seconds taken)."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # reconnect on the next request, as a browser would
            raise
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data, elapsed

    def json(self, method: str, path: str, payload: dict):
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        return self.request(method, path, json.dumps(payload).encode(), headers)

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the real login form, then keep the page's CSRF token."""
        _, page, _ = self.request("GET", "/login")
        token = CSRF_FIELD.search(page.decode())[1]
        form = urlencode({"csrf_token": token, "email": email, "password": password}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _, _ = self.request("POST", "/login", form, headers)
        if status != 302:
            raise RuntimeError(f"sign-in failed for {email}: HTTP {status}")
        _, page, _ = self.request("GET", "/home/observer")
        self.csrf = CSRF_META.search(page.decode())[1]

    def close(self) -> None:
        self.connection.close()
