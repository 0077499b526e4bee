"""Who may do what: the one place that answers "may this user do X (to Y)?".

Views never test roles themselves; they call `may()` or use `@requires()`.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .models import User

Rule = Callable[[User, object], bool]


def _has_role(role: str) -> Rule:
    return lambda user, _target=None: user.has_role(role)


RULES: dict[str, Rule] = {
    "home.observer": _has_role("observer"),
    "home.pedagogical_leader": _has_role("pedagogical_leader"),
    "home.director": _has_role("director"),
    "home.mentor": _has_role("mentor"),
    "home.project_lead": _has_role("project_lead"),
    # --- observe & api (observations, scoring) ---
    # --- reports (feedback and reports) ---
    # --- dashboard (programme analysis) ---
}


def may(user: User, action: str, target: object = None) -> bool:
    """Answer whether `user` may perform `action` on `target`; unknown actions are refused."""
    if not getattr(user, "is_authenticated", False) or not user.active:
        return False
    rule = RULES.get(action)
    return bool(rule and rule(user, target))


def requires(action: str, *, status: int = 403) -> Callable:
    """Guard a view: signed in, and allowed to perform `action` (no target)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not may(current_user, action):
                abort(status)
            return view(*args, **kwargs)

        return guarded

    return decorator


ROLE_HOMES = ("project_lead", "mentor", "director", "observer", "pedagogical_leader")


def home_roles(user: User) -> list[str]:
    """Return the user's roles that have a home page, most overseeing first."""
    return [role for role in ROLE_HOMES if may(user, f"home.{role}")]
