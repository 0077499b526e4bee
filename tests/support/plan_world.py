"""A small programme to plan: two networks, four kindergartens, eight departments, observers."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Certification,
    Department,
    Kindergarten,
    Network,
    Pool,
    SemesterPlan,
    User,
    Visit,
)

from .factories import make_user

SEMESTER = "2027V"
FIRST_DAY, LAST_DAY = date(2027, 1, 15), date(2027, 6, 4)
CERTIFIED_ON = date(2026, 9, 1)  # valid through the whole spring 2027 window


@dataclass
class PlanWorld:
    lead: User
    kindergartens: list[Kindergarten]
    departments: list[Department]
    observers: list[User]
    extra: dict = field(default_factory=dict)


def make_plan_world(session: Session) -> PlanWorld:
    """Four kindergartens in two networks, a toddler and a pre-school department each, and two
    observers per kindergarten certified for both age groups all spring."""
    pool = Pool(number=1, first_semester="2020H")
    networks = [Network(name=f"Nettverk {n}", pool=pool) for n in ("Vest", "Øst")]
    kindergartens = [
        Kindergarten(name=f"{name} barnehage", pool=pool, network=networks[i // 2])
        for i, name in enumerate(("Hundsund", "Haslum", "Stabekk", "Bekkestua"))
    ]
    departments = [
        Department(kindergarten=kg, name=name, age_group=group, children_count=12, staff_count=4)
        for kg in kindergartens
        for name, group in (("Smørblomsten", "toddler"), ("Maurtua", "preschool"))
    ]
    session.add_all([pool, *networks, *kindergartens, *departments])
    session.flush()
    observers = []
    for i, kg in enumerate(kindergartens):
        for n in (1, 2):
            person = make_user(
                session,
                f"observer{i}{n}@example.no",
                "observer",
                name=f"Observer {kg.name} {n}",
                home_kindergarten=kg,
            )
            for family in ("toddler", "preschool"):
                session.add(
                    Certification(
                        user=person,
                        family=family,
                        certified_on=CERTIFIED_ON,
                        expires_on=date(2027, 8, 31),
                    )
                )
            observers.append(person)
    lead = make_user(session, "lead@example.no", "project_lead", name="Pia Prosjektleder")
    session.flush()
    return PlanWorld(lead, kindergartens, departments, observers)


def plan_row(session: Session, semester: str = SEMESTER) -> SemesterPlan:
    session.expire_all()
    return session.scalar(select(SemesterPlan).where(SemesterPlan.semester == semester))


def kept_visits(session: Session, plan: SemesterPlan) -> list[Visit]:
    session.expire_all()
    query = select(Visit).where(Visit.plan_id == plan.id, Visit.status != "cancelled")
    return list(session.scalars(query.order_by(Visit.id)))


def hard_rule_breaches(session: Session, plan: SemesterPlan) -> list[str]:
    """Every hard rule of DESIGN §4.9 a kept visit breaks (empty when the plan is sound)."""
    breaches, days = [], set()
    visits = kept_visits(session, plan)
    regular = {v.id: v for v in visits if v.kind == "regular"}
    for visit in visits:
        observer, department = visit.observer, visit.department
        name = f"visit {visit.id}"
        if not observer.active or "observer" not in {r.role for r in observer.role_rows}:
            breaches.append(f"{name}: not an active observer")
        if observer.home_kindergarten_id == department.kindergarten_id:
            breaches.append(f"{name}: own kindergarten")
        if not any(
            c.family == department.age_group and c.certified_on <= visit.planned_on < c.expires_on
            for c in observer.certifications
        ):
            breaches.append(f"{name}: no valid certification")
        if not plan.first_day <= visit.planned_on <= plan.last_day:
            breaches.append(f"{name}: outside the window")
        if visit.planned_on.weekday() >= 5:
            breaches.append(f"{name}: weekend")
        if (visit.observer_id, visit.planned_on) in days:
            breaches.append(f"{name}: a second visit that day")
        days.add((visit.observer_id, visit.planned_on))
        if visit.kind == "double_coding":
            partner = regular.get(visit.regular_visit_id)
            if partner is None or (partner.department_id, partner.planned_on) != (
                visit.department_id,
                visit.planned_on,
            ):
                breaches.append(f"{name}: double-coding apart from its regular visit")
    return breaches
