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


def _observed_by(user: User, observation: object) -> bool:
    return getattr(observation, "observer_id", None) == user.id


# Reports: the observer and the project lead see a report at once; the department's readers
# (leader, director, mentor) only after release. Views answer 404 to everyone else.
REPORTABLE = ("submitted", "released")


def _is_report(observation) -> bool:
    return observation.kind == "regular" and observation.status in REPORTABLE


def _leads(user: User, department) -> bool:
    return user.has_role("pedagogical_leader") and any(
        own.id == department.id for own in user.departments
    )


def _directs(user: User, department) -> bool:
    return user.has_role("director") and user.home_kindergarten_id == department.kindergarten_id


def _mentors(user: User, department) -> bool:
    network = department.kindergarten.network
    return user.has_role("mentor") and network is not None and network.mentor_id == user.id


def _reads_department(user: User, department) -> bool:
    return _leads(user, department) or _directs(user, department) or _mentors(user, department)


def _writes_feedback(user: User, observation) -> bool:
    if not _is_report(observation):
        return False
    own = user.has_role("observer") and _observed_by(user, observation)
    return own or user.has_role("project_lead")


def _sees_report(user: User, observation) -> bool:
    if _writes_feedback(user, observation):
        return True
    released = _is_report(observation) and observation.status == "released"
    return released and _reads_department(user, observation.department)


def _acknowledges(user: User, observation) -> bool:
    released = _is_report(observation) and observation.status == "released"
    return released and _leads(user, observation.department)


def _sees_department(user: User, department) -> bool:
    return user.has_role("project_lead") or _reads_department(user, department)


RULES: dict[str, Rule] = {
    "home.observer": _has_role("observer"),
    "home.pedagogical_leader": _has_role("pedagogical_leader"),
    "home.director": _has_role("director"),
    "home.mentor": _has_role("mentor"),
    "home.project_lead": _has_role("project_lead"),
    # --- observe & api (observations, scoring) ---
    # Observations: the observer sees their own, the project lead sees all; anyone else gets 404.
    "observation.create": lambda user, _t=None: (
        user.has_role("observer") or user.has_role("project_lead")
    ),
    "observation.view": lambda user, obs: user.has_role("project_lead") or _observed_by(user, obs),
    "observation.edit": lambda user, obs: _observed_by(user, obs) and obs.status == "draft",
    "observation.reopen": _has_role("project_lead"),
    "observation.override_own_kindergarten": _has_role("project_lead"),
    "instrument.view": lambda user, _t=None: True,  # any signed-in user (may() checks that)
    # --- reports (feedback and reports) ---
    "reports.write_feedback": _writes_feedback,
    "reports.view": _sees_report,
    "reports.acknowledge": _acknowledges,
    "reports.department": _sees_department,
    # --- dashboard (programme analysis) ---
    # Programme pages: the project lead sees everything, a mentor their own networks (the
    # dashboard scopes the figures); a director compares their own kindergarten.
    "dashboard.view": lambda user, _t=None: any(
        user.has_role(role) for role in ("project_lead", "mentor", "director")
    ),
    "dashboard.programme": lambda user, _t=None: (
        user.has_role("project_lead") or user.has_role("mentor")
    ),
    "dashboard.agreement": _has_role("project_lead"),
    "dashboard.export": _has_role("project_lead"),
    "dashboard.kindergarten": _has_role("director"),
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
