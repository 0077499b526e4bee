"""The reminders due today for observers and the project lead: certifications and visits,
observers' drifting agreement (analysis.agreement's recalibration flag).

Each finder takes the day and the people to look for (None: everyone) and yields Items.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from analysis.agreement import agreement
from analysis.semesters import semester_index

from ..models import Certification, Observation, SemesterPlan, User, Visit
from ..permissions import holds_role
from .items import Item

EXPIRY_NOTICE = (60, 14)  # days before an expiry an observer is told
SOON = timedelta(days=2)  # a planned visit this near is announced
LAPSED_WITHIN = timedelta(days=365)  # older lapses are not news any more


def _unrenewed():
    """Certifications with no later one of the same family for the same person."""
    later = aliased(Certification)
    renewed = exists().where(
        and_(
            later.user_id == Certification.user_id,
            later.family == Certification.family,
            later.expires_on > Certification.expires_on,
        )
    )
    return (
        select(Certification)
        .join(User, User.id == Certification.user_id)
        .where(User.active, ~renewed)
    )


def _of(query, column, user_ids):
    return query if user_ids is None else query.where(column.in_(user_ids))


def certifications_expiring(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    query = _unrenewed().where(
        Certification.expires_on >= today,
        Certification.expires_on <= today + timedelta(days=EXPIRY_NOTICE[0]),
    )
    for cert in session.scalars(_of(query, Certification.user_id, user_ids)):
        near = cert.expires_on <= today + timedelta(days=EXPIRY_NOTICE[1])
        kind = f"certification_expiring_{EXPIRY_NOTICE[1] if near else EXPIRY_NOTICE[0]}"
        key = f"{cert.id}:{cert.expires_on}"
        yield Item(cert.user_id, kind, key, cert.family, cert.expires_on)  # family: see describe


def visits(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    """Published, still planned visits: soon, overdue, and double-coding given."""
    query = (
        select(Visit)
        .join(SemesterPlan)
        .where(SemesterPlan.status == "published", Visit.status == "planned")
        .order_by(Visit.planned_on, Visit.id)
    )
    for visit in session.scalars(_of(query, Visit.observer_id, user_ids)):
        department = visit.department
        what = f"{department.name}, {department.kindergarten.name}"
        at = (visit.observer_id, f"{visit.id}:{visit.planned_on}", what, visit.planned_on)
        if visit.planned_on < today:
            yield Item(at[0], "visit_overdue", *at[1:])
            continue
        if visit.planned_on <= today + SOON:
            yield Item(at[0], "visit_soon", *at[1:])
        if visit.kind == "double_coding":
            yield Item(at[0], "double_coding_assigned", *at[1:])


def _project_leads(session: Session, user_ids) -> list[int]:
    query = select(User.id).where(holds_role("project_lead"))
    return list(session.scalars(_of(query, User.id, user_ids)))


def certifications_lapsed(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    leads = _project_leads(session, user_ids)
    if not leads:
        return
    observer = select(User.id).where(holds_role("observer"))
    query = _unrenewed().where(
        Certification.expires_on < today,
        Certification.expires_on >= today - LAPSED_WITHIN,
        Certification.user_id.in_(observer),
    )
    for cert in session.scalars(query.order_by(Certification.expires_on)):
        for lead in leads:
            yield Item(lead, "certification_lapsed", str(cert.id), cert.user.name, cert.expires_on)


def agreement_drift(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    """Observers below the within-one bar (analysis.agreement's recalibration flag) in the
    latest semester with double-coding: the dashboard's agreement page of that semester."""
    leads = _project_leads(session, user_ids)
    if not leads:
        return
    coded = select(Observation.semester).where(Observation.kind == "double_coding").distinct()
    latest = max(session.scalars(coded), default=None, key=semester_index)
    if latest is None:
        return
    for row in agreement(session, by=("observer",), filters={"semester": latest}):
        if row.flagged:
            key = f"{row.group['observer']}:{latest}"
            for lead in leads:
                yield Item(lead, "agreement_drift", key, str(row.group.get("observer_name", "")))
