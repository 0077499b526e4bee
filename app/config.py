"""Settings from the environment; every setting is listed in README.md."""

import os
import secrets
from pathlib import Path


def _sqlite_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'tettpaa.sqlite'}"


def _secret_key(instance_path: str) -> str:
    """Use SECRET_KEY, else a random key kept in instance/ so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(instance_path: str) -> dict:
    """Build the config mapping from environment variables."""
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or _sqlite_url(instance_path),
        "LICENSED_CONTENT_DIR": os.environ.get("LICENSED_CONTENT_DIR") or None,
        "INSTRUMENTS_DIR": os.environ.get("INSTRUMENTS_DIR") or None,
        "SMALL_GROUP_MIN": int(os.environ.get("SMALL_GROUP_MIN", "5")),
        "REPORT_SHOWS_OBSERVER": os.environ.get("REPORT_SHOWS_OBSERVER", "0") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "nb",
        "LANGUAGES": ("nb", "nn", "en"),
        "WTF_CSRF_TIME_LIMIT": None,
    }
