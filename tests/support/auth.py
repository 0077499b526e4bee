"""Signing in from tests through the real login form (CSRF included)."""

import re

from .factories import PASSWORD


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html)[1]


def login(client, email: str, password: str = PASSWORD):
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)}
    )
