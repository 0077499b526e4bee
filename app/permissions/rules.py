"""Who may do what: one rule per action, answered by `may(user, action, target)`.

A rule reads only what the signed-in user carries (its roles, its home kindergarten, the
departments it belongs to and the networks it mentors) and the target itself; it never queries.
A membership grants nothing alone: a user leads a department as a pedagogical leader of it.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .followup import FOLLOW_UP_RULES
from .guidance import GUIDANCE_RULES
from .roster import keeps_own_kindergarten, keeps_person
from .subject import Subject

Rule = Callable[[Subject, object], bool]

# Reports: the observer and the project lead see a report at once; the department's readers
# (leader, director, mentor) only after release. Views answer 404 to everyone else.
REPORTABLE = ("submitted", "released")


def _has_role(role: str) -> Rule:
    return lambda user, _target=None: role in user.roles


def _has_any_role(*roles: str) -> Rule:
    return lambda user, _target=None: not user.roles.isdisjoint(roles)


def _observed_by(user: Subject, observation: object) -> bool:
    return getattr(observation, "observer_id", None) == user.id


def _is_report(observation) -> bool:
    return observation.kind == "regular" and observation.status in REPORTABLE


def _is_released_report(observation) -> bool:
    return _is_report(observation) and observation.status == "released"


def leads(user: Subject, department) -> bool:
    """Whether the user is a pedagogical leader of this department."""
    return "pedagogical_leader" in user.roles and department.id in user.department_ids


def directs(user: Subject, department) -> bool:
    """Whether the user is the director of the department's kindergarten."""
    return "director" in user.roles and user.home_kindergarten_id == department.kindergarten_id


def mentors(user: Subject, department) -> bool:
    """Whether the user mentors the network of the department's kindergarten."""
    network_id = department.kindergarten.network_id
    return "mentor" in user.roles and network_id is not None and network_id in user.network_ids


def _belongs_as_staff(user: Subject, department) -> bool:
    return "staff" in user.roles and department.id in user.department_ids


def _reads_department(user: Subject, department) -> bool:
    readers = (leads, directs, mentors, _belongs_as_staff)
    return any(reads(user, department) for reads in readers)


def _writes_feedback(user: Subject, observation) -> bool:
    if not _is_report(observation):
        return False
    own = "observer" in user.roles and _observed_by(user, observation)
    return own or "project_lead" in user.roles


def _sees_report(user: Subject, observation) -> bool:
    if _writes_feedback(user, observation):
        return True
    return _is_released_report(observation) and _reads_department(user, observation.department)


def _acknowledges(user: Subject, observation) -> bool:
    return _is_released_report(observation) and leads(user, observation.department)


def _keeps_kindergarten(user: Subject, target: object = None) -> bool:
    """The project lead keeps every kindergarten, a director their own (target: a kindergarten,
    or a department or proposal of one)."""
    if "project_lead" in user.roles:
        return True
    if "director" not in user.roles:
        return False
    if target is None:
        return True
    kindergarten_id = getattr(target, "kindergarten_id", None) or getattr(target, "id", None)
    return kindergarten_id is not None and kindergarten_id == user.home_kindergarten_id


def _sees_department(user: Subject, department) -> bool:
    return "project_lead" in user.roles or _reads_department(user, department)


def _sees_observation(user: Subject, observation) -> bool:
    return "project_lead" in user.roles or _observed_by(user, observation)


def _edits_observation(user: Subject, observation) -> bool:
    return _observed_by(user, observation) and observation.status == "draft"


def _reads_plans(user: Subject, plan=None) -> bool:
    """The project lead reads every plan, drafts too; observers and directors a published one."""
    if "project_lead" in user.roles:
        return True
    if user.roles.isdisjoint(("observer", "director")):
        return False
    return plan is None or plan.status == "published"


def _sees_visit(user: Subject, visit) -> bool:
    """The project lead sees every visit; in a published plan, the observer their own visits
    and the director their kindergarten's."""
    if "project_lead" in user.roles:
        return True
    if visit.plan.status != "published":
        return False
    own = "observer" in user.roles and visit.observer_id == user.id
    return own or directs(user, visit.department)


def _starts_visit(user: Subject, visit) -> bool:
    """An observer starts their own planned visit of a published plan."""
    own = "observer" in user.roles and visit.observer_id == user.id
    return own and visit.status == "planned" and visit.plan.status == "published"


HOME_ROLES = ("project_lead", "mentor", "director", "observer", "pedagogical_leader", "staff")

RULES: dict[str, Rule] = {
    **{f"home.{role}": _has_role(role) for role in HOME_ROLES},
    # --- observe & api (observations, scoring) ---
    # Observations: the observer sees their own, the project lead sees all; anyone else gets 404.
    "observation.create": _has_any_role("observer", "project_lead"),
    "observation.view": _sees_observation,
    "observation.edit": _edits_observation,
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
    "dashboard.view": _has_any_role("project_lead", "mentor", "director"),
    "dashboard.programme": _has_any_role("project_lead", "mentor"),
    "dashboard.agreement": _has_role("project_lead"),
    "dashboard.export": _has_role("project_lead"),
    # One kindergarten's page: a director their own, a mentor any in their networks, the
    # project lead any (scope.kindergarten_viewer decides which); the drill-down lists of
    # departments behind a figure are narrowed the same way (scope.list_filters).
    "dashboard.kindergarten": _has_any_role("project_lead", "mentor", "director"),
    "dashboard.departments": _has_any_role("project_lead", "mentor", "director"),
    # --- admin (the roster kept in the app) ---
    # The project lead keeps the whole programme; a director keeps their own kindergarten.
    "admin.view": _has_any_role("project_lead", "director"),
    "admin.roster": _has_role("project_lead"),
    # People: the project lead keeps everyone, a director their own kindergarten's leaders and
    # staff (app/permissions/roster.py).
    "admin.people": lambda user, person=None: keeps_person(user, person),
    "admin.audit": _has_role("project_lead"),  # an observation's audit trail, and Reopen
    "admin.password_link": _has_role("project_lead"),  # send a person a set-password link
    # A director keeps their own kindergarten's departments (counts, proposals to add or
    # deactivate one, which the project lead decides); the project lead keeps them all.
    "admin.kindergarten": _keeps_kindergarten,
    # A director without a home kindergarten has nothing to keep: refused (403, "ask the
    # project lead") rather than sent to a page that does not exist.
    "admin.own_kindergarten": lambda user, _t=None: keeps_own_kindergarten(user),
    # --- visits (what observers and directors see of a plan; the plan API) ---
    # An observer sees and starts their own visits of a published plan and keeps a private
    # calendar link to them; a director sees their own kindergarten's visits.
    "visits.own": _has_role("observer"),
    "visits.kindergarten": lambda user, _t=None: (
        "director" in user.roles and user.home_kindergarten_id is not None
    ),
    "visits.plan": _reads_plans,  # GET /api/v1/plans/<semester>; others get 403
    "visits.view": _sees_visit,  # rows of Visit: restrict(…, "visits.view") in queries.py
    "visits.start": _starts_visit,
    # --- plan (the project lead's semester plans) ---
    # The project lead opens, assigns, edits and publishes plans, and reads the coverage board;
    # only they may set a planning rule aside, with a reason that is audited.
    "plan.view": _has_role("project_lead"),
    "plan.edit": _has_role("project_lead"),
    "plan.override": _has_role("project_lead"),
    # --- guidance (the monthly dimension plan, narratives, meetings): permissions/guidance.py
    **GUIDANCE_RULES,
    # --- followup (the flagged list and follow-up cases): permissions/followup.py
    **FOLLOW_UP_RULES,
}


def may(user: Subject, action: str, target: object = None) -> bool:
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

        guarded.permission = action  # type: ignore[attr-defined]  # read by the matrix test
        return guarded

    return decorator


def home_roles(user: Subject) -> list[str]:
    """Return the user's roles that have a home page, most overseeing first."""
    return [role for role in HOME_ROLES if may(user, f"home.{role}")]
