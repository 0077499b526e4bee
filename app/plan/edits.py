"""The project lead's edits of a plan: move, cancel or add a visit by hand, and publish.

Each edit checks the hard rules of DESIGN §4.9 before it changes anything and refuses with a
sentence per broken rule. The project lead may set a rule aside with a reason, which is stored
on the visit and in the audit trail, except "one visit a day": the database holds that one.
Only planned visits can be edited. Services raise and never commit; the view commits.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..changes import audited_update
from ..models import Certification, Department, Observation, User, Visit, utcnow
from ..models.audit import record
from ..permissions.roster import holding
from .assignment import PlanRefused


@dataclass(frozen=True)
class Broken:
    """One rule a change would break: its sentence, the form field, and whether it may be set
    aside with a reason."""

    message: str
    field: str  # "planned_on" or "observer"
    overridable: bool = True


class RulesBroken(PlanRefused):
    """Refused: the change breaks these rules."""

    def __init__(self, broken: list[Broken]) -> None:
        super().__init__(" ".join(item.message for item in broken))
        self.broken = broken

    @property
    def overridable(self) -> bool:
        return all(item.overridable for item in self.broken)


def broken_rules(
    session: Session, plan, department: Department, observer: User, day: date, *ignore: int
) -> list[Broken]:
    """The hard rules a visit of `observer` to `department` on `day` would break (the visits
    in `ignore` are the ones being moved, so they do not count as the observer's day taken)."""
    broken = []
    if not _is_active_observer(session, observer):
        broken.append(
            Broken(
                _("%(name)s is not an active observer.", name=observer.name),
                "observer",
                overridable=False,
            )
        )
    if not plan.first_day <= day <= plan.last_day:
        broken.append(
            Broken(
                _(
                    "The date is outside the plan's window (%(first)s–%(last)s).",
                    first=plan.first_day.isoformat(),
                    last=plan.last_day.isoformat(),
                ),
                "planned_on",
            )
        )
    if day.weekday() >= 5:
        broken.append(Broken(_("The date is a Saturday or a Sunday."), "planned_on"))
    if observer.home_kindergarten_id == department.kindergarten_id:
        broken.append(
            Broken(
                _("%(name)s works in the department's own kindergarten.", name=observer.name),
                "observer",
            )
        )
    if not _certified_on(session, observer, department.age_group, day):
        broken.append(
            Broken(
                _(
                    "%(name)s holds no certification for this age group valid on that date.",
                    name=observer.name,
                ),
                "observer",
            )
        )
    if _busy_on(session, observer, day, ignore):
        broken.append(
            Broken(
                _(
                    "%(name)s already has a visit on that date; an observer makes "
                    "at most one visit a day.",
                    name=observer.name,
                ),
                "observer",
                overridable=False,
            )
        )
    return broken


def _is_active_observer(session: Session, observer: User) -> bool:
    holds_role = select(User.id).where(User.id == observer.id, holding("observer"))
    return observer.active and session.scalar(select(exists(holds_role)))


def _certified_on(session: Session, observer: User, family: str, day: date) -> bool:
    valid = select(Certification).where(
        Certification.user_id == observer.id,
        Certification.family == family,
        Certification.certified_on <= day,
        Certification.expires_on > day,
    )
    return session.scalar(select(exists(valid)))


def _busy_on(session: Session, observer: User, day: date, ignore) -> bool:
    other = select(Visit).where(
        Visit.observer_id == observer.id,
        Visit.planned_on == day,
        Visit.status != "cancelled",
        Visit.id.not_in(ignore),
    )
    return session.scalar(select(exists(other)))


def _allowed(broken: list[Broken], override_reason: str | None) -> str | None:
    """Refuse broken rules unless every one may be set aside and a reason is given."""
    reason = (override_reason or "").strip() or None
    if broken and (reason is None or not all(item.overridable for item in broken)):
        raise RulesBroken(broken)
    return reason if broken else None


def _editable(visit: Visit) -> None:
    if visit.status != "planned":
        raise PlanRefused(_("Only a planned visit can be changed; this one has started."))


def _companions(session: Session, visit: Visit) -> list[Visit]:
    """The planned double-coding visits that go with a regular visit (same department and day)."""
    query = select(Visit).where(Visit.regular_visit_id == visit.id, Visit.status == "planned")
    return list(session.scalars(query))


def _set(session, user_id, visit: Visit, changes: dict, reason: str | None = None) -> None:
    audited_update(session, user_id, "visit", visit, changes, reason)


def move_visit(
    session: Session,
    user_id: int,
    visit: Visit,
    day: date,
    observer: User,
    override_reason: str | None = None,
) -> None:
    """Move a visit to another date and/or observer; its double-coding visit keeps its day."""
    _editable(visit)
    if visit.kind == "double_coding" and day != visit.planned_on:
        raise PlanRefused(
            _(
                "A double-coding visit is on its regular visit's day: move the "
                "regular visit instead."
            ),
            "planned_on",
        )
    companions = _companions(session, visit) if day != visit.planned_on else []
    broken = broken_rules(session, visit.plan, visit.department, observer, day, visit.id)
    for companion in companions:
        broken += broken_rules(
            session, visit.plan, visit.department, companion.observer, day, companion.id
        )
    reason = _allowed(broken, override_reason)
    changes = {"planned_on": day, "observer_id": observer.id}
    if reason:
        changes["override_reason"] = reason
    _set(session, user_id, visit, changes, reason)
    for companion in companions:
        _set(session, user_id, companion, {"planned_on": day}, reason)


def cancel_visit(session: Session, user_id: int, visit: Visit, reason: str) -> None:
    """Cancel a planned visit, and the double-coding visit that goes with it, with a reason."""
    _editable(visit)
    reason = (reason or "").strip()
    if not reason:
        raise PlanRefused(_("Write why the visit is cancelled."), "reason")
    for each in [visit, *_companions(session, visit)]:
        _set(session, user_id, each, {"status": "cancelled", "cancel_reason": reason}, reason)


def add_visit(
    session: Session,
    user_id: int,
    plan,
    department: Department,
    observer: User,
    day: date,
    regular_visit: Visit | None = None,
    override_reason: str | None = None,
) -> Visit:
    """Add a regular visit by hand, or a double-coding visit to an existing regular visit."""
    if regular_visit is not None:
        if regular_visit.status == "cancelled" or regular_visit.kind != "regular":
            raise PlanRefused(_("Double-coding goes with a regular visit that is not cancelled."))
        department, day = regular_visit.department, regular_visit.planned_on
    elif _has_regular(session, plan, department):
        raise PlanRefused(
            _(
                "%(department)s already has a regular visit or observation this semester.",
                department=department.name,
            ),
            "department",
        )
    reason = _allowed(broken_rules(session, plan, department, observer, day), override_reason)
    visit = Visit(
        plan_id=plan.id,
        department_id=department.id,
        observer_id=observer.id,
        kind="double_coding" if regular_visit else "regular",
        planned_on=day,
        regular_visit_id=regular_visit.id if regular_visit else None,
        status="planned",
        override_reason=reason,
    )
    session.add(visit)
    session.flush()
    for name in (
        "department_id",
        "observer_id",
        "kind",
        "planned_on",
        "regular_visit_id",
        "override_reason",
    ):
        if getattr(visit, name) is not None:
            record(
                session,
                user_id=user_id,
                action="create",
                entity="visit",
                entity_id=visit.id,
                field=name,
                new=getattr(visit, name),
                reason=reason,
            )
    return visit


def _has_regular(session: Session, plan, department: Department) -> bool:
    visit = select(Visit).where(
        Visit.plan_id == plan.id,
        Visit.department_id == department.id,
        Visit.kind == "regular",
        Visit.status != "cancelled",
    )
    observation = select(Observation).where(
        Observation.department_id == department.id,
        Observation.semester == plan.semester,
        Observation.kind == "regular",
    )
    return session.scalar(select(exists(visit))) or session.scalar(select(exists(observation)))


def publish(session: Session, user_id: int, plan) -> None:
    """Publish a draft plan: from now on observers and directors see its visits."""
    if plan.status == "published":
        raise PlanRefused(_("The plan is already published."))
    changes = {"status": "published", "published_at": utcnow()}
    audited_update(session, user_id, "semester_plan", plan, changes)
