"""Settings from the environment; every setting is listed in README.md."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from analysis.followup import Thresholds

from .form_input import MAX_BODY_BYTES


def _sqlite_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'tettpaa.sqlite'}"


class MissingSecretKey(RuntimeError):
    """Raised at start-up in production without SECRET_KEY."""


MISSING_SECRET_KEY = (
    "SECRET_KEY is not set. In production every app server must share one secret key: set "
    "SECRET_KEY to a long random value (e.g. `python3 -c 'import secrets; "
    "print(secrets.token_hex(32))'`). For development, set TETTPAA_DEV=1 or FLASK_DEBUG=1 to "
    "use a random key kept in the instance folder (`make run` does this)."
)


def _is_development(config: dict) -> bool:
    """Development or tests: FLASK_DEBUG=1, TESTING, DEBUG, or TETTPAA_DEV=1. Anything else is
    production, where a per-machine key would sign cookies that other app servers refuse."""
    return bool(
        config.get("TESTING")
        or config.get("DEBUG")
        or os.environ.get("TETTPAA_DEV", "0") == "1"
        or os.environ.get("FLASK_DEBUG", "0") == "1"
    )


def require_secret_key(app) -> None:
    """After the test overrides: refuse to start in production without SECRET_KEY."""
    if app.config.get("SECRET_KEY"):
        return
    if _is_development(app.config):
        app.config["SECRET_KEY"] = _instance_key(app.instance_path)
    elif os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        # A `flask --app wsgi …` command (db upgrade, demo load, exports: the public contract,
        # DESIGN §7) signs no cookie, so a key that lives and dies with this process will do;
        # `flask run` is the single-process development server, never one of several.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    else:
        raise MissingSecretKey(MISSING_SECRET_KEY)


def _instance_key(instance_path: str) -> str:
    """A random key kept in instance/ so that development sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _number(name: str, default, kind):
    """A positive number from the environment; a bad value stops the app with its name."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, not {raw!r}")
    return value


def load_config(instance_path: str) -> dict:
    """Build the config mapping from environment variables."""
    session_idle = _number("SESSION_IDLE_MINUTES", 30, float)
    session_max = _number("SESSION_MAX_HOURS", 12, float)
    config = {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,  # see require_secret_key
        "DATABASE_URL": os.environ.get("DATABASE_URL") or _sqlite_url(instance_path),
        "LICENSED_CONTENT_DIR": os.environ.get("LICENSED_CONTENT_DIR") or None,
        "INSTRUMENTS_DIR": os.environ.get("INSTRUMENTS_DIR") or None,
        "SMALL_GROUP_MIN": int(os.environ.get("SMALL_GROUP_MIN", "5")),
        # Follow-up flags (analysis/followup.py, DESIGN §5): each rule's threshold.
        "FOLLOW_UP_SUPPORT_BELOW": float(os.environ.get("FOLLOW_UP_SUPPORT_BELOW", "2.5")),
        "FOLLOW_UP_NEGATIVE_CLIMATE_FROM": float(
            os.environ.get("FOLLOW_UP_NEGATIVE_CLIMATE_FROM", "3.0")
        ),
        "FOLLOW_UP_DROP": float(os.environ.get("FOLLOW_UP_DROP", "1.0")),
        "FOLLOW_UP_BOTTOM_SHARE": float(os.environ.get("FOLLOW_UP_BOTTOM_SHARE", "0.10")),
        "REPORT_SHOWS_OBSERVER": os.environ.get("REPORT_SHOWS_OBSERVER", "0") == "1",
        # Bodies beyond this are refused with 413 before they are read (app/form_input.py);
        # the roster workbook's upload allows more.
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "nb",
        "LANGUAGES": ("nb", "nn", "en"),
        # Sessions end on logout, after SESSION_IDLE_MINUTES without a request and
        # SESSION_MAX_HOURS after sign-in (app/auth/sessions.py). The cookie itself lasts as
        # long as the longest session; a CSRF token never outlives it either, and a new one is
        # issued at every sign-in (the old session's token is dropped with the cookie).
        "SESSION_IDLE_MINUTES": session_idle,
        "SESSION_MAX_HOURS": session_max,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=session_max),
        "WTF_CSRF_TIME_LIMIT": int(session_max * 3600),
        # Failed sign-ins allowed in a sliding window, per account and per client address
        # (app/auth/limits.py); kept in the database so that every app server counts them.
        "LOGIN_LIMIT_ACCOUNT": _number("LOGIN_LIMIT_ACCOUNT", 10, int),
        "LOGIN_LIMIT_ADDRESS": _number("LOGIN_LIMIT_ADDRESS", 50, int),
        "LOGIN_LIMIT_MINUTES": _number("LOGIN_LIMIT_MINUTES", 15, float),
    }
    Thresholds.from_settings(config)  # a threshold out of range stops the start, not a page
    from .statements.settings import statement_settings

    config.update(statement_settings())  # privacy, accessibility and retention facts
    return config
